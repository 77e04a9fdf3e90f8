import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildSync } from "esbuild";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runDjangoCheck, type PythonFound } from "../check/django-check";
import { DjangoRuns, recall, type StartedDjangoCheck } from "../check/django-early";
import { setsStartVariable, startWarmDjango, type WarmDjango } from "../check/django-warm";
import { productionCheck } from "../check/production-check";
import { appCopy, fakePython, load, PYTHON, stackCopy } from "./support/check";
import { REPO, SHOP } from "./support/program";

const started: WarmDjango[] = [];
const warm = (appDir: string, python: PythonFound, env: NodeJS.ProcessEnv = process.env) => {
  const w = startWarmDjango(appDir, python, env);
  started.push(w);
  return w;
};
afterEach(() => {
  for (const w of started.splice(0)) w.abort();
});

describe.skipIf(!PYTHON)("a warm interpreter for Django's check", () => {
  let python: PythonFound;
  let input: Record<string, string>;
  beforeAll(async () => {
    // The input a check gives Django for the shop fixture, as the check keeps it.
    const memory = join(mkdtempSync(join(tmpdir(), "django-memory-")), "production.json");
    await productionCheck("production", stackCopy({}), load, { python: PYTHON, now: new Date("2026-12-02T12:00:00Z"), djangoMemory: memory });
    ({ python, input } = recall(memory)!);
  }, 60_000);

  it("gives exactly what a run started cold gives: no issues, Django's warnings, and a crash's last line", async () => {
    const broken = appCopy({ "shop/settings/broken.py": 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n' });
    const cases: [string, Record<string, string>][] = [
      [SHOP, input],
      [SHOP, { ...input, DJANGO_SETTINGS_MODULE: "shop.settings.naive" }],
      [broken, { ...input, DJANGO_SETTINGS_MODULE: "shop.settings.broken" }],
      [SHOP, { ...input, DJANGO_SETTINGS_MODULE: "shop.settings.missing" }],
    ];
    const results = await Promise.all(
      cases.map(async ([appDir, given]) => {
        const w = warm(appDir, python);
        expect(w.takes(appDir, python, given, process.env)).toBe(true);
        return [await w.run(given).result, await runDjangoCheck({ appDir, input: given, found: python })];
      }),
    );
    for (const [fromWarm, cold] of results) expect(fromWarm).toEqual(cold);
    expect(results.map(([r]) => (r.kind === "ran" ? r.messages.map((m) => m.id).join(",") || `exit ${r.exitCode}` : r.kind === "crashed" ? r.error : r.kind))).toEqual([
      "exit 0",
      "security.W004,security.W008,security.W009,security.W012,security.W016,security.W020",
      "KeyError: 'SECRET_KEY'",
      "ModuleNotFoundError: No module named 'shop.settings.missing'",
    ]);
  }, 60_000);

  it("takes only an input for its app, interpreter and environment, once, and none that Python reads as it starts", () => {
    const w = warm(SHOP, python);
    expect(w.takes(SHOP, python, input, process.env)).toBe(true);
    expect(w.takes(appCopy({}), python, input, process.env)).toBe(false);
    expect(w.takes(SHOP, { ...python, path: "/usr/local/bin/python3" }, input, process.env)).toBe(false);
    expect(w.takes(SHOP, { ...python, djangoVersion: "4.2.0" }, input, process.env)).toBe(false);
    expect(w.takes(SHOP, python, input, { ...process.env, TMPDIR: "/elsewhere" })).toBe(false);
    for (const name of ["PYTHONPATH", "PYTHONHASHSEED", "LC_ALL", "LANG", "TZ", "PATH"]) {
      expect(w.takes(SHOP, python, { ...input, [name]: "x" }, process.env)).toBe(false);
    }
    expect(w.takes(join(SHOP, "shop"), python, input, process.env)).toBe(false);
    void w.run(input).result;
    expect(w.takes(SHOP, python, input, process.env)).toBe(false);
    expect(() => w.run(input)).toThrow("a warm interpreter takes one input");
  });
});

describe("a warm interpreter that did not take the input", () => {
  it("leaves the verdict to a run started cold, never to its own exit code", async () => {
    // The fake answers -c as the probe does and exits 0 at once, without reading the input.
    const fake = fakePython();
    const python = { path: fake.script, from: "--python", djangoVersion: "5.2.18" };
    const w = warm(SHOP, python);
    const result = await w.run({ LATE_FLAG: "given" }).result;
    expect(result).toEqual({ kind: "ran", python, exitCode: 1, messages: [{ object: "?", id: "fake.W001", text: "LATE_FLAG=given via fake" }] });
    expect(fake.runs().map((r) => r.flag)).toEqual(["given"]);
  });

  it("is an input that sets a variable Python reads as it starts", () => {
    expect(setsStartVariable({ DJANGO_SETTINGS_MODULE: "x", WEB_CONCURRENCY: "3" })).toBe(false);
    expect(setsStartVariable({ PYTHONUNBUFFERED: "1" })).toBe(true);
    expect(setsStartVariable({ LC_CTYPE: "C.UTF-8" })).toBe(true);
    expect(setsStartVariable({ TZ: "UTC" })).toBe(true);
  });
});

describe.skipIf(!PYTHON)("a warm interpreter nobody used", () => {
  it("neither keeps the check's process alive nor outlives it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "warm-exit-"));
    const bundle = join(dir, "warm.cjs");
    buildSync({ entryPoints: [join(REPO, "check", "django-warm.ts")], bundle: true, platform: "node", format: "cjs", outfile: bundle, logLevel: "error" });
    const script = [
      `const w = require(${JSON.stringify(bundle)}).startWarmDjango(${JSON.stringify(SHOP)}, { path: ${JSON.stringify(PYTHON)}, from: "x", djangoVersion: "x" }, process.env);`,
      // Until Python has started; then nothing is left to do.
      `const find = () => { const ps = require("node:child_process").execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" });`,
      `  if (/python/.test(ps)) console.log(ps); else setTimeout(find, 20); };`,
      "find();",
    ].join("\n");
    const began = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { timeout: 20_000 });
    const elapsed = Date.now() - began;
    const pid = Number(/^\s*(\d+)\s+python/m.exec(stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(10_000);
    // Its stdin closed with the parent: it exits by itself.
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      try {
        process.kill(pid, 0);
        if (readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] === "Z") alive = false;
        else await new Promise((r) => setTimeout(r, 100));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});

describe("Django's runs with a warm interpreter", () => {
  const python: PythonFound = { path: "/usr/bin/python3", from: "$PYTHON", djangoVersion: "5.2.18" };
  const fakeRun = (input: Record<string, string>, verdict: string): StartedDjangoCheck & { aborted: boolean } => {
    const run = {
      appDir: SHOP,
      python,
      input,
      passThrough: {},
      aborted: false,
      result: Promise.resolve({ kind: "ran" as const, python, exitCode: 0, messages: [{ object: "?", id: "fake.I001", text: verdict }] }),
      abort: () => {
        run.aborted = true;
      },
    };
    return run;
  };
  const fakeWarm = (accepts: boolean) => {
    const w = {
      given: [] as Record<string, string>[],
      aborted: false,
      appDir: SHOP,
      python,
      passThrough: {},
      takes: () => accepts && w.given.length === 0,
      run: (input: Record<string, string>) => {
        w.given.push(input);
        return fakeRun(input, "warm");
      },
      abort: () => {
        w.aborted = true;
      },
    };
    return w;
  };
  const verdict = async (runs: DjangoRuns, input: Record<string, string>) => {
    const r = await runs.resultFor(input);
    return r.kind === "ran" ? r.messages[0]?.text : r.kind;
  };

  it("gives the input to the warm interpreter when no run started on it, and stops what it does not use", async () => {
    const w = fakeWarm(true);
    const stale = fakeRun({ A: "old" }, "stale");
    const runs = new DjangoRuns(SHOP, {}, Promise.resolve(python), stale, Promise.resolve(w));
    expect(await verdict(runs, { A: "new" })).toBe("warm");
    expect(w.given).toEqual([{ A: "new" }]);
    expect(stale.aborted).toBe(true);
  });

  it("starts on the registered environment in the warm interpreter, and uses that run for the same input", async () => {
    const w = fakeWarm(true);
    const runs = new DjangoRuns(SHOP, {}, Promise.resolve(python), undefined, Promise.resolve(w));
    await runs.startOn({ A: "1" });
    expect(w.given).toEqual([{ A: "1" }]);
    expect(await verdict(runs, { A: "1" })).toBe("warm");
    expect(w.given).toHaveLength(1);
  });

  it("keeps a run started on the right input, and stops the warm interpreter", async () => {
    const w = fakeWarm(true);
    const early = fakeRun({ A: "1" }, "early");
    const runs = new DjangoRuns(SHOP, {}, Promise.resolve(python), { ...early, passThrough: {} }, Promise.resolve(w));
    expect(await verdict(runs, { A: "1" })).toBe("early");
    expect(w.given).toEqual([]);
    expect(w.aborted).toBe(true);
  });

  it("runs cold when the warm interpreter cannot take the input", async () => {
    const fake = fakePython();
    const found = { ...python, path: fake.script };
    const w = fakeWarm(false);
    const runs = new DjangoRuns(SHOP, {}, Promise.resolve(found), undefined, Promise.resolve(w));
    expect(await verdict(runs, { LATE_FLAG: "cold" })).toBe("LATE_FLAG=cold via fake");
    expect(fake.runs().map((r) => r.flag)).toEqual(["cold"]);
    expect(w.given).toEqual([]);
    expect(w.aborted).toBe(true);
  });

  it("stops the warm interpreter when no interpreter was found", async () => {
    const w = fakeWarm(true);
    const runs = new DjangoRuns(SHOP, {}, Promise.resolve({ tried: ["python3 (python3 on PATH): not found"] }), undefined, Promise.resolve(w));
    expect(await runs.resultFor({ A: "1" })).toMatchObject({ kind: "skipped" });
    expect(w.given).toEqual([]);
    expect(w.aborted).toBe(true);
  });
});
