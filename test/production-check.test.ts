import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { formatMarkdown, formatText, productionCheck, type CheckReport } from "../lib/production-check";
import { REPO } from "./support/program";

const run = promisify(execFile);
const PRODUCTION_LEVELS = join(REPO, "policy", "config", "production.json");

/** A directory holding Pulumi.yaml and a copy of Pulumi.production.yaml with some keys changed (null removes). */
function brokenCopy(changes: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "prodcheck-"));
  copyFileSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  const doc = parse(readFileSync(join(REPO, "Pulumi.production.yaml"), "utf8"));
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete doc.config[`heroku-production:${k}`];
    else doc.config[`heroku-production:${k}`] = v;
  }
  writeFileSync(join(dir, "Pulumi.production.yaml"), stringify(doc));
  return dir;
}

const load = () => {
  vi.resetModules();
  return import("../index.js");
};

const itemsWith = (report: CheckReport, status: string) => [
  ...new Set(report.rows.filter((r) => r.status === status).map((r) => r.item)),
];

describe("the production check on Pulumi.production.yaml", () => {
  it("passes every item at mandatory level and prices the month", async () => {
    const report = await productionCheck("production", REPO, load);
    expect(report.passed).toBe(true);
    expect(report.mandatoryFailures).toEqual([]);
    expect(report.configProblems).toEqual([]);
    expect(itemsWith(report, "failed")).toEqual([]);
    expect(new Set(report.rows.map((r) => r.enforcement))).toEqual(new Set(["mandatory"]));
    expect(new Set(report.rows.map((r) => r.section))).toEqual(
      new Set(["Heroku production check", "Django deployment checklist", "Safety"]),
    );
    expect(report.cost).toEqual({
      lines: [
        { item: "web dynos (standard-2x)", quantity: 2, unitUsdPerMonth: 50, usdPerMonth: 100 },
        { item: "heroku-postgresql:premium-0", quantity: 1, unitUsdPerMonth: 200, usdPerMonth: 200 },
      ],
      totalUsdPerMonth: 300,
      unpriced: [],
    });
    const text = formatText(report);
    expect(text).toContain("Result: passed, no mandatory item failed.");
    expect(text).toMatch(/web dynos \(standard-2x\)\s+2 x\s+\$50\s+\$100/);
    const md = formatMarkdown(report);
    expect(md.split("\n")[0]).toBe("## Production check: `production` passed");
    expect(md).toContain("| **Total** | | | **$300** |");
  });
});

describe("a copy of the production config broken in one checklist item", () => {
  const cases: [string, Record<string, unknown>, string[], RegExp][] = [
    ["one web dyno", { webQuantity: 1 }, ["Dyno redundancy"], /webQuantity` is 1/],
    ["a hobby dyno size", { webSize: "basic" }, ["Professional dynos"], /webSize` is "basic"/],
    ["a Postgres plan without a standby", { postgresPlan: "standard-0" }, ["Postgres high availability"], /postgresPlan` is "standard-0"/],
    ["an http error page", { errorPageUrl: "http://static.example.com/e.html" }, ["Custom maintenance and error pages"], /errorPageUrl`/],
    ["no log drain", { logDrainUrl: null }, ["Log monitoring"], /^$/],
    ["a short HSTS max-age", { hstsSeconds: 3600 }, ["HSTS"], /hstsSeconds` is 3600/],
  ];

  it.each(cases)("%s fails that item only", async (_label, changes, failing, configMessage) => {
    const report = await productionCheck("production", brokenCopy(changes), load, PRODUCTION_LEVELS);
    expect(report.passed).toBe(false);
    expect(report.mandatoryFailures).toEqual(failing);
    expect(itemsWith(report, "failed")).toEqual(failing);
    for (const row of report.rows.filter((r) => !failing.includes(r.item))) expect(row.status).toBe("passed");
    expect(report.configProblems.join("\n")).toMatch(configMessage);
    const failed = report.rows.find((r) => r.status === "failed")!;
    expect(failed.message).toBeTruthy();
    expect(failed.remedy).toBeTruthy();
    expect(formatText(report)).toContain(`Result: failed, mandatory items failed: ${failing.join(", ")}.`);
  });

  it("only advises at the staging levels", async () => {
    const report = await productionCheck(
      "production",
      brokenCopy({ webQuantity: 1 }),
      load,
      join(REPO, "policy", "config", "staging.json"),
    );
    expect(report.passed).toBe(true);
    expect(report.rows.filter((r) => r.enforcement === "mandatory")).toEqual([]);
  });
});

describe("npm run production-check", () => {
  const cli = (args: string[]) =>
    run(process.execPath, ["--import", "tsx", "scripts/production-check.ts", ...args], { cwd: REPO }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("exits 0 with a JSON report on the production stack", async () => {
    const r = await cli(["--stack", "production", "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.passed).toBe(true);
    expect(report.cost.totalUsdPerMonth).toBe(300);
  }, 60_000);

  it("exits 1 and names the failing item", async () => {
    const dir = brokenCopy({ webQuantity: 1 });
    const r = await cli(["--dir", dir, "--policy-pack-config", PRODUCTION_LEVELS]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Failed\s+Dyno redundancy/);
    expect(r.stdout).toContain("Result: failed, mandatory items failed: Dyno redundancy.");
  }, 60_000);

  it("exits 2 with the config's own message on malformed config", async () => {
    const r = await cli(["--dir", brokenCopy({ appName: "Bad_Name" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '`heroku-production:appName` is "Bad_Name"; allowed: 3 to 30 characters of lowercase letters, digits and dashes, starting with a letter. Fix: pulumi config set appName <your-app-name>',
    );
    expect(r.stdout).toBe("");
  }, 60_000);

  it("exits 2 on an unknown format", async () => {
    const r = await cli(["--format", "html"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--format is "html"; allowed: text, markdown or json.');
  }, 60_000);
});
