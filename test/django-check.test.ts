import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as heroku from "../sdks/heroku";
import { inputHoldsNoSecret } from "../check/django-check";
import { formatEnv, productionCheck, type CheckReport } from "../check/production-check";
import { OFFLINE_SECRET } from "../policy/offline-secret";
import { configFingerprint, memoryFile, recall, remember, startDjangoCheck } from "../check/django-early";
import { djangoVersion, pythonVersions } from "../check/versions";
import { ADDON_SERVICES } from "../lib/catalog";
import { appCopy, check, fakePython, itemsWith, load, PYTHON, stackCopy } from "./support/check";
import { SHOP } from "./support/program";

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

describe("Django's check beside the program's run", () => {
  const djangoRow = (report: CheckReport) => report.rows.find((r) => r.section === "Django's own check")!;
  const saved = process.env.HEROKU_PRODUCTION_PROVIDER_CACHE;
  afterEach(() => {
    process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = saved;
  });

  it("starts once the app's environment is registered, before a provider that missed the cache is serialized, and is used", async () => {
    const providers = mkdtempSync(join(tmpdir(), "providers-"));
    process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = providers;
    const python = fakePython();
    const report = await check(stackCopy({}), { python: python.script });
    expect([djangoRow(report).value, djangoRow(report).message]).toEqual(["fake.W001", "LATE_FLAG=unset via fake"]);
    const runs = python.runs();
    expect(runs).toHaveLength(1);
    const serialized = readdirSync(providers).map((f) => statSync(join(providers, f)).mtimeMs);
    expect(serialized).toHaveLength(3);
    expect(runs[0].at).toBeLessThan(Math.min(...serialized));
  });

  it("runs again, on the finished run's environment, when a var is declared after it started", async () => {
    const python = fakePython();
    const late = async () => {
      const program = await load();
      // Late enough that the run started on the first input has begun by then.
      const flag = new Promise<Record<string, string>>((resolve) => setTimeout(() => resolve({ LATE_FLAG: "on" }), 300));
      new heroku.app.ConfigAssociation("late-config", { appId: "app-id", vars: pulumi.output(flag) });
      return program;
    };
    const report = await productionCheck("production", stackCopy({}), late, { python: python.script, now: new Date("2026-12-02T12:00:00Z") });
    expect([djangoRow(report).value, djangoRow(report).message]).toEqual(["fake.W001", "LATE_FLAG=on via fake"]);
    expect(python.runs().map((r) => r.flag)).toEqual(["unset", "on"]);
    expect(report.environment.LATE_FLAG).toBe("on");
  });

  describe("started on the input the last check gave it", () => {
    const NOW = new Date("2026-12-02T12:00:00Z");
    // A first check writes the memory; what it holds is what the later checks are started with.
    const python = fakePython();
    const dir = stackCopy({});
    const memory = join(mkdtempSync(join(tmpdir(), "django-memory-")), "production.json");
    let recalled: NonNullable<ReturnType<typeof recall>>;
    beforeAll(async () => {
      await productionCheck("production", dir, load, { python: python.script, now: NOW, djangoMemory: memory });
      recalled = recall(memory)!;
    });

    it("keeps the input with its project, app and interpreter, and nothing read from a secret", () => {
      expect(recalled.dir).toBe(resolve(dir));
      expect(recalled.appDir).toBe(SHOP);
      expect(recalled.python).toEqual({ path: python.script, from: "--python", djangoVersion: "5.2.18" });
      expect(recalled.input.DJANGO_SETTINGS_MODULE).toBe("shop.settings.production");
      expect(recalled.input.DJANGO_SECRET_KEY).toHaveLength(64);
      expect(recalled.input.DATABASE_URL).toBe(ADDON_SERVICES["heroku-postgresql"].configVars.DATABASE_URL);
      // With the config it came from: the command starts Django's check on this input only while that is unchanged.
      expect(recalled.config).toBe(configFingerprint(dir, "production"));
      expect(recalled.config).toMatch(/^[0-9a-f]{32}$/);
    });

    it("is used when the program declares exactly that input on the same interpreter", async () => {
      const before = python.runs().length;
      const early = startDjangoCheck(recalled.appDir, recalled.python, recalled.input, process.env);
      const report = await productionCheck("production", dir, load, { python: python.script, now: NOW, djangoMemory: memory, djangoStarted: early });
      expect(djangoRow(report).message).toBe("LATE_FLAG=unset via fake");
      // The check ran none of its own.
      expect(python.runs().length - before).toBe(1);
      expect(recall(memory)).toEqual(recalled);
    });

    it("is stopped and replaced when the input differs, or the interpreter, the app or what Python gets of the environment", async () => {
      const otherInput = startDjangoCheck(recalled.appDir, recalled.python, { ...recalled.input, LATE_FLAG: "early" }, process.env);
      const a = await productionCheck("production", dir, load, { python: python.script, now: NOW, djangoStarted: otherInput });
      expect(djangoRow(a).message).toBe("LATE_FLAG=unset via fake");
      const other = fakePython("another interpreter");
      const otherPython = startDjangoCheck(recalled.appDir, { ...recalled.python, path: other.script }, recalled.input, process.env);
      const b = await productionCheck("production", dir, load, { python: python.script, now: NOW, djangoStarted: otherPython });
      expect(djangoRow(b).message).toBe("LATE_FLAG=unset via fake");
      const before = other.runs().length;
      const olderDjango = startDjangoCheck(recalled.appDir, { ...recalled.python, path: other.script, djangoVersion: "4.2.0" }, recalled.input, process.env);
      const c = await productionCheck("production", dir, load, { python: other.script, now: NOW, djangoStarted: olderDjango });
      expect(djangoRow(c).message).toBe("LATE_FLAG=unset via another interpreter");
      // The run started on Django 4.2 was not used: the check ran its own.
      expect(other.runs().length - before).toBe(2);
      const beforeEnv = python.runs().length;
      const otherEnv = startDjangoCheck(recalled.appDir, recalled.python, recalled.input, { ...process.env, TMPDIR: "/elsewhere" });
      await productionCheck("production", dir, load, { python: python.script, now: NOW, djangoStarted: otherEnv });
      // Nor the run started with another TMPDIR, which Python would have had.
      expect(python.runs().length - beforeEnv).toBe(2);
      const beforeApp = python.runs().length;
      const otherApp = startDjangoCheck(appCopy({}), recalled.python, recalled.input, process.env);
      await productionCheck("production", dir, load, { python: python.script, now: NOW, djangoStarted: otherApp });
      // Nor the run started in another app directory (the stack's appPath changed since).
      expect(python.runs().length - beforeApp).toBe(2);
    });

    it("is not kept, and an old one is removed, when a sensitive var holds a value the check could read", async () => {
      const python = fakePython();
      const dir = stackCopy({});
      const memory = join(mkdtempSync(join(tmpdir(), "django-memory-")), "production.json");
      writeFileSync(memory, "{}");
      const withToken = async () => {
        const program = await load();
        new heroku.app.ConfigAssociation("token-config", { appId: "app-id", sensitiveVars: { PARTNER_API_TOKEN: pulumi.secret("pt-0123456789abcdef0123456789abcdef") } });
        return program;
      };
      const report = await productionCheck("production", dir, withToken, { python: python.script, now: NOW, djangoMemory: memory });
      expect(report.environment.PARTNER_API_TOKEN).toBe("[secret, 35 characters]");
      expect(existsSync(memory)).toBe(false);
    });

    it("judges a sensitive var keepable only when its value is an add-on's dummy, made up by the mocks or unreadable", () => {
      const v = (value: string, extra: object = {}) => ({ name: "X", value, sensitive: true, ...extra });
      expect(inputHoldsNoSecret([v(OFFLINE_SECRET), v("postgres://u:p@h/db", { addon: "heroku-postgresql" }), v("made-up")], new Set(["made-up"]))).toBe(true);
      expect(inputHoldsNoSecret([{ name: "PLAIN", value: "anything", sensitive: false }], new Set())).toBe(true);
      expect(inputHoldsNoSecret([v(OFFLINE_SECRET), v("readable")], new Set(["made-up"]))).toBe(false);
    });

    it("is read only from a file of its own shape, one per stack, and only where the launcher says", () => {
      expect(memoryFile("production", {})).toBeUndefined();
      expect(memoryFile("staging", { HEROKU_PRODUCTION_DJANGO_MEMORY: "/tmp/m" })).toBe("/tmp/m/staging.json");
      const file = join(mkdtempSync(join(tmpdir(), "django-memory-")), "production.json");
      expect(recall(file)).toBeUndefined();
      writeFileSync(file, JSON.stringify({ dir: "/p", appDir: "/p/app", python: { path: "python3", from: "x" }, input: {} }));
      expect(recall(file)).toBeUndefined();
      writeFileSync(file, JSON.stringify({ dir: "/p", appDir: "/p/app", python: { path: "python3", from: "x", djangoVersion: "5.2" }, input: { A: 1 } }));
      expect(recall(file)).toBeUndefined();
      const good = { dir: "/p", appDir: "/p/app", python: { path: "python3", from: "x", djangoVersion: "5.2" }, input: { A: "1" } };
      remember(file, good);
      expect(recall(file)).toEqual(good);
      // Where nothing can be written, nothing is kept, and no error.
      const unwritable = join(file, "under-a-file", "production.json");
      remember(unwritable, good);
      expect(recall(unwritable)).toBeUndefined();
    });
  });
});
