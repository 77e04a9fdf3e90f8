import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { productionConfig, REPO } from "./support/program";

describe("the Pulumi CLI's own TypeScript loader", () => {
  it("type-checks and runs index.ts with our tsconfig", () => {
    const out = execFileSync(process.execPath, [join(REPO, "test/support/engine-host.cjs")], {
      cwd: REPO,
      env: { ...process.env, PROGRAM_CONFIG: JSON.stringify(productionConfig().values) },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual({
      typescript: "6.0.3",
      tsnode: "ts-node@7.0.1",
      exports: expect.arrayContaining(["appName", "webUrl", "dnsTargets", "monthlyCostUsd"]),
    });
  }, 120_000);
});
