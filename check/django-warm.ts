// A run of Django's check that must wait for the program (the stack's config changed since the last check, or there
// is no last check) spends about half its time importing Django before it reads anything of its input. So the check
// starts the interpreter early, has it import those modules, and only then gives it the input.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { CHECK_ARGS, checkResult, djangoPassThrough, djangoStartEnv, runDjangoCheck, type PythonFound } from "./django-check";
import { sameStart, type StartedDjangoCheck } from "./django-early";

/**
 * Modules that `manage.py check` imports for every project (a project with no apps and an empty URLconf imports each
 * of them), so importing them first changes what runs only in its order. Django's check and the app's own modules
 * are imported once the input is set, as in a run started cold.
 */
const PRELOADED = [
  "django.core.management",
  "django.core.checks",
  "django.db.models",
  "django.forms",
  "django.http",
  "django.template",
  "django.urls",
  "django.views",
] as const;

/** The first line the interpreter prints once it has taken the input: without it, nothing of the check ran. */
export const TAKEN = "heroku-production: input taken";

// Reads one line, the input as JSON, then runs manage.py as `python manage.py ...` would: the same argv, sys.path[0]
// and __file__ (absolute from Python 3.9). An empty line or the end of stdin means the run is not wanted.
const SCRIPT = `
import importlib, json, os, runpy, sys
for name in ${JSON.stringify(PRELOADED)}:
    try:
        importlib.import_module(name)
    except Exception:
        pass
line = sys.stdin.readline()
if not line.strip():
    sys.exit(0)
os.environ.update(json.loads(line))
sys.stdout.write(${JSON.stringify(TAKEN)} + "\\n")
sys.stdout.flush()
script = os.path.abspath("manage.py")
sys.argv = ["manage.py"] + ${JSON.stringify(CHECK_ARGS)}
sys.path[0] = os.path.dirname(os.path.realpath(script))
runpy.run_path(script if sys.version_info >= (3, 9) else "manage.py", run_name="__main__")
`;

// Read as Python starts (or by modules imported before the input is set): an input that sets one of them must be
// there from the start, so it goes to a run started cold.
const AT_START = new Set(["HOME", "LANG", "LANGUAGE", "PATH", "PWD", "SYSTEMROOT", "TMPDIR", "TZ", "VIRTUAL_ENV"]);

/** Whether the input sets a variable that Python reads as it starts, which a warm interpreter has started without. */
export function setsStartVariable(input: Readonly<Record<string, string>>): boolean {
  return Object.keys(input).some((k) => AT_START.has(k) || k.startsWith("PYTHON") || k.startsWith("LC_"));
}

/** An interpreter that has imported Django and waits for one input. */
export interface WarmDjango {
  readonly appDir: string;
  readonly python: PythonFound;
  readonly passThrough: Readonly<Record<string, string>>;
  /** Whether a run on `input` here is the run the check would start cold for this app, interpreter and environment. */
  takes(appDir: string, python: PythonFound, input: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): boolean;
  /** Gives it the input; once only. */
  run(input: Readonly<Record<string, string>>): StartedDjangoCheck;
  /** Stops it, unless it is running an input (that run is stopped with its own abort). */
  abort(): void;
}

const TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Starts the interpreter in the app's directory with what a cold run starts with, less the input. Until it is given
 * an input it does not keep this process alive, and it exits when this process does (its stdin closes).
 */
export function startWarmDjango(appDir: string, python: PythonFound, env: NodeJS.ProcessEnv): WarmDjango {
  const child = spawn(python.path, ["-c", SCRIPT], { cwd: appDir, env: djangoStartEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  // Pipes are sockets, which can be left out of what keeps the process alive.
  const streams = [child.stdin, child.stdout, child.stderr] as unknown as Socket[];
  const idle = (on: boolean) => {
    for (const s of streams) {
      if (on) s.unref();
      else s.ref();
    }
    if (on) child.unref();
    else child.ref();
  };
  idle(true);
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  const out = { stdout: "", stderr: "", length: 0, tooLong: false };
  const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    out.length += chunk.length;
    if (out.length > MAX_OUTPUT) {
      out.tooLong = true;
      stop();
    } else {
      out[stream] += chunk.toString("utf8");
    }
  };
  child.stdout.on("data", collect("stdout"));
  child.stderr.on("data", collect("stderr"));
  const exited = new Promise<{ status: number | null; error?: Error }>((resolve) => {
    child.on("error", (error) => resolve({ status: null, error }));
    child.on("close", (code) => resolve({ status: code }));
  });
  // A pipe closed by an interpreter that stopped early is not this process's error.
  child.stdin.on("error", () => {});
  let given = false;
  const passThrough = djangoPassThrough(env);
  const started = { appDir, python, passThrough };
  return {
    ...started,
    takes(dir, found, input, callerEnv) {
      return (
        !given &&
        sameStart(started, dir, callerEnv, found) &&
        !setsStartVariable(input) &&
        // Without one a cold run is skipped, saying why.
        existsSync(join(appDir, "manage.py"))
      );
    },
    run(input) {
      if (given) throw new Error("a warm interpreter takes one input");
      given = true;
      idle(false);
      child.stdin.end(`${JSON.stringify(input)}\n`);
      const timer = setTimeout(stop, TIMEOUT_MS);
      const fallback = new AbortController();
      const result = exited.then(({ status, error }) => {
        clearTimeout(timer);
        // It stopped before it took the input (it could not start, or it is not the interpreter the probe saw): a
        // run started cold answers instead, so that nothing is reported that Django did not say.
        if (!out.stdout.startsWith(`${TAKEN}\n`)) return runDjangoCheck({ appDir, input, env, found: python, signal: fallback.signal });
        // As a cold run reads it: all it printed, then all it complained.
        const output = `${out.stdout.slice(TAKEN.length + 1)}\n${out.stderr}`;
        return checkResult(python, out.tooLong ? null : status, output, out.tooLong ? new Error("more output than Django's check gives") : error);
      });
      const abort = () => {
        stop();
        fallback.abort();
      };
      return { appDir, python, input, passThrough, result, abort };
    },
    abort() {
      if (!given) stop();
    },
  };
}
