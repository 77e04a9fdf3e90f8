// Helpers the production-check suites share: a stack dir pointed at the fixture app, and the check run on it.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { productionCheck, type CheckReport } from "../../check/production-check";
import { loadProgram, REPO, SHOP } from "./program";

export const PRODUCTION_LEVELS = join(REPO, "policy", "config", "production.json");

/** An interpreter that imports Django (Debian's python3-django in CI), for Django's own check. */
export const PYTHON = [process.env.PYTHON, "/usr/bin/python3", "python3"].find(
  (p) => p && spawnSync(p, ["-c", "import django"], { stdio: "ignore" }).status === 0,
);
if (!PYTHON) console.warn("Skipping Django's own check in the production-check tests: no Python here imports Django (apt-get install python3-django).");

/**
 * A directory holding Pulumi.yaml and a copy of Pulumi.production.yaml pointed at the test fixture app, with some
 * keys changed (null removes). `stack` names the file.
 */
export function stackCopy(changes: Record<string, unknown>, stack = "production", appDir = SHOP): string {
  const dir = mkdtempSync(join(tmpdir(), "prodcheck-"));
  copyFileSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  const doc = parse(readFileSync(join(REPO, "Pulumi.production.yaml"), "utf8"));
  doc.config["heroku-production:appPath"] = appDir;
  // The fixture's settings read REDIS_URL (its worker's broker), so its stack declares Redis.
  doc.config["heroku-production:addons"] = ["heroku-redis:premium-0"];
  for (const [k, v] of Object.entries(changes)) {
    const key = k.includes(":") ? k : `heroku-production:${k}`;
    if (v === null) delete doc.config[key];
    else doc.config[key] = v;
  }
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), stringify(doc));
  return dir;
}

/** A copy of the fixture app with some files replaced. */
export function appCopy(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "shop-"));
  cpSync(SHOP, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export const load = loadProgram;

export const check = (dir: string, options: Parameters<typeof productionCheck>[3] = {}, stack = "production") =>
  productionCheck(stack, dir, load, { python: PYTHON ?? "/nonexistent/python", now: new Date("2026-12-02T12:00:00Z"), ...(options as object) });

export const itemsWith = (report: CheckReport, status: string) => [
  ...new Set(report.rows.filter((r) => r.status === status).map((r) => r.item)),
];

/**
 * An interpreter that answers the probe as Django 5.2.18 would and, as `manage.py check`, logs when it started and
 * the LATE_FLAG var it got, then reports one message naming that var and `tag`.
 */
export function fakePython(tag = "fake") {
  const dir = mkdtempSync(join(tmpdir(), "fake-python-"));
  const script = join(dir, "python");
  const log = join(dir, "runs");
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      'if [ "$1" = "-c" ]; then echo 5.2.18; exit 0; fi',
      // Shell builtins only, so that a run stopped at once has still logged; the marker's mtime is when it started.
      `: > ${dir}/started-$$; echo "$$ \${LATE_FLAG:-unset}" >> ${log}`,
      `echo "?: (fake.W001) LATE_FLAG=\${LATE_FLAG:-unset} via ${tag}"`,
      "exit 1",
    ].join("\n"),
  );
  chmodSync(script, 0o755);
  const runs = () =>
    existsSync(log)
      ? readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((line) => ({ at: statSync(join(dir, `started-${line.split(" ")[0]}`)).mtimeMs, flag: line.split(" ")[1] }))
      : [];
  return { script, runs };
}
