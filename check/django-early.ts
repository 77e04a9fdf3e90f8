// Django's own check takes about half a second, most of it Python importing Django and the app's settings, and it
// needs only the environment the stack declares. So the check starts it before the program has finished, on the
// environment it expects, and uses that run only when it turns out to be exactly the run it would have started last.
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeKept } from "../lib/kept-file";
import { djangoPassThrough, runDjangoCheck, sameInput, type DjangoCheckResult, type PythonFound } from "./django-check";
import type { WarmDjango } from "./django-warm";

/** A run of Django's check, started on an input that may not be the one the stack declares. */
export interface StartedDjangoCheck {
  readonly appDir: string;
  readonly python: PythonFound;
  readonly input: Readonly<Record<string, string>>;
  /** What of the environment it started with Python gets too (PATH, HOME and the like). */
  readonly passThrough: Readonly<Record<string, string>>;
  readonly result: Promise<DjangoCheckResult>;
  /** Stops the child; its result is then never read. */
  abort(): void;
}

export function startDjangoCheck(
  appDir: string,
  python: PythonFound,
  input: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): StartedDjangoCheck {
  const stop = new AbortController();
  const result = runDjangoCheck({ appDir, input, found: python, env, signal: stop.signal });
  return { appDir, python, input, passThrough: djangoPassThrough(env), result, abort: () => stop.abort() };
}

/**
 * Whether a process was started as the check would start Django's check now: in the same app, with what Python gets
 * of the environment, and, once the probe has said which interpreter that is, on the same interpreter and Django.
 */
export function sameStart(
  run: { readonly appDir: string; readonly python: PythonFound; readonly passThrough: Readonly<Record<string, string>> },
  appDir: string,
  env: NodeJS.ProcessEnv,
  python?: PythonFound,
): boolean {
  return (
    run.appDir === appDir &&
    sameInput(run.passThrough, djangoPassThrough(env)) &&
    (python === undefined || (run.python.path === python.path && run.python.djangoVersion === python.djangoVersion))
  );
}

/** Whether the run is the one the check would start now: started alike, on the same input. */
function isRunFor(run: StartedDjangoCheck, appDir: string, input: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv, python?: PythonFound): boolean {
  return sameInput(run.input, input) && sameStart(run, appDir, env, python);
}

/**
 * The runs of Django's check that one production check has started, and the choice among them: a run is used only
 * if it is exactly the one the check would start once the program has run; every other run is stopped. A run that
 * must start late goes to the warm interpreter when there is one and it can take the input.
 */
export class DjangoRuns {
  private readonly runs: StartedDjangoCheck[];
  private chosen = false;

  constructor(
    private readonly appDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly probing: Promise<PythonFound | { tried: string[] }>,
    started?: StartedDjangoCheck,
    private warm?: Promise<WarmDjango | undefined>,
  ) {
    this.runs = started ? [started] : [];
  }

  /** Starts a run on `input` unless one is under way; resolves once it has started, or once none will. */
  async startOn(input: Readonly<Record<string, string>>): Promise<void> {
    // A run on this input is under way: no need to wait for the probe to say whether it is usable.
    if (this.runs.some((r) => isRunFor(r, this.appDir, input, this.env))) return;
    const found = await this.probing;
    if (this.chosen || "tried" in found) return;
    const run = await this.start(input, found);
    // The verdict was asked for meanwhile, and resultFor has chosen its run.
    if (this.chosen) run.abort();
    else this.stop(run);
  }

  /** Django's verdict on `input`: from a run started for exactly it, else from a run started now. */
  async resultFor(input: Readonly<Record<string, string>>): Promise<DjangoCheckResult> {
    const found = await this.probing;
    this.chosen = true;
    if ("tried" in found) {
      this.stop();
      return runDjangoCheck({ appDir: this.appDir, input, env: this.env, found });
    }
    const run = this.runs.find((r) => isRunFor(r, this.appDir, input, this.env, found)) ?? (await this.start(input, found));
    this.stop(run);
    return run.result;
  }

  /** Stops every run but `kept`, and the warm interpreter unless `kept` is its run. */
  stop(kept?: StartedDjangoCheck): void {
    for (const r of this.runs.splice(0)) {
      if (r !== kept) r.abort();
    }
    if (kept) this.runs.push(kept);
    const warm = this.warm;
    this.warm = undefined;
    void warm?.then((w) => w?.abort());
  }

  private async start(input: Readonly<Record<string, string>>, found: PythonFound): Promise<StartedDjangoCheck> {
    const warm = await this.warm;
    // Another start may have taken it while this one waited.
    if (warm && this.warm && warm.takes(this.appDir, found, input, this.env)) {
      this.warm = undefined;
      return warm.run(input);
    }
    return startDjangoCheck(this.appDir, found, input, this.env);
  }
}

/** What the last check of a stack gave Django's check, kept so that the next check can start it at once. */
export interface RememberedInput {
  /** The project directory (where Pulumi.yaml is) the check ran in. */
  readonly dir: string;
  readonly appDir: string;
  readonly python: PythonFound;
  readonly input: Record<string, string>;
  /** The stack's config as that check read it (see {@link configFingerprint}). */
  readonly config?: string;
}

/**
 * A hash of the project file and the stack's config file, or undefined when one cannot be read. When it has changed
 * since the last check, the input Django's check is given has probably changed too.
 */
export function configFingerprint(dir: string, stack: string): string | undefined {
  try {
    const hash = createHash("sha256");
    for (const file of ["Pulumi.yaml", `Pulumi.${stack}.yaml`]) hash.update(readFileSync(join(dir, file))).update("\0");
    return hash.digest("hex").slice(0, 32);
  } catch {
    return undefined;
  }
}

/**
 * Where the last input for this stack is kept: in `HEROKU_PRODUCTION_DJANGO_MEMORY` (the launcher sets it, in
 * `.build/`), one file per stack, which says the project directory it came from. Undefined without it: nothing is
 * kept.
 */
export function memoryFile(stack: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = env.HEROKU_PRODUCTION_DJANGO_MEMORY;
  return root ? join(root, `${encodeURIComponent(stack)}.json`) : undefined;
}

// Checked by hand, not with zod: this runs before anything else loads, and zod's own load (about 85 ms) would delay
// the start of Django's check by as much (measured: warm checks about 0.1 s slower with it).
const isStrings = (v: unknown): v is Record<string, string> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/** The remembered input, or undefined when there is none or it is not one this module wrote. */
export function recall(file: string): RememberedInput | undefined {
  try {
    const doc = JSON.parse(readFileSync(file, "utf8")) as Partial<RememberedInput>;
    const python = doc.python as Partial<PythonFound> | undefined;
    if (typeof doc.dir !== "string" || typeof doc.appDir !== "string" || !isStrings(doc.input) || !python || !isStrings(python)) return undefined;
    if (typeof python.path !== "string" || typeof python.from !== "string" || typeof python.djangoVersion !== "string") return undefined;
    const found = { path: python.path, from: python.from, djangoVersion: python.djangoVersion };
    return { dir: doc.dir, appDir: doc.appDir, python: found, input: doc.input, ...(typeof doc.config === "string" ? { config: doc.config } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Keeps the input (written whole, so that a concurrent check reads the old file or the new one). It only saves time,
 * so a directory that cannot be written is not an error.
 */
export function remember(file: string, value: RememberedInput): void {
  writeKept(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function forget(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // As above: nothing depends on it.
  }
}
