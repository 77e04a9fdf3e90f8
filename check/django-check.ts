import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { OFFLINE_SECRET } from "../policy/offline-secret";
import { ADDON, APP, CONFIG_ASSOCIATION } from "../policy/tokens";
import { ADDON_SERVICES, splitAddonPlan } from "../lib/catalog";
import type { JudgedResource } from "../lib/policy-resources";

/** One config var the stack declares for the app, as its dynos would see it. */
export interface DeclaredVar {
  readonly name: string;
  /** The value; for a sensitive var, what the offline run holds (a mock's value or the offline placeholder). */
  readonly value: string;
  readonly sensitive: boolean;
  /** Set by an add-on rather than by a config var resource. */
  readonly addon?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The environment the stack declares for its app, in the order Heroku applies it: the app's vars, each config
 * association's, then what each add-on attaches (well-formed dummies from the catalog).
 */
export function declaredEnvironment(resources: readonly JudgedResource[]): DeclaredVar[] {
  const vars = new Map<string, DeclaredVar>();
  const put = (record: unknown, sensitive: boolean) => {
    if (!isRecord(record)) return;
    for (const [name, value] of Object.entries(record)) {
      if (value !== undefined && value !== null) vars.set(name, { name, value: String(value), sensitive });
    }
  };
  for (const r of resources.filter((x) => x.type === APP)) {
    put(r.props.configVars, false);
    put(r.props.sensitiveConfigVars, true);
  }
  for (const r of resources.filter((x) => x.type === CONFIG_ASSOCIATION)) {
    put(r.props.vars, false);
    put(r.props.sensitiveVars, true);
  }
  for (const r of resources.filter((x) => x.type === ADDON)) {
    const { service } = splitAddonPlan(String(r.props.plan ?? ""));
    if (!Object.prototype.hasOwnProperty.call(ADDON_SERVICES, service)) continue;
    for (const [name, value] of Object.entries(ADDON_SERVICES[service].configVars)) {
      vars.set(name, { name, value, sensitive: true, addon: service });
    }
  }
  return [...vars.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How a var may be printed: sensitive values never are, only whether they are set and how long they are. */
export function maskedValue(v: DeclaredVar): string {
  if (!v.sensitive) return v.value;
  if (v.addon) return `[set by ${v.addon}]`;
  return v.value === OFFLINE_SECRET ? "[secret, set with --secret]" : `[secret, ${[...v.value].length} characters]`;
}

const ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_!#%*()=+";

/** A random-looking string of `length` characters, as strong as a generated secret (many distinct characters). */
function strongText(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    for (const byte of createHash("sha256").update(`${seed}:${i}`).digest()) out += ALPHABET[byte % ALPHABET.length];
  }
  return out.slice(0, length);
}

/**
 * What a sensitive var is replaced with for Django's check: of the same length and strength, and for a URL the same
 * shape with its credentials replaced, so that settings that parse it (dj-database-url, sentry-sdk) still load.
 * A value set with `--secret` that cannot be read offline becomes a 64-character key, or a URL when its name says so.
 */
export function placeholder(v: DeclaredVar): string {
  if (!v.sensitive || v.addon) return v.value;
  if (v.value === OFFLINE_SECRET) {
    return /URL|DSN/i.test(v.name) ? "https://placeholder:offline-secret@secret.offline.invalid/1" : strongText(v.name, 64);
  }
  try {
    const u = new URL(v.value);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v.value) && (u.username || u.password)) {
      if (u.username) u.username = strongText(`${v.name}:user`, u.username.length).replace(/[^A-Za-z0-9]/g, "x");
      if (u.password) u.password = strongText(`${v.name}:password`, u.password.length).replace(/[^A-Za-z0-9]/g, "x");
      return u.toString();
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v.value)) return v.value;
  } catch {
    // Not a URL: a key of the same length.
  }
  return strongText(v.name, [...v.value].length);
}

/** Where the interpreter comes from: `--python`, `$PYTHON`, `<appPath>/.venv/bin/python`, then `python3`. */
export function pythonCandidates(appDir: string, flag?: string, env: NodeJS.ProcessEnv = process.env): { path: string; from: string }[] {
  const out: { path: string; from: string }[] = [];
  if (flag) out.push({ path: flag, from: "--python" });
  if (env.PYTHON) out.push({ path: env.PYTHON, from: "$PYTHON" });
  const venv = join(appDir, ".venv", "bin", "python");
  if (existsSync(venv)) out.push({ path: venv, from: `${venv}` });
  out.push({ path: "python3", from: "python3 on PATH" });
  return out;
}

export interface PythonFound {
  readonly path: string;
  readonly from: string;
  readonly djangoVersion: string;
}

/**
 * The first candidate that imports Django, or why none did. It does not block: the check probes while the program
 * runs under mocks.
 */
export async function findPythonAsync(
  candidates: readonly { path: string; from: string }[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonFound | { tried: string[] }> {
  const tried: string[] = [];
  for (const c of candidates) {
    const probe = await new Promise<{ ok: boolean; out: string; missing: boolean }>((resolve) =>
      execFile(
        c.path,
        ["-c", "import django; print(django.get_version())"],
        { encoding: "utf8", timeout: 20_000, env: { PATH: env.PATH ?? "", HOME: env.HOME ?? "" } },
        (error, stdout) =>
          resolve({ ok: !error && stdout.trim() !== "", out: stdout.trim(), missing: (error as NodeJS.ErrnoException | null)?.code === "ENOENT" }),
      ),
    );
    if (probe.ok) return { ...c, djangoVersion: probe.out };
    tried.push(`${c.path} (${c.from}): ${probe.missing ? "not found" : "cannot import django"}`);
  }
  return { tried };
}

/** One message of `check --deploy`, as Django prints it. */
export interface DjangoMessage {
  readonly id: string;
  readonly object: string;
  readonly text: string;
  readonly hint?: string;
}

/** Django's messages in the output of `manage.py check` (`<obj>: (<id>) <msg>` and an optional `\tHINT: …` line). */
export function parseCheckOutput(output: string): DjangoMessage[] {
  const messages: DjangoMessage[] = [];
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\S.*?): \(([A-Za-z_][\w.]*\.[A-Z]\d+)\) (.*)$/.exec(lines[i]);
    if (!m) continue;
    const hint = /^\tHINT: (.*)$/.exec(lines[i + 1] ?? "")?.[1];
    messages.push({ object: m[1], id: m[2], text: m[3], ...(hint ? { hint } : {}) });
  }
  return messages;
}

export type DjangoCheckResult =
  | { readonly kind: "ran"; readonly python: PythonFound; readonly exitCode: number; readonly messages: DjangoMessage[] }
  | { readonly kind: "crashed"; readonly python: PythonFound; readonly exitCode: number | null; readonly error: string }
  | { readonly kind: "skipped"; readonly reason: string };

/**
 * Exactly what Django's check gets from the stack: the declared environment, sensitive values replaced by
 * placeholders, and the settings module.
 */
export function djangoInput(environment: readonly DeclaredVar[], settingsModule: string): Record<string, string> {
  return { ...Object.fromEntries(environment.map((v) => [v.name, placeholder(v)])), DJANGO_SETTINGS_MODULE: settingsModule };
}

/** Whether two inputs give Django the same variables. */
export function sameInput(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/**
 * Whether the input holds nothing taken from a secret's value, so that it may be kept on disk: every sensitive var
 * is an add-on's dummy, a value the mocks made up (`computed`), or a `--secret` value the offline run cannot read.
 * (A placeholder keeps a readable secret's length, and a URL's host and query.)
 */
export function inputHoldsNoSecret(environment: readonly DeclaredVar[], computed: ReadonlySet<string>): boolean {
  return environment.every((v) => !v.sensitive || v.addon !== undefined || v.value === OFFLINE_SECRET || computed.has(v.value));
}

/** What of the caller's environment Django's check gets besides its input: what Python needs to start. */
export function djangoPassThrough(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(["PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "VIRTUAL_ENV"].flatMap((k) => (env[k] ? [[k, env[k]!]] : [])));
}

/** The environment Django's check starts with before its input: what Python needs, and no bytecode written into the app. */
export function djangoStartEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return { ...djangoPassThrough(env), PYTHONDONTWRITEBYTECODE: "1" };
}

/**
 * Runs `python manage.py check --deploy --fail-level WARNING` in the app's directory with exactly `input` (see
 * {@link djangoInput}), plus what Python needs to start. It runs in a child process and does not block, so that the
 * check can start it while the program is still running.
 */
export async function runDjangoCheck(options: {
  readonly appDir: string;
  readonly input: Readonly<Record<string, string>>;
  readonly python?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The interpreter, when it was already probed. */
  readonly found?: PythonFound | { tried: string[] };
  /** Stops the child (the result is then of no use). */
  readonly signal?: AbortSignal;
}): Promise<DjangoCheckResult> {
  const env = options.env ?? process.env;
  if (!existsSync(join(options.appDir, "manage.py"))) {
    return { kind: "skipped", reason: `${options.appDir} has no manage.py, so Django's own check cannot run there.` };
  }
  const python = options.found ?? (await findPythonAsync(pythonCandidates(options.appDir, options.python, env), env));
  if ("tried" in python) {
    return {
      kind: "skipped",
      reason:
        `no Python that imports Django was found (tried ${python.tried.join("; ")}). To run Django's own check, pass ` +
        "--python PATH or set PYTHON to an interpreter with the app's requirements installed (for example <appPath>/.venv).",
    };
  }
  const run = await new Promise<{ status: number | null; output: string; error?: Error }>((resolve) =>
    execFile(
      python.path,
      ["manage.py", ...CHECK_ARGS],
      {
        cwd: options.appDir,
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
        signal: options.signal,
        env: { ...djangoStartEnv(env), ...options.input },
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ status, output: `${stdout ?? ""}\n${stderr ?? ""}`, ...(error && status === null ? { error } : {}) });
      },
    ),
  );
  return checkResult(python, run.status, run.output, run.error);
}

/** The arguments of Django's check after `manage.py`. */
export const CHECK_ARGS = ["check", "--deploy", "--fail-level", "WARNING"] as const;

/**
 * What a finished run of Django's check says: its messages, or, when it printed none and failed, its last line.
 * `status` is null when the process did not exit by itself (a signal, a timeout) or did not start (`error`).
 */
export function checkResult(python: PythonFound, status: number | null, output: string, error?: Error): DjangoCheckResult {
  const messages = parseCheckOutput(output);
  if (status === 0 || messages.length > 0) {
    return { kind: "ran", python, exitCode: status ?? 1, messages };
  }
  const last = output.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? (error?.message ?? "no output");
  return { kind: "crashed", python, exitCode: status, error: last };
}
