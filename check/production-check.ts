import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CHECKLIST, configDefaults, type ChecklistEntry, type Section as PolicySection, type Status } from "../policy/checklist";
import { FORMATION } from "../policy/tokens";
import { DJANGO_SUPPORT, estimateMonthlyCost, PYTHON_SUPPORT, type CostEstimate } from "../lib/catalog";
import { ConfigError, parseConfig, type EnvironmentConfig } from "../lib/config";
import { setProjectDir } from "../lib/app-source";
import { maskComputed, runOffline, type OfflineRun } from "../lib/offline";
import { judgedResources, type JudgedResource } from "../lib/policy-resources";
import { readStackConfig, splitNamespaces, withOfflineDefaults, type StackConfig } from "../lib/stack-file";
import {
  declaredEnvironment,
  djangoInput,
  findPythonAsync,
  inputHoldsNoSecret,
  maskedValue,
  pythonCandidates,
  type DjangoCheckResult,
} from "./django-check";
import { configFingerprint, DjangoRuns, forget, remember, type StartedDjangoCheck } from "./django-early";
import type { WarmDjango } from "./django-warm";
import { djangoVersion, judgeVersion, pythonVersions } from "./versions";

/** The report's sections: the policy pack's, then what only the check judges. */
export type Section =
  | PolicySection
  | "Config"
  | "Django's own check"
  | "Versions"
  | "Live: Heroku"
  | "Live: Django"
  | "Live: DNS"
  | "Drift";

export type Enforcement = "advisory" | "mandatory" | "remediate" | "disabled";

/** A `--policy-pack-config` file: `{"all": level, "<policy>": level | {"enforcementLevel": level, ...config}}`. */
export type PackConfig = Record<string, Enforcement | ({ enforcementLevel?: Enforcement } & Record<string, unknown>)>;

export interface CheckRow {
  readonly section: Section;
  readonly item: string;
  readonly policy: string;
  readonly enforcement: Enforcement;
  readonly status: Status;
  readonly resource: string;
  readonly value: string;
  readonly remedy: string;
  readonly message?: string;
  readonly reason?: string;
  /** A passed item that needs attention soon (a version near the end of its support). */
  readonly warning?: string;
}

export interface CheckReport {
  readonly stack: string;
  /** Offline (what the stack declares) or live (what runs on Heroku). @default "offline" */
  readonly mode?: "offline" | "live";
  /** Where the levels came from: the stack's own pack config, or production's for a stack without one. */
  readonly levels: string;
  readonly rows: readonly CheckRow[];
  /** The environment the stack declares for its dynos; sensitive values masked. */
  readonly environment: Readonly<Record<string, string>>;
  readonly cost: CostEstimate;
  /** What `pulumi up` would refuse in the stack's config before any policy runs (`enforceChecklist`). */
  readonly configProblems: readonly string[];
  readonly mandatoryFailures: readonly string[];
  readonly passed: boolean;
}

export class UsageError extends Error {}

/**
 * The policy-pack config: `file` when given, else `policy/config/<stack>.json`, else production's levels, unless
 * the stack says it is not production (`enforceChecklist: false`): then the pack's own advisory levels apply.
 */
export function readPackConfig(stack: string, file?: string, relaxed = false): { pack: PackConfig; levels: string } {
  const configDir = join(__dirname, "..", "policy", "config");
  const path = file ?? join(configDir, `${stack}.json`);
  if (file !== undefined && !existsSync(path)) throw new UsageError(`--policy-pack-config ${file} does not exist.`);
  const load = (p: string) => JSON.parse(readFileSync(p, "utf8")) as PackConfig;
  if (existsSync(path)) return { pack: load(path), levels: file ?? `policy/config/${stack}.json` };
  if (relaxed) return { pack: {}, levels: "the pack's advisory levels (enforceChecklist is false)" };
  return { pack: load(join(configDir, "production.json")), levels: "policy/config/production.json (no file for this stack)" };
}

/** The enforcement level and config a policy runs with, merged the way the Pulumi CLI merges them. */
export function policySettings(entry: ChecklistEntry, pack: PackConfig) {
  const own = pack[entry.policy.name];
  const all = pack.all;
  const levelOf = (v: PackConfig[string] | undefined) => (typeof v === "string" ? v : v?.enforcementLevel);
  const enforcement: Enforcement =
    levelOf(own) ?? levelOf(all) ?? (entry.policy.enforcementLevel as Enforcement | undefined) ?? "advisory";
  const overrides = typeof own === "object" ? Object.fromEntries(Object.entries(own).filter(([k]) => k !== "enforcementLevel")) : {};
  return { enforcement, config: { ...configDefaults(entry.policy), ...overrides } };
}

function remedyOf(entry: ChecklistEntry): string {
  const steps = (entry.policy as { remediationSteps?: string }).remediationSteps ?? "";
  return steps.replace(/\s+/g, " ").trim();
}

function costOf(resources: readonly JudgedResource[]): CostEstimate {
  const formation = resources
    .filter((r) => r.type === FORMATION)
    .map((r) => ({ type: String(r.props.type), size: String(r.props.size), quantity: Number(r.props.quantity) }));
  const plans = resources.filter((r) => r.type === "heroku:addon/addon:Addon").map((r) => String(r.props.plan));
  const postgres = plans.find((p) => p.startsWith("heroku-postgresql:"));
  return estimateMonthlyCost({
    formation,
    postgresPlan: postgres?.slice("heroku-postgresql:".length) ?? "none",
    addons: plans.filter((p) => p !== postgres),
  });
}

/** Judges the resources with every checklist policy, at the levels the stack's pack config sets. */
export function judge(
  stack: string,
  resources: readonly JudgedResource[],
  pack: PackConfig,
  configProblems: string[] = [],
  extra: { rows?: readonly CheckRow[]; levels?: string; environment?: Record<string, string> } = {},
): CheckReport {
  const rows: CheckRow[] = [];
  for (const entry of CHECKLIST) {
    const { enforcement, config } = policySettings(entry, pack);
    if (enforcement === "disabled") continue;
    for (const f of entry.judge(resources, config)) {
      rows.push({
        section: entry.section,
        item: entry.item,
        policy: entry.policy.name,
        enforcement,
        status: f.status,
        resource: f.resource,
        value: f.value,
        remedy: remedyOf(entry),
        ...(f.message ? { message: f.message } : {}),
        ...(f.reason ? { reason: f.reason } : {}),
      });
    }
  }
  rows.push(...(extra.rows ?? []));
  const mandatoryFailures = [
    ...new Set(rows.filter((r) => r.status === "failed" && r.enforcement !== "advisory").map((r) => r.item)),
  ];
  return {
    stack,
    mode: "offline",
    levels: extra.levels ?? "given",
    rows,
    environment: extra.environment ?? {},
    cost: costOf(resources),
    configProblems,
    mandatoryFailures,
    passed: mandatoryFailures.length === 0,
  };
}

export interface CheckOptions {
  /** A `--policy-pack-config` file. */
  readonly packConfigFile?: string;
  /** The interpreter for Django's check (`--python`). */
  readonly python?: string;
  /** Leave Django's own check out (its row is Skipped, saying so). @default false */
  readonly skipDjango?: boolean;
  /** Today, for the version support table. @default now */
  readonly now?: Date;
  /** A probe for Django's interpreter already under way for this app directory (the CLI starts one early). */
  readonly pythonProbe?: { readonly appDir: string; readonly found: ReturnType<typeof findPythonAsync> };
  /**
   * Where the input of this stack's last Django check is kept (see check/django-early.ts); the check writes it
   * when the input holds no secret's value. @default nothing is kept
   */
  readonly djangoMemory?: string;
  /** Django's check already started on the remembered input (the CLI starts it before the SDK loads). */
  readonly djangoStarted?: StartedDjangoCheck;
  /**
   * An interpreter that has imported Django and waits for an input (see check/django-warm.ts), for a run of Django's
   * check that starts once the program has declared the app's environment. The CLI starts one when the stack's
   * config changed since the last check.
   */
  readonly djangoWarm?: Promise<WarmDjango | undefined>;
  readonly env?: NodeJS.ProcessEnv;
}

const row = (r: Omit<CheckRow, "policy" | "remedy"> & Partial<Pick<CheckRow, "policy" | "remedy">>): CheckRow => ({
  policy: "",
  remedy: "",
  ...r,
});

function djangoRows(result: DjangoCheckResult, enforcement: Enforcement, resource: string): CheckRow[] {
  const item = "manage.py check --deploy";
  const base = { section: "Django's own check" as const, item, policy: "django-check-deploy", enforcement, resource };
  if (result.kind === "skipped") return [row({ ...base, status: "skipped", value: "not run", reason: result.reason })];
  const via = `${result.python.path}, Django ${result.python.djangoVersion}`;
  if (result.kind === "crashed") {
    return [
      row({
        ...base,
        status: "failed",
        value: `exit ${result.exitCode ?? "signal"} (${via})`,
        message: `Django's check must run with the declared environment; it stopped: ${result.error}`,
        remedy: "Read the settings module with the stack's environment (the README's settings snippet) and run the check again.",
      }),
    ];
  }
  if (result.messages.length === 0) return [row({ ...base, status: "passed", value: `no issues (${via})` })];
  return result.messages.map((m) =>
    row({
      ...base,
      item: `${item}: ${m.id}`,
      status: "failed",
      value: m.id,
      message: m.text,
      remedy: m.hint ?? "Have the settings read the value from the environment the stack declares (see the README's settings snippet).",
    }),
  );
}

function versionRows(config: EnvironmentConfig, enforcement: Enforcement, now: Date): CheckRow[] {
  const rows: CheckRow[] = [];
  const dir = config.app.dir;
  const django = djangoVersion(dir);
  const base = { section: "Versions" as const, enforcement };
  const remedy = "Upgrade to a release with security support (lib/catalog.ts lists each line's end and its source) and pin it.";
  if (django === undefined) {
    rows.push(row({ ...base, item: "Django version", policy: "django-version-supported", status: "failed", resource: config.app.path, value: "no requirements.txt or lock file",
      message: "Django must be pinned in requirements.txt or a lock file (uv.lock, poetry.lock, Pipfile.lock); pin it.", remedy }));
  } else {
    const j = judgeVersion("Django", django, DJANGO_SUPPORT, now);
    rows.push(row({ ...base, item: "Django version", policy: "django-version-supported", resource: `${config.app.path}/${django.file}`, ...j, remedy }));
  }
  const pythons = pythonVersions(dir, config.app.dockerfilePath);
  if (pythons.length === 0) {
    rows.push(row({ ...base, item: "Python version", policy: "python-version-supported", status: "failed", resource: config.app.path,
      value: "not stated", message: "Python must be pinned in .python-version, runtime.txt or the Dockerfile's FROM python:X.Y; pin it.", remedy }));
  }
  for (const found of pythons) {
    const j = judgeVersion("Python", found, PYTHON_SUPPORT, now);
    rows.push(row({ ...base, item: "Python version", policy: "python-version-supported", resource: found.file === "Dockerfile" ? config.app.dockerfile : `${config.app.path}/${found.file}`, ...j, remedy }));
  }
  return rows;
}

/**
 * The stack as read offline: its raw config, that config parsed without the checklist guard (what is malformed even
 * then is a config error, exit 2; the rest is the checklist's to judge), and the program run with the guard off.
 */
export function offlineStack(stack: string, dir: string, env: NodeJS.ProcessEnv) {
  const config = withOfflineDefaults(readStackConfig(stack, dir));
  const raw = { ...splitNamespaces(config), herokuApiKeySet: true, sentryTokenSet: true, env, projectDir: dir };
  const lenient = parseConfig({ ...raw, values: { ...raw.values, enforceChecklist: "false" } });
  const judged: StackConfig = { ...config, values: { ...config.values, [`${config.project}:enforceChecklist`]: "false" } };
  const run = async (load: () => Promise<Record<string, unknown>>, onSettled?: (registered: Pick<OfflineRun, "project" | "registrations">) => void | Promise<unknown>) => {
    setProjectDir(dir);
    try {
      return await runOffline(judged, load, undefined, { onSettled });
    } finally {
      setProjectDir(undefined);
    }
  };
  return { raw, relaxed: raw.values.enforceChecklist === "false", lenient, run };
}

/** The pack config a stack is judged with, and the level of the rows only the check judges. */
export function stackLevels(stack: string, packConfigFile: string | undefined, relaxed: boolean) {
  const { pack, levels } = readPackConfig(stack, packConfigFile, relaxed);
  const level: Enforcement = relaxed ? "advisory" : typeof pack.all === "string" ? pack.all : "mandatory";
  return { pack, levels, level };
}

/**
 * Runs the program offline with the stack's config file and judges what it declares. The program runs with
 * `enforceChecklist` off so that every item is judged by its policy; what the stack's own setting would refuse is
 * a failed Config row. Malformed config throws the program's `ConfigError`.
 */
export async function productionCheck(
  stack: string,
  dir: string,
  load: () => Promise<Record<string, unknown>>,
  options: CheckOptions | string = {},
): Promise<CheckReport> {
  const opts: CheckOptions = typeof options === "string" ? { packConfigFile: options } : options;
  const env = opts.env ?? process.env;
  const offline = offlineStack(stack, dir, env);
  let configProblems: string[] = [];
  let parsed: EnvironmentConfig | undefined;
  try {
    parsed = parseConfig(offline.raw);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    configProblems = [...err.problems];
  }
  const app = parsed ?? offline.lenient;
  // Probe for Django's interpreter while the program runs under mocks: they do not depend on each other.
  const probing = opts.skipDjango
    ? undefined
    : opts.pythonProbe !== undefined && opts.pythonProbe.appDir === app.app.dir
      ? opts.pythonProbe.found
      : findPythonAsync(pythonCandidates(app.app.dir, opts.python, env), env);
  // Django's check needs only the app's input. It may be under way already on the input the last check gave it; if
  // the program registers the app's environment before the run ends (a dynamic provider waits to be serialized
  // afresh), a run on that input starts then, in its own process (see check/django-early.ts).
  const djangoRuns = probing === undefined ? undefined : new DjangoRuns(app.app.dir, env, probing, opts.djangoStarted, opts.djangoWarm);
  if (djangoRuns === undefined) {
    opts.djangoStarted?.abort();
    void opts.djangoWarm?.then((w) => w?.abort());
  }
  let run: OfflineRun;
  try {
    run = await offline.run(
      load,
      djangoRuns && ((registered) => djangoRuns.startOn(djangoInput(declaredEnvironment(judgedResources(registered, stack)), app.app.settingsModule))),
    );
  } catch (error) {
    djangoRuns?.stop();
    throw error;
  }
  const resources = judgedResources(run, stack);
  const { pack, levels, level } = stackLevels(stack, opts.packConfigFile, offline.relaxed);
  const extraRows: CheckRow[] = configProblems.map((p) =>
    row({ section: "Config", item: "Config pulumi up accepts", policy: "enforce-checklist", enforcement: level, status: "failed", resource: "stack", value: "refused", message: p,
      remedy: "Fix the value as the message says; pulumi up refuses this config before it registers anything." }),
  );
  const environment = declaredEnvironment(resources);
  const input = djangoInput(environment, app.app.settingsModule);
  const django: DjangoCheckResult = djangoRuns ? await djangoRuns.resultFor(input) : { kind: "skipped", reason: "left out with --skip-django." };
  if (opts.djangoMemory !== undefined && djangoRuns !== undefined) {
    if (django.kind !== "skipped" && inputHoldsNoSecret(environment, run.computed)) remember(opts.djangoMemory, { dir: resolve(dir), appDir: app.app.dir, python: django.python, input, config: configFingerprint(dir, stack) });
    else forget(opts.djangoMemory);
  }
  extraRows.push(...djangoRows(django, level, app.app.path));
  extraRows.push(...versionRows(app, level, opts.now ?? new Date()));
  const report = judge(stack, resources, pack, configProblems, {
    rows: extraRows,
    levels,
    environment: Object.fromEntries(environment.map((v) => [v.name, maskedValue(v)])),
  });
  // Nothing made up offline is shown as if it were real.
  return {
    ...report,
    rows: report.rows.map((r) => ({ ...r, value: maskComputed(r.value, run.computed) })),
    environment: Object.fromEntries(Object.entries(report.environment).map(([k, v]) => [k, maskComputed(v, run.computed)])),
  };
}

/**
 * A number as en-US `toLocaleString` prints it (grouped thousands, at most three decimals), without loading ICU's
 * number formatting, which costs the check 15 to 25 ms.
 */
export function formatNumber(n: number): string {
  const [whole, fraction] = String(Math.round(n * 1000) / 1000).split(".");
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}${fraction ? `.${fraction}` : ""}`;
}

const usd = (n: number | undefined) => (n === undefined ? "not published" : `$${formatNumber(n)}`);
const STATUS: Record<Status, string> = { passed: "Passed", failed: "Failed", skipped: "Skipped" };
const SECTIONS: readonly Section[] = [
  "Config",
  "Heroku production check",
  "Django deployment checklist",
  "Django's own check",
  "Versions",
  "Safety",
  "Live: Heroku",
  "Live: Django",
  "Live: DNS",
  "Drift",
];

function detail(r: CheckRow): string {
  return r.status === "failed" ? (r.message ?? "") : r.status === "skipped" ? (r.reason ?? "") : "";
}

export function formatText(report: CheckReport): string {
  const out: string[] = [
    report.mode === "live"
      ? `Live production check for stack "${report.stack}" (read-only: what runs on Heroku)`
      : `Production check for stack "${report.stack}" (offline: nothing was deployed)`,
    `Levels: ${report.levels}`,
    "",
  ];
  const width = Math.max(...report.rows.map((r) => r.item.length));
  for (const section of SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    out.push(section);
    for (const r of rows) {
      const level = r.status === "failed" ? ` [${r.enforcement}]` : "";
      out.push(`  ${STATUS[r.status].padEnd(7)} ${r.item.padEnd(width)}  ${r.resource}: ${r.value}${level}`);
      if (r.status === "failed") {
        out.push(`          ${"".padEnd(width)}  must: ${detail(r)}`);
        out.push(`          ${"".padEnd(width)}  fix:  ${r.remedy}`);
      } else if (r.status === "skipped") {
        out.push(`          ${"".padEnd(width)}  ${detail(r)}`);
      }
      if (r.warning) out.push(`          ${"".padEnd(width)}  warning: ${r.warning}`);
    }
    out.push("");
  }
  out.push("Monthly cost (list prices)");
  for (const l of report.cost.lines) {
    out.push(`  ${l.item.padEnd(36)} ${String(l.quantity).padStart(3)} x ${usd(l.unitUsdPerMonth).padStart(8)}  ${usd(l.usdPerMonth).padStart(9)}`);
  }
  out.push(`  ${"total".padEnd(36)} ${"".padStart(16)}  ${usd(report.cost.totalUsdPerMonth).padStart(9)}`);
  out.push("");
  out.push(
    report.passed
      ? "Result: passed, no mandatory item failed."
      : `Result: failed, mandatory items failed: ${report.mandatoryFailures.join(", ")}.`,
  );
  return out.join("\n");
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function formatMarkdown(report: CheckReport): string {
  const out: string[] = [
    `## ${report.mode === "live" ? "Live production check" : "Production check"}: \`${report.stack}\` ${report.passed ? "passed" : "failed"}`,
    "",
    report.passed
      ? "No mandatory item failed."
      : `Mandatory items failed: ${report.mandatoryFailures.map((i) => `**${i}**`).join(", ")}.`,
    "",
  ];
  for (const section of SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    out.push(`### ${section}`, "", "| Item | Result | Resource | Judged | Remedy |", "|---|---|---|---|---|");
    for (const r of rows) {
      const result =
        r.status === "failed"
          ? `Failed (${r.enforcement}): ${detail(r)}`
          : r.status === "skipped"
            ? `Skipped: ${detail(r)}`
            : r.warning
              ? `Passed, warning: ${r.warning}`
              : "Passed";
      out.push(`| ${cell(r.item)} | ${cell(result)} | \`${cell(r.resource)}\` | ${cell(r.value)} | ${r.status === "failed" ? cell(r.remedy) : ""} |`);
    }
    out.push("");
  }
  out.push("### Monthly cost (list prices)", "", "| Item | Quantity | Unit | Month |", "|---|---:|---:|---:|");
  for (const l of report.cost.lines) {
    out.push(`| ${cell(l.item)} | ${l.quantity} | ${usd(l.unitUsdPerMonth)} | ${usd(l.usdPerMonth)} |`);
  }
  out.push(`| **Total** | | | **${usd(report.cost.totalUsdPerMonth)}** |`, "");
  return out.join("\n");
}

export function formatJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2);
}

/** `KEY=value` lines of the declared environment, sensitive values masked. */
export function formatEnv(report: CheckReport): string {
  return Object.entries(report.environment).map(([k, v]) => `${k}=${v}`).join("\n");
}
