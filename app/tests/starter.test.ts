import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_HSTS_SECONDS, djangoConfigVars } from "../../lib/django";

// Debian's packages, for /usr/bin/python3: PyPI is out of reach here and in CI.
const APT_PACKAGES = [
  "python3-django",
  "python3-whitenoise",
  "gunicorn",
  "python3-dj-database-url",
  "python3-sentry-sdk",
  "python3-psycopg2",
];
const INSTALL = `apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(" ")}`;
const PYTHON = "/usr/bin/python3";
const GUNICORN = "/usr/bin/gunicorn";
const MODULE_PACKAGES: Record<string, string> = {
  django: "python3-django",
  whitenoise: "python3-whitenoise",
  dj_database_url: "python3-dj-database-url",
  sentry_sdk: "python3-sentry-sdk",
  psycopg2: "python3-psycopg2",
};

const APP_DIR = path.resolve(__dirname, "..");
const HOSTS = ["www.example.com", "example-app.herokuapp.com"];
const SECRET_KEY = randomBytes(48).toString("base64url");
const NO_ISSUES = "System check identified no issues (0 silenced).\n";

function missingPackages(): string[] {
  const missing: string[] = existsSync(GUNICORN) ? [] : ["gunicorn"];
  const probe = spawnSync(
    PYTHON,
    [
      "-c",
      [
        "import importlib, sys",
        "for name in sys.argv[1:]:",
        "    try:",
        "        importlib.import_module(name)",
        "    except ImportError:",
        "        print(name)",
      ].join("\n"),
      ...Object.keys(MODULE_PACKAGES),
    ],
    { encoding: "utf8" },
  );
  const modules = probe.status === 0 ? probe.stdout.split("\n").filter(Boolean) : Object.keys(MODULE_PACKAGES);
  return [...modules.map((m) => MODULE_PACKAGES[m]), ...missing];
}

type Env = Record<string, string>;

/** The dyno's environment: the contract's config vars, the secret key, the add-on's DATABASE_URL, nothing else. */
function productionEnv(overrides: Record<string, string | undefined> = {}): Env {
  const env: Record<string, string | undefined> = {
    PATH: "/usr/bin:/bin",
    LANG: "C.UTF-8",
    PYTHONDONTWRITEBYTECODE: "1",
    ...djangoConfigVars({ allowedHosts: HOSTS, hstsSeconds: DEFAULT_HSTS_SECONDS, settingsModule: "config.settings" }),
    DJANGO_SECRET_KEY: SECRET_KEY,
    DATABASE_URL: "postgres://u:p@localhost:5432/db",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function python(args: string[], env: Env, cwd = APP_DIR): Run {
  const r = spawnSync(PYTHON, args, { cwd, env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function manage(args: string[], env: Env, cwd = APP_DIR): Run {
  return python([path.join(cwd, "manage.py"), ...args], env, cwd);
}

function checkDeploy(env: Env): Run {
  return manage(["check", "--deploy", "--fail-level", "WARNING"], env);
}

/** The check ids (`security.W018`…) in a `check` report, sorted. */
function checkIds(output: string): string[] {
  return [...output.matchAll(/\((\w+\.[EW]\d{3})\)/g)].map((m) => m[1]).sort();
}

const SETTINGS_DUMP = `
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
import sentry_sdk
staticfiles_storage._setup()
storage = type(staticfiles_storage._wrapped)
if hasattr(sentry_sdk, "get_client"):
    client = sentry_sdk.get_client()
    active = client.is_active()
else:
    client = sentry_sdk.Hub.current.client
    active = client is not None
sentry = {"active": active}
if active:
    sentry.update({k: client.options[k] for k in ("dsn", "environment", "release", "send_default_pii")})
    sentry["integrations"] = sorted(client.integrations)
db = settings.DATABASES["default"]
db_keys = "ENGINE NAME USER PASSWORD HOST PORT CONN_MAX_AGE CONN_HEALTH_CHECKS OPTIONS".split()
names = """DEBUG ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS SECURE_PROXY_SSL_HEADER SECURE_SSL_REDIRECT SECURE_REDIRECT_EXEMPT
SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF SECURE_REFERRER_POLICY SECURE_CROSS_ORIGIN_OPENER_POLICY
X_FRAME_OPTIONS MIDDLEWARE""".split()
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "database": {k: db[k] for k in db_keys if k in db},
    "staticfiles_storage": storage.__module__ + "." + storage.__qualname__,
    "sentry": sentry,
}))
`;

interface Dump {
  settings: Record<string, unknown>;
  database: Record<string, unknown>;
  staticfiles_storage: string;
  sentry: Record<string, unknown>;
}

function dumpSettings(env: Env): Dump {
  const r = python(["-c", SETTINGS_DUMP], env);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Dump;
}

interface Instruction {
  stage: string;
  keyword: string;
  args: string;
}

/** Dockerfile instructions with continuation lines joined, each tagged with the stage it belongs to. */
function dockerInstructions(text: string): Instruction[] {
  const logical = text
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  let stage = "";
  return logical.map((line) => {
    const [, keyword, args] = /^(\w+)\s+(.*)$/.exec(line) ?? ["", line, ""];
    if (keyword.toUpperCase() === "FROM") stage = /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? "";
    return { stage, keyword: keyword.toUpperCase(), args };
  });
}

const dockerfile = dockerInstructions(readFileSync(path.join(APP_DIR, "Dockerfile"), "utf8"));

function stageCmd(stage: string): string {
  const cmds = dockerfile.filter((i) => i.stage === stage && i.keyword === "CMD");
  expect(cmds).toHaveLength(1);
  return cmds[0].args;
}

describe("app/Dockerfile and app/requirements.txt", () => {
  test("builds a venv stage, a non-root runtime, then release and web targets on python:3.12-slim", () => {
    const froms = dockerfile.filter((i) => i.keyword === "FROM").map((i) => i.args);
    expect(froms).toEqual([
      "python:3.12-slim AS build",
      "python:3.12-slim AS runtime",
      "runtime AS release",
      "runtime AS web",
    ]);
    expect(dockerfile.filter((i) => i.keyword === "USER")).toEqual([
      { stage: "runtime", keyword: "USER", args: "django" },
    ]);
    expect(dockerfile.filter((i) => i.keyword === "EXPOSE")).toEqual([]);
    expect(stageCmd("release")).toBe("python manage.py migrate --noinput");
    expect(stageCmd("web")).toBe('exec gunicorn config.wsgi --config gunicorn.conf.py --bind "0.0.0.0:$PORT"');
  });

  test("the secret key used by collectstatic is never part of the image's ENV", () => {
    const envs = dockerfile.filter((i) => i.keyword === "ENV" || i.keyword === "ARG").map((i) => i.args);
    expect(envs.length).toBeGreaterThan(0);
    for (const env of envs) expect(env).not.toMatch(/SECRET|DJANGO_/);
    const collect = dockerfile.filter((i) => i.args.includes("collectstatic"));
    expect(collect).toHaveLength(1);
    expect(collect[0]).toMatchObject({ stage: "runtime", keyword: "RUN" });
    expect(collect[0].args).toMatch(/^DJANGO_SECRET_KEY=\S+ python manage\.py collectstatic --noinput$/);
  });

  test("pins each runtime dependency exactly, Django on the 5.2 LTS line", () => {
    const lines = readFileSync(path.join(APP_DIR, "requirements.txt"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const pins = Object.fromEntries(
      lines.map((l) => {
        const m = /^([A-Za-z0-9_.-]+(?:\[[a-z,]+\])?)==(\d+(?:\.\d+)+)$/.exec(l);
        expect(m, l).not.toBeNull();
        return [m![1], m![2]];
      }),
    );
    expect(Object.keys(pins).sort()).toEqual([
      "Django",
      "dj-database-url",
      "gunicorn",
      "psycopg[binary]",
      "sentry-sdk",
      "whitenoise",
    ]);
    expect(pins.Django).toMatch(/^5\.2\.\d+$/);
  });
});

const missing = missingPackages();
if (missing.length > 0 && process.env.CI !== "true") {
  const are = missing.length === 1 ? "is" : "are";
  test.skip(`skipped: Debian's ${missing.join(", ")} ${are} not installed; run: ${INSTALL}`, () => {});
} else {
  // CI runs INSTALL before the tests, so there a missing package is a bug: fail instead of skipping.
  test(`Debian's packages for app/ are installed (${INSTALL})`, () => {
    expect(missing).toEqual([]);
  });
}

describe.skipIf(missing.length > 0)("app/ on Debian's Django, with the config vars from lib/django.ts", () => {
  test("check --deploy --fail-level WARNING is silent", () => {
    const r = checkDeploy(productionEnv());
    expect(r).toEqual({ status: 0, stdout: NO_ISSUES, stderr: "" });
  });

  test("absent DEBUG, SSL redirect and cookie flags fall back to production values", () => {
    const r = checkDeploy(
      productionEnv({
        DJANGO_DEBUG: undefined,
        DJANGO_SECURE_SSL_REDIRECT: undefined,
        DJANGO_SESSION_COOKIE_SECURE: undefined,
        DJANGO_CSRF_COOKIE_SECURE: undefined,
      }),
    );
    expect(r).toEqual({ status: 0, stdout: NO_ISSUES, stderr: "" });
  });

  test.each([
    ["DJANGO_DEBUG=True", "security.W018", { DJANGO_DEBUG: "True" }],
    ["no DJANGO_SECURE_HSTS_SECONDS", "security.W004", { DJANGO_SECURE_HSTS_SECONDS: undefined }],
    ["no DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005", { DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS: undefined }],
    ["no DJANGO_SECURE_HSTS_PRELOAD", "security.W021", { DJANGO_SECURE_HSTS_PRELOAD: undefined }],
    ["DJANGO_SECURE_SSL_REDIRECT=False", "security.W008", { DJANGO_SECURE_SSL_REDIRECT: "False" }],
    ["DJANGO_SESSION_COOKIE_SECURE=False", "security.W012", { DJANGO_SESSION_COOKIE_SECURE: "False" }],
    ["DJANGO_CSRF_COOKIE_SECURE=False", "security.W016", { DJANGO_CSRF_COOKIE_SECURE: "False" }],
    ["a 20-character DJANGO_SECRET_KEY", "security.W009", { DJANGO_SECRET_KEY: SECRET_KEY.slice(0, 20) }],
    ["no DJANGO_ALLOWED_HOSTS", "security.W020", { DJANGO_ALLOWED_HOSTS: undefined }],
  ])("%s fails check --deploy with exactly %s", (_name, id, overrides) => {
    const r = checkDeploy(productionEnv(overrides));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(checkIds(r.stderr)).toEqual([id]);
    expect(r.stderr).toContain("System check identified 1 issue (0 silenced).");
  });

  test.each([
    ["is absent", { DJANGO_SECRET_KEY: undefined }],
    ["is empty", { DJANGO_SECRET_KEY: "" }],
    ["is absent and so is DJANGO_DEBUG", { DJANGO_SECRET_KEY: undefined, DJANGO_DEBUG: undefined }],
  ])("startup stops with a clear message when DJANGO_SECRET_KEY %s", (_name, overrides) => {
    const r = manage(["check"], productionEnv(overrides));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set. " +
        "Set it to at least 50 random characters, or set DJANGO_DEBUG=True for local development.\n",
    );
  });

  test.each([
    [{ DJANGO_DEBUG: "yes" }, `DJANGO_DEBUG must be "True" or "False", got 'yes'.`],
    [{ DJANGO_SECURE_SSL_REDIRECT: "Flase" }, `DJANGO_SECURE_SSL_REDIRECT must be "True" or "False", got 'Flase'.`],
    [{ DJANGO_SECURE_HSTS_SECONDS: "1y" }, "DJANGO_SECURE_HSTS_SECONDS must be a whole number of seconds, got '1y'."],
    [{ DJANGO_SECURE_HSTS_SECONDS: "-1" }, "DJANGO_SECURE_HSTS_SECONDS must be a whole number of seconds, got '-1'."],
  ])("a malformed value %j stops startup", (overrides, message) => {
    const r = manage(["check"], productionEnv(overrides));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`django.core.exceptions.ImproperlyConfigured: ${message}\n`);
  });

  test("reads every contract variable into the settings Django runs with", () => {
    const dump = dumpSettings(productionEnv());
    expect(dump.settings).toEqual({
      DEBUG: false,
      ALLOWED_HOSTS: HOSTS,
      CSRF_TRUSTED_ORIGINS: ["https://www.example.com", "https://example-app.herokuapp.com"],
      SECURE_PROXY_SSL_HEADER: ["HTTP_X_FORWARDED_PROTO", "https"],
      SECURE_SSL_REDIRECT: true,
      SECURE_REDIRECT_EXEMPT: [],
      SECURE_HSTS_SECONDS: 31_536_000,
      SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
      SECURE_HSTS_PRELOAD: true,
      SESSION_COOKIE_SECURE: true,
      CSRF_COOKIE_SECURE: true,
      SECURE_CONTENT_TYPE_NOSNIFF: true,
      SECURE_REFERRER_POLICY: "same-origin",
      SECURE_CROSS_ORIGIN_OPENER_POLICY: "same-origin",
      X_FRAME_OPTIONS: "DENY",
      MIDDLEWARE: [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
      ],
    });
    expect(dump.database).toEqual({
      ENGINE: "django.db.backends.postgresql",
      NAME: "db",
      USER: "u",
      PASSWORD: "p",
      HOST: "localhost",
      PORT: 5432,
      CONN_MAX_AGE: 600,
      CONN_HEALTH_CHECKS: true,
      OPTIONS: { sslmode: "require" },
    });
    expect(dump.staticfiles_storage).toBe("whitenoise.storage.CompressedManifestStaticFilesStorage");
    expect(dump.sentry).toEqual({ active: false });
  });

  test("with DJANGO_DEBUG=True the database no longer requires TLS", () => {
    const dump = dumpSettings(productionEnv({ DJANGO_DEBUG: "True" }));
    expect(dump.settings.DEBUG).toBe(true);
    // dj-database-url >= 1.0 leaves out an empty OPTIONS; Debian's 0.5 keeps it.
    expect(dump.database.OPTIONS ?? {}).toEqual({});
  });

  test("SENTRY_DSN turns on sentry-sdk with the Django integration, environment and release", () => {
    const dump = dumpSettings(
      productionEnv({
        // Loopback, port 9: nothing is sent anywhere, and nothing is queued to send.
        SENTRY_DSN: "http://public@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT: "production",
        SENTRY_RELEASE: "v42",
      }),
    );
    expect(dump.sentry).toMatchObject({
      active: true,
      dsn: "http://public@127.0.0.1:9/1",
      environment: "production",
      release: "v42",
      send_default_pii: false,
    });
    expect(dump.sentry.integrations).toContain("django");
  });

  test("without DATABASE_URL outside DEBUG, the first query fails instead of using a local database", () => {
    const r = manage(["migrate", "--noinput"], productionEnv({ DATABASE_URL: undefined }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("settings.DATABASES is improperly configured. Please supply the ENGINE value.");
    expect(existsSync(path.join(APP_DIR, "db.sqlite3"))).toBe(false);
  });

  test("app/web/tests.py passes: /healthz is 200 JSON over https, 301 over http, queries no database", () => {
    const r = manage(["test", "web", "--noinput"], productionEnv());
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Ran 6 tests in \d+\.\d+s$/m);
    expect(r.stderr).toMatch(/\n\nOK\n$/);
  });

  describe("the images' build and run steps, outside Docker", () => {
    let workDir = "";
    let collect: Run;
    let gunicorn: ChildProcess | undefined;
    let gunicornLog = "";

    beforeAll(() => {
      workDir = mkdtempSync(path.join(tmpdir(), "django-app-"));
      cpSync(APP_DIR, workDir, {
        recursive: true,
        filter: (src) => !/(^|\/)(__pycache__|staticfiles)(\/|$)/.test(path.relative(APP_DIR, src)),
      });
      // The Dockerfile's RUN line, with only the variables it sets itself: no DATABASE_URL, no real key.
      const run = dockerfile.find((i) => i.args.includes("collectstatic"))!.args;
      const assignments = Object.fromEntries([...run.matchAll(/(\w+)=(\S+)\s/g)].map((m) => [m[1], m[2]]));
      collect = manage(["collectstatic", "--noinput"], { PATH: "/usr/bin:/bin", ...assignments }, workDir);
    });

    afterAll(() => {
      if (gunicorn?.exitCode === null) gunicorn.kill("SIGKILL");
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    test("collectstatic stores content-hashed, compressed files without real secrets or a database", () => {
      expect(collect.status).toBe(0);
      expect(collect.stdout).toMatch(/^1 static file copied to '.*\/staticfiles', \d+ post-processed\.$/m);
      const manifest = JSON.parse(readFileSync(path.join(workDir, "staticfiles", "staticfiles.json"), "utf8")) as {
        paths: Record<string, string>;
      };
      expect(Object.keys(manifest.paths)).toEqual(["web/site.css"]);
      expect(manifest.paths["web/site.css"]).toMatch(/^web\/site\.[0-9a-f]{12}\.css$/);
      expect(existsSync(path.join(workDir, "staticfiles", `${manifest.paths["web/site.css"]}.gz`))).toBe(true);
    });

    test("gunicorn.conf.py, read by the web CMD, takes workers from WEB_CONCURRENCY and the bind from PORT", () => {
      const r = spawnSync("/bin/sh", ["-c", `${stageCmd("web")} --print-config`], {
        cwd: workDir,
        env: productionEnv({ PORT: "5123", WEB_CONCURRENCY: "3" }),
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(r.status).toBe(0);
      const config = Object.fromEntries(
        [...r.stdout.matchAll(/^(\w+)\s+= (.*)$/gm)].map((m) => [m[1], m[2]]),
      );
      expect(config).toMatchObject({
        bind: "['0.0.0.0:5123']",
        workers: "3",
        timeout: "25",
        graceful_timeout: "20",
        forwarded_allow_ips: "['*']",
        accesslog: "-",
        errorlog: "-",
      });
    });

    test("the web CMD serves /healthz and hashed static files on $PORT behind Heroku's router", async () => {
      const port = await freePort();
      gunicorn = spawn("/bin/sh", ["-c", stageCmd("web")], {
        cwd: workDir,
        env: productionEnv({ PORT: String(port), WEB_CONCURRENCY: "1" }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      gunicorn.stdout!.on("data", (d: Buffer) => (gunicornLog += d.toString()));
      gunicorn.stderr!.on("data", (d: Buffer) => (gunicornLog += d.toString()));
      const exited = new Promise<number | null>((resolve) => gunicorn!.on("exit", (code) => resolve(code)));

      const https = { host: HOSTS[0], "x-forwarded-proto": "https" };
      const health = await waitFor(() => get(port, "/healthz", https), () => gunicornLog);
      expect(health.status).toBe(200);
      expect(health.body).toBe('{"status": "ok"}');
      expect(health.headers["content-type"]).toBe("application/json");
      expect(health.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains; preload");

      const plain = await get(port, "/healthz", { host: HOSTS[0] });
      expect(plain.status).toBe(301);
      expect(plain.headers.location).toBe("https://www.example.com/healthz");

      const manifest = JSON.parse(readFileSync(path.join(workDir, "staticfiles", "staticfiles.json"), "utf8")) as {
        paths: Record<string, string>;
      };
      const css = await get(port, `/static/${manifest.paths["web/site.css"]}`, { ...https, "accept-encoding": "gzip" });
      expect(css.status).toBe(200);
      expect(css.headers["content-encoding"]).toBe("gzip");
      expect(css.headers["cache-control"]).toBe("max-age=315360000, public, immutable");

      gunicorn.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(gunicornLog).toContain(`Listening at: http://0.0.0.0:${port}`);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(port: number, urlPath: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("latin1") }),
      );
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${urlPath} timed out`)));
    req.on("error", reject);
  });
}

/** Retries until gunicorn accepts connections: at most 15 s, every 100 ms. */
async function waitFor<T>(attempt: () => Promise<T>, log: () => string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`gunicorn did not answer within 15 s: ${String(error)}\n${log()}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
