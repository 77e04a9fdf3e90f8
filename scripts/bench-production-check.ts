// Times the command users run, `npm run production-check -- --stack <stack>`, beside the floor of merely loading
// @pulumi/pulumi, alternating fresh processes, and prints median, min and max of each and the ratio; then, in a copy
// of the project, the first run after a real edit (a new build), after an edit to a dynamic provider's module (its
// text serialized afresh), after an edit to the stack's config that Django's check sees (a config var: its early run
// cannot be used), and from scratch (no .build at all), each run after a floor run of its own.
// Usage: npm run bench [-- --runs 5 --stack production]
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parse, parseDocument } from "yaml";

// npm runs scripts from the project root.
const root = process.cwd();
const rss = join(root, "scripts", "bench-rss.cjs");

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

// What the launcher sets for the script it runs (this one among them): each timed run is a launch of its own, in
// its own copy, and must set them for itself. Inherited, the copy's runs would keep their Django input and parsed
// YAML in this checkout's .build/, and leave its Django input pointing at a copy that is then deleted.
const LAUNCHER_ENV = ["HEROKU_PRODUCTION_BUILD", "HEROKU_PRODUCTION_PROVIDER_CACHE", "HEROKU_PRODUCTION_DJANGO_MEMORY", "HEROKU_PRODUCTION_YAML_CACHE"];

/** The environment of a timed run: this one's, without what the launcher set for this script, measuring memory. */
export function timedRunEnv(env: NodeJS.ProcessEnv, rssHook: string): NodeJS.ProcessEnv {
  const out = Object.fromEntries(Object.entries(env).filter(([k]) => !LAUNCHER_ENV.includes(k)));
  return { ...out, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --require ${rssHook}`.trim() };
}

function time(command: string, args: string[], cwd = root): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: timedRunEnv(process.env, rss) });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const kb = Math.max(...[...r.stderr.matchAll(/BENCH_MAX_RSS_KB=(\d+)/g)].map((m) => Number(m[1])));
  return { ms, maxRssMb: kb / 1024, stdout: r.stdout };
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

/**
 * A copy of the project to edit, beside this one: sources and stack files copied, node_modules linked, and the
 * caches in .build (serialized providers, V8's code cache) copied; the caller runs the check there once, so that
 * it starts as a checkout where the check has run before.
 */
function scratchCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "bench-")), "project");
  const skip = new Set([".build", ".git"]);
  const copied = (src: string) => basename(src) !== "node_modules" && !(dirname(src) === root && skip.has(basename(src)));
  cpSync(root, dir, { recursive: true, filter: copied });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  for (const cache of ["providers", "compile-cache"]) {
    if (existsSync(join(root, ".build", cache))) cpSync(join(root, ".build", cache), join(dir, ".build", cache), { recursive: true });
  }
  return dir;
}

/**
 * The stack file's text with the config var BENCH_EDIT set to `n` in `<project>:configVars` (the map made if the
 * stack has none; its other vars, keys and comments kept): an edit a team makes, which changes what Django's check
 * is given.
 */
export function withBenchVar(stackText: string, project: string, n: number): string {
  const doc = parseDocument(stackText);
  doc.setIn(["config", `${project}:configVars`, "BENCH_EDIT"], String(n));
  return doc.toString();
}

/** What the report's Django row says: the figures depend on whether Python ran it. */
function djangoRow(json: string): string {
  try {
    const report = JSON.parse(json) as { rows: { section: string; status: string; value: string; reason?: string }[] };
    const row = report.rows.find((r) => r.section === "Django's own check");
    return row ? `${row.status}, ${row.reason ?? row.value}` : "no row";
  } catch {
    return "no report";
  }
}

function main() {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, stack: { type: "string", default: "production" } },
  });
  const runs = Math.max(5, Number(values.runs));
  const check = ["run", "--silent", "production-check", "--", "--stack", values.stack!, "--format", "json"];
  const floorSample = () => time(process.execPath, ["-e", 'require("@pulumi/pulumi")']);
  // Each run is paired with a floor run just before it, and a ratio is the median of the pairs' ratios: this
  // machine's speed drifts by a tenth or more within a minute, which a ratio of two medians would take for the
  // check's own.
  const phase = (run: (i: number) => Sample) => {
    const pairs: { floor: Sample; run: Sample }[] = [];
    for (let i = 0; i < runs; i++) pairs.push({ floor: floorSample(), run: run(i) });
    return pairs;
  };
  // Builds and caches, so that the alternating runs below are all warm.
  const first = time("npm", check);
  const warm = phase(() => time("npm", check));
  // Real edits, in a copy: each appends an export to a source (a comment would not change esbuild's output).
  const scratch = scratchCopy();
  time("npm", check, scratch);
  const edited = (file: string, n: number) => appendFileSync(join(scratch, file), `\nexport const benchEdit${n} = ${n};\n`);
  const afterEdit = phase((i) => (edited(join("lib", "catalog.ts"), i), time("npm", check, scratch)));
  const afterProviderEdit = phase((i) => (edited(join("components", "acm.ts"), i), time("npm", check, scratch)));
  const stackFile = join(scratch, `Pulumi.${values.stack}.yaml`);
  const project = (parse(readFileSync(join(scratch, "Pulumi.yaml"), "utf8")) as { name: string }).name;
  const configEdited = (n: number) => writeFileSync(stackFile, withBenchVar(readFileSync(stackFile, "utf8"), project, n));
  const afterConfigEdit = phase((i) => (configEdited(i), time("npm", check, scratch)));
  const fromScratch = phase(() => (rmSync(join(scratch, ".build"), { recursive: true, force: true }), time("npm", check, scratch)));
  rmSync(dirname(scratch), { recursive: true, force: true });

  const phases = [warm, afterEdit, afterProviderEdit, afterConfigEdit, fromScratch];
  const ratio = (pairs: { floor: Sample; run: Sample }[]) => {
    const r = pairs.map((p) => p.run.ms / p.floor.ms).sort((x, y) => x - y);
    return `${r[Math.floor(r.length / 2)].toFixed(2)}x (${r[0].toFixed(2)} to ${r[r.length - 1].toFixed(2)})`;
  };
  console.log(`Offline production check, stack "${values.stack}", ${runs} runs each, each after a floor run, fresh processes (${process.version})`);
  console.log(`Django's own check in these runs: ${djangoRow(first.stdout)}`);
  console.log(summary('floor: node -e \'require("@pulumi/pulumi")\'', phases.flatMap((p) => p.map((x) => x.floor))));
  console.log(summary(`npm run production-check -- --stack ${values.stack}`, warm.map((p) => p.run)));
  console.log(summary("  first run after an edit (lib/catalog.ts)", afterEdit.map((p) => p.run)));
  console.log(summary("  first run after an edit to a provider (acm.ts)", afterProviderEdit.map((p) => p.run)));
  console.log(summary("  first run after a config edit (a config var)", afterConfigEdit.map((p) => p.run)));
  console.log(summary("  from scratch (no .build: no build, no caches)", fromScratch.map((p) => p.run)));
  console.log("ratio to the floor run before it, median (min to max):");
  console.log(`  warm ${ratio(warm)}; after an edit ${ratio(afterEdit)}; after a provider edit ${ratio(afterProviderEdit)}; ` +
      `after a config edit ${ratio(afterConfigEdit)}; from scratch ${ratio(fromScratch)}`);
}

// Run by the launcher (which sets argv[1] to this file), not when a test imports it.
if (process.argv[1] === __filename) main();
