import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { formatMarkdown, formatNumber, formatText } from "../check/production-check";
import { check, itemsWith, PRODUCTION_LEVELS, stackCopy } from "./support/check";
import { REPO, SHOP } from "./support/program";

describe("the production check on the production stack, pointed at a team's app", () => {
  // The tests that judge the unchanged stack only read its report, so they share one check.
  let unchanged: Awaited<ReturnType<typeof check>>;
  beforeAll(async () => {
    unchanged = await check(stackCopy({}));
  });

  it("passes every item at mandatory level and prices the month", async () => {
    const report = unchanged;
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
    const report = unchanged;
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
    const report = await check(stackCopy(changes), { packConfigFile: PRODUCTION_LEVELS, skipDjango: true });
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
    const report = await check(stackCopy({ processes: { web: { quantity: 1 } } }), { packConfigFile: join(REPO, "policy", "config", "staging.json"), skipDjango: true });
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
    const report = await check(stackCopy({ processes: { web: { quantity: 1 } } }, "prod"), { skipDjango: true }, "prod");
    expect(report.levels).toBe("policy/config/production.json (no file for this stack)");
    expect(report.passed).toBe(false);
    expect(report.mandatoryFailures).toEqual(["Dyno redundancy", "Config pulumi up accepts"]);
  });

  it("judges a stack with enforceChecklist false at the pack's advisory levels", async () => {
    const report = await check(
      stackCopy({ enforceChecklist: false, processes: { web: { size: "basic", quantity: 1 } }, postgresPlan: "essential-0", addons: ["heroku-redis:mini"] }, "review"),
      { skipDjango: true },
      "review",
    );
    expect(report.passed).toBe(true);
    expect(itemsWith(report, "failed").sort()).toEqual(["Dyno redundancy", "Postgres high availability", "Production-tier Postgres", "Professional dynos", "Redis high availability"]);
    expect(new Set(report.rows.map((r) => r.enforcement))).toEqual(new Set(["advisory"]));
    // Heroku offers preboot only on professional dynos.
    expect(report.rows.find((r) => r.item === "Preboot")).toMatchObject({ status: "skipped", value: "web on basic" });
  });

  it("passes a drain URL set with --secret, which it cannot read offline", async () => {
    const report = await check(stackCopy({ logDrainUrl: { secure: "v1:AAAA:not-a-real-ciphertext" } }), { skipDjango: true });
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

describe("the report's dollar amounts", () => {
  it("print as en-US toLocaleString does, for whole dollars, cents and their multiples", () => {
    const values = [0, 5, 25, 250, 999, 1000, 1234.5, 12345.67, 1_000_000, 123_456_789, 0.25, 0.1 + 0.2, 3 * 0.07, 7 * 19.99, 1e9 + 0.5];
    for (let cents = 1; cents < 100_000; cents += 997) values.push(cents / 100, (cents / 100) * 3);
    for (const n of values) expect([n, formatNumber(n)]).toEqual([n, n.toLocaleString("en-US")]);
  });
});
