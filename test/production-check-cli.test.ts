import { execFile } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { configFingerprint } from "../check/django-early";
import { productionCheck, type CheckReport } from "../check/production-check";
import { fakePython, load, PYTHON, stackCopy } from "./support/check";
import { REPO, SHOP } from "./support/program";

const run = promisify(execFile);

describe("npm run production-check", () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    // The command users run: the launcher, from prebuilt JavaScript.
    run(process.execPath, ["scripts/launch.cjs", "production-check", ...args], { cwd: REPO, env }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("exits 0 with a JSON report that holds the declared environment, secrets masked, and Django's own verdict", async () => {
    // Django's check runs on the interpreter the command starts looking for before the SDK loads.
    const dir = stackCopy({});
    const r = await cli(["--dir", dir, "--format", "json", ...(PYTHON ? ["--python", PYTHON] : [])]);
    expect(r.code).toBe(0);
    // By default the launcher keeps the parsed files in .build/yaml.
    const keptDir = join(REPO, ".build", "yaml");
    const kept = readdirSync(keptDir).map((f) => readFileSync(join(keptDir, f), "utf8"));
    expect(kept).toContain(JSON.stringify(parse(readFileSync(join(dir, "Pulumi.production.yaml"), "utf8"))));
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.passed).toBe(true);
    const django = report.rows.filter((row) => row.section === "Django's own check");
    expect(django.map((row) => [row.item, row.status])).toEqual([["manage.py check --deploy", PYTHON ? "passed" : "skipped"]]);
    if (PYTHON) {
      expect(django[0].value).toMatch(/^no issues \(.+, Django \d+\.\d+/);
      expect(django[0].value).toContain(`(${PYTHON}, Django `);
    }
    expect(report.cost.totalUsdPerMonth).toBe(315);
    expect(report.environment).toMatchObject({
      DJANGO_SETTINGS_MODULE: "shop.settings.production",
      DJANGO_SECRET_KEY: "[secret, 64 characters]",
      DATABASE_URL: "[set by heroku-postgresql]",
      REDIS_URL: "[set by heroku-redis]",
      SENTRY_ENVIRONMENT: "production",
      ERROR_PAGE_URL: "https://static.example.com/heroku/error.html",
    });
  }, 60_000);

  /**
   * A stack whose last check (run in-process; the command's own run writes the same file) is kept, then changed to
   * hold an input the program no longer declares.
   */
  const withStaleMemory = async () => {
    const python = fakePython();
    const memoryDir = mkdtempSync(join(tmpdir(), "django-memory-"));
    const env = { ...process.env, HEROKU_PRODUCTION_DJANGO_MEMORY: memoryDir };
    const dir = stackCopy({});
    const memory = join(memoryDir, "production.json");
    await productionCheck("production", dir, load, { python: python.script, djangoMemory: memory });
    const kept = JSON.parse(readFileSync(memory, "utf8")) as { dir: string; config: string; input: Record<string, string> };
    writeFileSync(memory, JSON.stringify({ ...kept, input: { ...kept.input, LATE_FLAG: "remembered" } }));
    const checkNow = async () => {
      const r = await cli(["--dir", dir, "--format", "json", "--python", python.script], env);
      return (JSON.parse(r.stdout) as CheckReport).rows.find((row) => row.section === "Django's own check")!.message;
    };
    return { python, dir, memory, kept, checkNow };
  };

  it("starts Django's check at once on the input the stack's last check gave it, and trusts only what matches", async () => {
    const { python, dir, memory, kept, checkNow } = await withStaleMemory();
    expect(kept.dir).toBe(dir);
    // The command starts Django's check on the remembered input, then runs it again on what the program declares.
    expect(await checkNow()).toBe("LATE_FLAG=unset via fake");
    expect(python.runs().map((x) => x.flag)).toEqual(["unset", "remembered", "unset"]);
    expect(JSON.parse(readFileSync(memory, "utf8"))).toEqual(kept);
  }, 60_000);

  it("starts no run on the last check's input once the stack's config has changed, and keeps the new config's hash", async () => {
    const { python, dir, memory, kept, checkNow } = await withStaleMemory();
    expect(kept.config).toBe(configFingerprint(dir, "production"));
    appendFileSync(join(dir, "Pulumi.production.yaml"), "# web dynos resized\n");
    expect(await checkNow()).toBe("LATE_FLAG=unset via fake");
    // The fake exits at once when started to wait for an input, so the check ran Django's check cold, once.
    expect(python.runs().map((x) => x.flag)).toEqual(["unset", "unset"]);
    expect(configFingerprint(dir, "production")).not.toBe(kept.config);
    expect(JSON.parse(readFileSync(memory, "utf8"))).toEqual({ ...kept, config: configFingerprint(dir, "production") });
  }, 60_000);

  it("keeps the parsed Pulumi.yaml and stack file for the next run, and reads them from there", async () => {
    const cache = mkdtempSync(join(tmpdir(), "yaml-kept-"));
    const env = { ...process.env, HEROKU_PRODUCTION_YAML_CACHE: cache };
    const dir = stackCopy({});
    const first = await cli(["--dir", dir, "--skip-django"], env);
    expect(first.code).toBe(0);
    const kept = new Map(readdirSync(cache).map((f) => [f, JSON.parse(readFileSync(join(cache, f), "utf8")) as unknown]));
    const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as unknown;
    const stack = parse(readFileSync(join(dir, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, unknown> };
    expect([...kept.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [project, stack].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    // The next run takes the stack's config from the kept copy: changed there, it is what the check judges.
    const [stackEntry] = [...kept].find(([, v]) => JSON.stringify(v) === JSON.stringify(stack))!;
    writeFileSync(join(cache, stackEntry), JSON.stringify({ config: { ...stack.config, "heroku-production:appName": "Bad_Name" } }));
    const second = await cli(["--dir", dir, "--skip-django"], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('`heroku-production:appName` is "Bad_Name"');
  }, 60_000);

  it("exits 1 and names the failing item", async () => {
    const r = await cli(["--dir", stackCopy({ processes: { web: { quantity: 1 } } }), "--skip-django"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Failed\s+Dyno redundancy/);
    expect(r.stdout).toContain("Result: failed, mandatory items failed: Dyno redundancy, Config pulumi up accepts.");
  }, 60_000);

  it("exits 2 with the config's own message on malformed config", async () => {
    const r = await cli(["--dir", stackCopy({ appName: "Bad_Name" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '`heroku-production:appName` is "Bad_Name"; allowed: 3 to 30 characters of lowercase letters, digits and dashes, starting with a letter. Fix: pulumi config set appName <your-app-name>',
    );
    expect(r.stdout).toBe("");
  }, 60_000);

  it("exits 2 on an unknown format or flag, in one line without a stack trace; --help exits 0", async () => {
    const format = await cli(["--format", "html"]);
    expect([format.code, format.stderr.trim()]).toEqual([2, '--format is "html"; allowed: text, markdown or json.']);
    const flag = await cli(["--stak", "production"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim().split("\n")).toHaveLength(1);
    expect(flag.stderr).toMatch(/^Unknown option '--stak'.*See --help\.$/m);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 no mandatory item failed; 1 a mandatory item failed; 2 a config or usage error.");
  }, 60_000);

  it("prints the declared environment with --print-env, never a secret", async () => {
    const r = await cli(["--dir", stackCopy({}), "--print-env", "--skip-django"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toContain("DJANGO_DEBUG=False");
    expect(lines).toContain("DJANGO_SECRET_KEY=[secret, 64 characters]");
    expect(lines.every((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))).toBe(true);
    expect(r.stdout).not.toMatch(/ingest\.sentry\.io|offline-password/);
  }, 60_000);
});


describe("npm run dry-run", () => {
  // Run where the stack files are, as npm would; both stacks pointed at the fixture app.
  const dryRun = (stack: string) => {
    const dir = stackCopy({}, "production");
    const doc = parse(readFileSync(join(REPO, "Pulumi.staging.yaml"), "utf8")) as { config: Record<string, unknown> };
    doc.config["heroku-production:appPath"] = SHOP;
    doc.config["heroku-production:addons"] = ["heroku-redis:premium-0"];
    writeFileSync(join(dir, "Pulumi.staging.yaml"), stringify(doc));
    return run(process.execPath, [join(REPO, "scripts", "launch.cjs"), "dry-run", "--stack", stack], { cwd: dir }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  };

  it("lists each stack's resources and outputs, leaving out an output the stack does not set", async () => {
    const staging = await dryRun("staging");
    expect([staging.code, staging.stderr]).toEqual([0, ""]);
    expect(staging.stdout).toMatch(/^Stack "staging" declares \d+ resources \(offline dry run, nothing was deployed\):$/m);
    expect(staging.stdout).toContain("  heroku:formation/formation:Formation  site-dynos-web\n      appId: (known after deploy)\n      quantity: 1\n      size: basic");
    expect(staging.stdout).toContain('  appName: "acme-web-staging"\n');
    // Without a pipeline the program exports pipelineId as undefined, which Pulumi leaves out.
    expect(staging.stdout).not.toContain("pipelineId");
    const production = await dryRun("production");
    expect([production.code, production.stderr]).toEqual([0, ""]);
    expect(production.stdout).toMatch(/^ {2}pipelineId: "\(known after deploy\)"$/m);
  }, 60_000);
});
