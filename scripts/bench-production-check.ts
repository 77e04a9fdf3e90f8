// Times the command users run, `npm run production-check -- --stack <stack>`, beside the floor of merely loading
// @pulumi/pulumi, alternating fresh processes, and prints median, min and max of each and the ratio; then the first
// run after an edit (no build, no cached provider). Usage: npm run bench [-- --runs 5 --stack production]
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

// npm runs scripts from the project root.
const root = process.cwd();
const rss = join(root, "scripts", "bench-rss.cjs");

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
}

function time(command: string, args: string[]): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${rss}`.trim() },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const kb = Math.max(...[...r.stderr.matchAll(/BENCH_MAX_RSS_KB=(\d+)/g)].map((m) => Number(m[1])));
  return { ms, maxRssMb: kb / 1024 };
}

const sorted = (xs: Sample[]) => xs.map((s) => s.ms).sort((a, b) => a - b);
const median = (xs: Sample[]) => sorted(xs)[Math.floor(xs.length / 2)];

function summary(label: string, samples: Sample[]): string {
  const ms = sorted(samples);
  const mem = Math.max(...samples.map((s) => s.maxRssMb));
  return (
    `${label.padEnd(52)} median ${median(samples).toFixed(0).padStart(5)} ms   min ${ms[0].toFixed(0).padStart(5)}   ` +
    `max ${ms[ms.length - 1].toFixed(0).padStart(5)}   peak RSS ${mem.toFixed(0).padStart(4)} MB`
  );
}

function main() {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, stack: { type: "string", default: "production" } },
  });
  const runs = Math.max(5, Number(values.runs));
  const check = ["run", "--silent", "production-check", "--", "--stack", values.stack!, "--format", "json"];
  const floor: Sample[] = [];
  const warm: Sample[] = [];
  time("npm", check); // builds and caches, so that the alternating runs below are all warm
  for (let i = 0; i < runs; i++) {
    floor.push(time(process.execPath, ["-e", 'require("@pulumi/pulumi")']));
    warm.push(time("npm", check));
  }
  const cold: Sample[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    rmSync(join(root, ".build"), { recursive: true, force: true });
    cold.push(time("npm", check));
  }
  console.log(`Offline production check, stack "${values.stack}", ${runs} alternating runs, fresh processes (${process.version})`);
  console.log(summary('floor: node -e \'require("@pulumi/pulumi")\'', floor));
  console.log(summary(`npm run production-check -- --stack ${values.stack}`, warm));
  console.log(summary("  the same, first run after an edit (no build)", cold));
  console.log(`ratio to the floor: ${(median(warm) / median(floor)).toFixed(2)}x; first run after an edit ${(median(cold) / median(floor)).toFixed(2)}x`);
}

main();
