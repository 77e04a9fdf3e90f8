import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { formatEnv, formatMarkdown, formatText, productionCheck, type CheckReport } from "../check/production-check";
import { djangoVersion, pythonVersions } from "../check/versions";
import { REPO, SHOP } from "./support/program";

const run = promisify(execFile);
const PRODUCTION_LEVELS = join(REPO, "policy", "config", "production.json");

/** An interpreter that imports Django (Debian's python3-django in CI), for Django's own check. */
const PYTHON = [process.env.PYTHON, "/usr/bin/python3", "python3"].find(
  (p) => p && spawnSync(p, ["-c", "import django"], { stdio: "ignore" }).status === 0,
);
if (!PYTHON) console.warn("Skipping Django's own check in the production-check tests: no Python here imports Django (apt-get install python3-django).");

/**
 * A directory holding Pulumi.yaml and a copy of Pulumi.production.yaml pointed at the test fixture app, with some
 * keys changed (null removes). `stack` names the file.
 */
function stackCopy(changes: Record<string, unknown>, stack = "production", appDir = SHOP): string {
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
function appCopy(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "shop-"));
  cpSync(SHOP, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const load = () => {
  vi.resetModules();
  return import("../index.js");
};

const check = (dir: string, options: Parameters<typeof productionCheck>[3] = {}, stack = "production") =>
  productionCheck(stack, dir, load, { python: PYTHON ?? "/nonexistent/python", now: new Date("2026-12-02T12:00:00Z"), ...(options as object) });

const itemsWith = (report: CheckReport, status: string) => [
  ...new Set(report.rows.filter((r) => r.status === status).map((r) => r.item)),
];

describe("the production check on the production stack, pointed at a team's app", () => {
  it("passes every item at mandatory level and prices the month", async () => {
    const report = await check(stackCopy({}));
    expect(report.levels).toBe("policy/config/production.json");
    expect(itemsWith(report, "failed")).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.mandatoryFailures).toEqual([]);
    expect(report.configProblems).toEqual([]);
    expect(new Set(report.rows.map((r) => r.enforcement))).toEqual(new Set(["mandatory"]));
    expect(report.cost).toEqual({
      lines: [
        { item: "web dynos (standard-2x)", quantity: 2, unitUsdPerMonth: 50, usdPerMonth: 100 },
        { item: "heroku-postgresql:premium-0", quantity: 1, unitUsdPerMonth: 200, usdPerMonth: 200 },
        { item: "heroku-redis:premium-0", quantity: 1, unitUsdPerMonth: 15, usdPerMonth: 15 },
      ],
      totalUsdPerMonth: 315,
      unpriced: [],
    });
    const text = formatText(report);
    expect(text).toContain("Result: passed, no mandatory item failed.");
    expect(text).toMatch(/web dynos \(standard-2x\)\s+2 x\s+\$50\s+\$100/);
    const md = formatMarkdown(report);
    expect(md.split("\n")[0]).toBe("## Production check: `production` passed");
    expect(md).toContain("| **Total** | | | **$315** |");
  });

  it("never shows a value made up offline as real: DNS targets and digests are known after deploy", async () => {
    const report = await check(stackCopy({}));
    const digests = report.rows.filter((r) => r.item === "Images released by digest").map((r) => r.value);
    expect(digests).toEqual(["release: (known after deploy)", "web: (known after deploy)"]);
    const hosts = report.rows.find((r) => r.item === "Allowed hosts")!.value;
    expect(hosts).toBe("DJANGO_ALLOWED_HOSTS=www.example.com,example.com,(known after deploy)");
    const shown = JSON.stringify([report.rows.map((r) => r.value), report.environment]);
    expect(shown).not.toMatch(/sha256:[0-9a-f]{64}|\.herokuapp\.com|\.herokudns\.com/);
  });

  it("judges and prices Redis, protects it, and passes with a worker", async () => {
    const report = await check(
      stackCopy({ processes: { web: { size: "standard-2x", quantity: 2 }, worker: { size: "standard-1x", quantity: 2 } } }),
    );
    expect(itemsWith(report, "failed")).toEqual([]);
    expect(report.rows.filter((r) => r.item === "Redis high availability").map((r) => [r.status, r.value])).toEqual([
      ["passed", "heroku-redis:premium-0 (with a standby)"],
    ]);
    expect(report.rows.filter((r) => r.item === "Database protected").map((r) => r.resource)).toEqual(["site-db", "site-addons-heroku-redis"]);
    expect(report.cost.lines.map((l) => [l.item, l.usdPerMonth])).toEqual([
      ["web dynos (standard-2x)", 100],
      ["worker dynos (standard-1x)", 50],
      ["heroku-postgresql:premium-0", 200],
      ["heroku-redis:premium-0", 15],
    ]);
  });
});

describe("a copy of the production config broken in one checklist item", () => {
  const cases: [string, Record<string, unknown>, string[], RegExp][] = [
    ["one web dyno", { processes: { web: { quantity: 1 } } }, ["Dyno redundancy"], /processes\.web\.quantity` is 1/],
    ["a hobby dyno size", { processes: { web: { size: "basic", quantity: 1 } } }, ["Professional dynos", "Dyno redundancy"], /processes\.web\.size` is "basic"/],
    ["a Postgres plan without a standby", { postgresPlan: "standard-0" }, ["Postgres high availability"], /postgresPlan` is "standard-0"/],
    ["a Redis plan without a standby", { addons: ["heroku-redis:mini"] }, ["Redis high availability"], /addons\[0\]` is "heroku-redis:mini"/],
    ["an http error page", { errorPageUrl: "http://static.example.com/e.html" }, ["Custom maintenance and error pages"], /errorPageUrl`/],
    ["no log drain", { logDrainUrl: null }, ["Log monitoring"], /^$/],
    ["a short HSTS max-age", { hstsSeconds: 3600 }, ["HSTS"], /hstsSeconds` is 3600/],
  ];

  it.each(cases)("%s fails that item (and what pulumi up refuses) only", async (_label, changes, failing, configMessage) => {
    const report = await check(stackCopy(changes), { packConfigFile: PRODUCTION_LEVELS });
    const expected = configMessage.source === "^$" ? failing : ["Config pulumi up accepts", ...failing];
    expect(report.passed).toBe(false);
    expect(itemsWith(report, "failed").sort()).toEqual([...expected].sort());
    expect([...report.mandatoryFailures].sort()).toEqual([...expected].sort());
    for (const row of report.rows.filter((r) => !expected.includes(r.item))) expect(row.status).not.toBe("failed");
    expect(report.configProblems.join("\n")).toMatch(configMessage);
    const failed = report.rows.find((r) => r.status === "failed")!;
    expect(failed.message).toBeTruthy();
    expect(failed.remedy).toBeTruthy();
    expect(formatText(report)).toContain("Result: failed, mandatory items failed:");
  });

  it("only advises at the staging levels", async () => {
    const report = await check(stackCopy({ processes: { web: { quantity: 1 } } }), { packConfigFile: join(REPO, "policy", "config", "staging.json") });
    expect(report.rows.filter((r) => r.section !== "Config" && r.enforcement === "mandatory")).toEqual([]);
  });
});

describe("the shipped staging stack", () => {
  it("passes in advisory mode on the cheapest setup, and keeps its data protected", async () => {
    const dir = mkdtempSync(join(tmpdir(), "staging-"));
    copyFileSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    const doc = parse(readFileSync(join(REPO, "Pulumi.staging.yaml"), "utf8"));
    doc.config["heroku-production:appPath"] = SHOP;
    writeFileSync(join(dir, "Pulumi.staging.yaml"), stringify(doc));
    const report = await check(dir, { skipDjango: true }, "staging");
    expect(report.levels).toBe("policy/config/staging.json");
    expect(report.passed).toBe(true);
    expect(new Set(report.rows.map((r) => r.enforcement))).toEqual(new Set(["advisory"]));
    expect(report.cost.totalUsdPerMonth).toBe(7 + 5);
    expect(report.rows.find((r) => r.item === "Database protected")).toMatchObject({ status: "passed", value: "protect: true" });
  });
});

describe("one verdict", () => {
  it("judges a stack without its own policy config as production: prod with one web dyno fails", async () => {
    const report = await check(stackCopy({ processes: { web: { quantity: 1 } } }, "prod"), {}, "prod");
    expect(report.levels).toBe("policy/config/production.json (no file for this stack)");
    expect(report.passed).toBe(false);
    expect(report.mandatoryFailures).toEqual(["Dyno redundancy", "Config pulumi up accepts"]);
  });

  it("judges a stack with enforceChecklist false at the pack's advisory levels", async () => {
    const report = await check(
      stackCopy({ enforceChecklist: false, processes: { web: { size: "basic", quantity: 1 } }, postgresPlan: "essential-0", addons: ["heroku-redis:mini"] }, "review"),
      {},
      "review",
    );
    expect(report.passed).toBe(true);
    expect(itemsWith(report, "failed").sort()).toEqual(["Dyno redundancy", "Postgres high availability", "Production-tier Postgres", "Professional dynos", "Redis high availability"]);
    expect(new Set(report.rows.map((r) => r.enforcement))).toEqual(new Set(["advisory"]));
    // Heroku offers preboot only on professional dynos.
    expect(report.rows.find((r) => r.item === "Preboot")).toMatchObject({ status: "skipped", value: "web on basic" });
  });

  it("passes a drain URL set with --secret, which it cannot read offline", async () => {
    const report = await check(stackCopy({ logDrainUrl: { secure: "v1:AAAA:not-a-real-ciphertext" } }));
    expect(report.rows.find((r) => r.item === "Log monitoring")).toMatchObject({
      status: "passed",
      value: "sensitiveUrl set with --secret (its scheme is judged at preview)",
    });
    expect(report.passed).toBe(true);
  });

  it("keeps an error page URL set with --secret a sensitive var, and passes it", async () => {
    const report = await check(stackCopy({ errorPageUrl: { secure: "v1:AAAA:not-a-real-ciphertext" } }), { skipDjango: true });
    expect(report.rows.find((r) => r.value.startsWith("ERROR_PAGE_URL"))).toMatchObject({
      status: "passed",
      value: "ERROR_PAGE_URL set with --secret (its URL is judged at preview)",
    });
    expect(report.environment.ERROR_PAGE_URL).toBe("[secret, set with --secret]");
  });

  it("refuses a plain-text credential in a drain URL, without printing it", async () => {
    const error = await check(stackCopy({ logDrainUrl: "https://user:hunter2@logs.example.net/drain" })).catch((e: Error) => e);
    expect((error as Error).name).toBe("ConfigError");
    expect((error as Error).message).toContain("`heroku-production:logDrainUrl` is in plain text and carries a credential");
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("refuses a key in a misspelt namespace", async () => {
    const error = await check(stackCopy({ "heroku-prodution:postgresPlan": "premium-2" })).catch((e: Error) => e);
    expect((error as Error).message).toContain("Did you mean `heroku-production:postgresPlan`?");
  });
});

describe.skipIf(!PYTHON)("Django's own check on the team's app", () => {
  it("passes when the settings read the declared environment, with the settings module from manage.py", async () => {
    const report = await check(stackCopy({}));
    const rows = report.rows.filter((r) => r.section === "Django's own check");
    expect(rows.map((r) => [r.item, r.status])).toEqual([["manage.py check --deploy", "passed"]]);
    expect(rows[0].value).toMatch(/^no issues \(.+, Django \d+\.\d+/);
  });

  it("fails with Django's own ids and text when the settings ignore the environment", async () => {
    const report = await check(stackCopy({ djangoSettingsModule: "shop.settings.naive" }));
    const rows = report.rows.filter((r) => r.section === "Django's own check");
    expect(rows.map((r) => r.value)).toEqual([
      "security.W004",
      "security.W008",
      "security.W009",
      "security.W012",
      "security.W016",
      "security.W020",
    ]);
    expect(rows.every((r) => r.status === "failed" && r.enforcement === "mandatory")).toBe(true);
    expect(rows.find((r) => r.value === "security.W020")!.message).toBe("ALLOWED_HOSTS must not be empty in deployment.");
    expect(report.passed).toBe(false);
    // The policies judged only what the program sets, and passed: only Django's check saw the app ignore it.
    expect(itemsWith(report, "failed").every((i) => i.startsWith("manage.py check --deploy: security."))).toBe(true);
  });

  it("fails, saying why, when the settings crash on the declared environment", async () => {
    const app = appCopy({ "shop/settings/broken.py": 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n' });
    const report = await check(stackCopy({ djangoSettingsModule: "shop.settings.broken" }, "production", app));
    const row = report.rows.find((r) => r.section === "Django's own check")!;
    expect(row.status).toBe("failed");
    expect(row.message).toBe("Django's check must run with the declared environment; it stopped: KeyError: 'SECRET_KEY'");
  });
});

describe("Django's own check without Django", () => {
  it("is skipped, saying why and how to enable it, never passed", async () => {
    const report = await productionCheck("production", stackCopy({}), load, {
      python: "/nonexistent/python",
      env: { PATH: "/nonexistent" },
    });
    const row = report.rows.find((r) => r.section === "Django's own check")!;
    expect(row.status).toBe("skipped");
    expect(row.reason).toMatch(/^no Python that imports Django was found \(tried \/nonexistent\/python \(--python\): not found; python3 \(python3 on PATH\): not found\)\. To run Django's own check, pass --python PATH or set PYTHON/);
  });
});

describe("versions (seed phases 5 and 7)", () => {
  const versions = (report: CheckReport) =>
    report.rows.filter((r) => r.section === "Versions").map((r) => [r.item, r.status, r.value, r.warning ?? r.message ?? ""]);

  it("passes supported pins and names their end of support", async () => {
    expect(versions(await check(stackCopy({}), { skipDjango: true }))).toEqual([
      ["Django version", "passed", "requirements.txt: django==5.2.18 (security support until 2028-04-30)", ""],
      ["Python version", "passed", ".python-version: 3.12 (security support until 2028-10-31)", ""],
      ["Python version", "passed", "Dockerfile: FROM python:3.12-slim (security support until 2028-10-31)", ""],
    ]);
  });

  it("fails an end-of-life Django and Python, and fails the check", async () => {
    const app = appCopy({ "requirements.txt": "Django==3.2.25\n", ".python-version": "3.9.18\n", Dockerfile: readFileSync(join(SHOP, "Dockerfile"), "utf8").replace("python:3.12-slim", "python:3.9-slim") });
    const report = await check(stackCopy({}, "production", app), { skipDjango: true });
    expect(versions(report).map((v) => [v[0], v[1]])).toEqual([
      ["Django version", "failed"],
      ["Python version", "failed"],
      ["Python version", "failed"],
    ]);
    expect(versions(report)[0][3]).toBe(
      "Django 3.2 must still have security support; it ended on 2024-04-01 (djangoproject.com/download, via endoflife.date (2026-12)). Upgrade to a supported release.",
    );
    expect(report.mandatoryFailures).toEqual(["Django version", "Python version"]);
  });

  it("fails an unpinned Django, and warns within 180 days of the end", async () => {
    const app = appCopy({ "requirements.txt": "Django>=5.0\n" });
    expect(versions(await check(stackCopy({}, "production", app), { skipDjango: true }))[0].slice(0, 2)).toEqual(["Django version", "failed"]);
    const soon = appCopy({ "requirements.txt": "Django==6.0.1\n" });
    const row = versions(await check(stackCopy({}, "production", soon), { skipDjango: true }))[0];
    expect(row.slice(0, 2)).toEqual(["Django version", "passed"]);
    expect(row[3]).toBe("Django 6.0 loses security support on 2027-04-30, in 150 days (djangoproject.com/download, via endoflife.date (2026-12)); plan the upgrade.");
  });

  it("reads a lock file before requirements.txt", async () => {
    const app = appCopy({ "uv.lock": 'version = 1\n\n[[package]]\nname = "django"\nversion = "4.2.30"\n' });
    expect(versions(await check(stackCopy({}, "production", app), { skipDjango: true }))[0].slice(0, 3)).toEqual([
      "Django version",
      "failed",
      'uv.lock: version = "4.2.30"',
    ]);
  });
});

describe("npm run production-check", () => {
  const cli = (args: string[]) =>
    // The command users run: the launcher, from prebuilt JavaScript.
    run(process.execPath, ["scripts/launch.cjs", "production-check", ...args], { cwd: REPO }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("exits 0 with a JSON report that holds the declared environment, secrets masked", async () => {
    const r = await cli(["--dir", stackCopy({}), "--format", "json", "--skip-django"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.passed).toBe(true);
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

describe("formatEnv", () => {
  it("prints KEY=value lines in order", () => {
    expect(formatEnv({ environment: { A: "1", B: "[secret, 3 characters]" } } as unknown as CheckReport)).toBe("A=1\nB=[secret, 3 characters]");
  });
});

describe("the version readers", () => {
  it("read runtime.txt, a Pipfile.lock and a Django line with extras", () => {
    const app = appCopy({
      "runtime.txt": "python-3.10.14\n",
      "Pipfile.lock": JSON.stringify({ default: { django: { version: "==5.1.4" } } }),
    });
    expect(djangoVersion(app)).toEqual({ file: "Pipfile.lock", version: "5.1.4", spec: "==5.1.4" });
    expect(pythonVersions(app, join(app, "Dockerfile")).map((v) => [v.file, v.version])).toEqual([
      [".python-version", "3.12"],
      ["runtime.txt", "3.10"],
      ["Dockerfile", "3.12"],
    ]);
    const extras = appCopy({ "requirements.txt": "django-environ==0.11\nDjango[argon2]==5.2.1 ; python_version >= '3.10'\n" });
    expect(djangoVersion(extras)?.version).toBe("5.2.1");
  });
});
