import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CHECKLIST, configDefaults, type ChecklistEntry, type Section, type Status } from "../policy/checklist";
import { estimateMonthlyCost, type CostEstimate } from "./catalog";
import { ConfigError, parseConfig, PROJECT } from "./config";
import { runOffline } from "./offline";
import { judgedResources, type JudgedResource } from "./policy-resources";
import { readStackConfig, withOfflineDefaults, type StackConfig } from "./stack-file";

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
}

export interface CheckReport {
  readonly stack: string;
  readonly rows: readonly CheckRow[];
  readonly cost: CostEstimate;
  /** What `pulumi up` would refuse in the stack's config before any policy runs (`enforceChecklist`). */
  readonly configProblems: readonly string[];
  readonly mandatoryFailures: readonly string[];
  readonly passed: boolean;
}

/**
 * The policy-pack config: `file` when given, else `policy/config/<stack>.json` beside this repository, else none
 * (the pack's own levels apply).
 */
export function readPackConfig(stack: string, file?: string): PackConfig {
  const path = file ?? join(__dirname, "..", "policy", "config", `${stack}.json`);
  if (file !== undefined && !existsSync(path)) throw new Error(`--policy-pack-config ${file} does not exist.`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as PackConfig) : {};
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
    .filter((r) => r.type === "heroku:formation/formation:Formation")
    .map((r) => ({ type: String(r.props.type), size: String(r.props.size), quantity: Number(r.props.quantity) }));
  const plan = resources
    .filter((r) => r.type === "heroku:addon/addon:Addon")
    .map((r) => String(r.props.plan))
    .find((p) => p.startsWith("heroku-postgresql:"));
  return estimateMonthlyCost({ formation, postgresPlan: plan?.slice("heroku-postgresql:".length) ?? "none" });
}

/** Judges the resources with every checklist policy, at the levels the stack's pack config sets. */
export function judge(stack: string, resources: readonly JudgedResource[], pack: PackConfig, configProblems: string[] = []): CheckReport {
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
  const mandatoryFailures = [
    ...new Set(rows.filter((r) => r.status === "failed" && r.enforcement !== "advisory").map((r) => r.item)),
  ];
  return {
    stack,
    rows,
    cost: costOf(resources),
    configProblems,
    mandatoryFailures,
    passed: mandatoryFailures.length === 0,
  };
}

function projectValues(config: StackConfig): Record<string, string> {
  const prefix = `${PROJECT}:`;
  return Object.fromEntries(
    Object.entries(config.values).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

/**
 * Runs the program offline with the stack's config file and judges what it declares. The program runs with
 * `enforceChecklist` off so that every item is judged by its policy; what the stack's own setting would refuse is
 * reported as `configProblems`. Malformed config throws the program's `ConfigError`.
 */
export async function productionCheck(
  stack: string,
  dir: string,
  load: () => Promise<Record<string, unknown>>,
  packConfigFile?: string,
): Promise<CheckReport> {
  const config = withOfflineDefaults(readStackConfig(stack, dir));
  const secretKeys = new Set(config.secretKeys.map((k) => k.replace(`${PROJECT}:`, "")));
  let configProblems: string[] = [];
  try {
    parseConfig({ values: projectValues(config), secretKeys, herokuApiKeySet: true, sentryTokenSet: true, env: process.env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    configProblems = [...err.problems];
  }
  const judged: StackConfig = {
    ...config,
    values: { ...config.values, [`${PROJECT}:enforceChecklist`]: "false" },
  };
  const run = await runOffline(judged, load);
  return judge(stack, judgedResources(run, stack), readPackConfig(stack, packConfigFile), configProblems);
}

const usd = (n: number | undefined) => (n === undefined ? "not published" : `$${n.toLocaleString("en-US")}`);
const STATUS: Record<Status, string> = { passed: "Passed", failed: "Failed", skipped: "Skipped" };
const SECTIONS: readonly Section[] = ["Heroku production check", "Django deployment checklist", "Safety"];

function detail(r: CheckRow): string {
  return r.status === "failed" ? (r.message ?? "") : r.status === "skipped" ? (r.reason ?? "") : "";
}

export function formatText(report: CheckReport): string {
  const out: string[] = [`Production check for stack "${report.stack}" (offline: nothing was deployed)`, ""];
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
    }
    out.push("");
  }
  if (report.configProblems.length > 0) {
    out.push("pulumi up would refuse this config (enforceChecklist):");
    for (const p of report.configProblems) out.push(`  - ${p}`);
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
    `## Production check: \`${report.stack}\` ${report.passed ? "passed" : "failed"}`,
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
      const result = r.status === "failed" ? `Failed (${r.enforcement}): ${detail(r)}` : r.status === "skipped" ? `Skipped: ${detail(r)}` : "Passed";
      out.push(`| ${cell(r.item)} | ${cell(result)} | \`${cell(r.resource)}\` | ${cell(r.value)} | ${r.status === "failed" ? cell(r.remedy) : ""} |`);
    }
    out.push("");
  }
  if (report.configProblems.length > 0) {
    out.push("### Config `pulumi up` would refuse", "", ...report.configProblems.map((p) => `- ${cell(p)}`), "");
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
