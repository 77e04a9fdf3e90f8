// Times the offline production check beside merely loading @pulumi/pulumi, each in fresh processes, and prints the
// figures. Usage: npm run bench [-- --runs 5 --stack production]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";

const root = join(__dirname, "..");
const rss = join(root, "scripts", "bench-rss.cjs");

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
}

function time(args: string[]): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", rss, ...args], { cwd: root, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const kb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, maxRssMb: kb / 1024 };
}

function summary(label: string, samples: Sample[]): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const mem = Math.max(...samples.map((s) => s.maxRssMb));
  return `${label.padEnd(44)} median ${median.toFixed(0).padStart(6)} ms   min ${ms[0].toFixed(0).padStart(6)} ms   peak RSS ${mem.toFixed(0).padStart(4)} MB`;
}

function main() {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, stack: { type: "string", default: "production" } } });
  const runs = Number(values.runs);
  const load: Sample[] = [];
  const check: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    load.push(time(["-e", 'require("@pulumi/pulumi")']));
    check.push(time(["--import", "tsx", "scripts/production-check.ts", "--stack", values.stack!, "--format", "json"]));
  }
  const median = (xs: Sample[]) => xs.map((s) => s.ms).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`Offline production check, stack "${values.stack}", ${runs} runs each, fresh node processes (${process.version})`);
  console.log(summary('node -e \'require("@pulumi/pulumi")\'', load));
  console.log(summary(`production-check --stack ${values.stack}`, check));
  console.log(`check / load ratio: ${(median(check) / median(load)).toFixed(1)}x`);
}

main();
