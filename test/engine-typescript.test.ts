import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { sources } from "../scripts/launch.cjs";
import { productionConfig, REPO } from "./support/program";
import { tsNodeCacheDir } from "./support/ts-node-cache";

describe("the Pulumi CLI's own TypeScript loader", () => {
  it("type-checks and runs index.ts with our tsconfig", () => {
    const out = execFileSync(process.execPath, [join(REPO, "test/support/engine-host.cjs")], {
      cwd: REPO,
      env: {
        ...process.env,
        PROGRAM_CONFIG: JSON.stringify(productionConfig().values),
        // ts-node keeps what it compiled only while the program's sources (the launcher's list) and packages are unchanged.
        TS_NODE_CACHE_DIRECTORY: tsNodeCacheDir("engine", REPO, [...sources(), "tsconfig.json", "package.json", "package-lock.json"]),
      },
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

describe("ts-node's cache directory (test/support/ts-node-cache.ts)", () => {
  it("is the same for the same tree, and another, with the old one removed, after any change to a file it checks", () => {
    const root = mkdtempSync(join(tmpdir(), "ts-tree-"));
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "index.ts"), 'import { n } from "./lib/n";\nexport const twice = n * 2;\n');
    writeFileSync(join(root, "lib", "n.ts"), "export const n = 1;\n");
    const files = ["index.ts", join("lib", "n.ts")];
    const first = tsNodeCacheDir("t", root, files);
    expect(tsNodeCacheDir("t", root, [...files].reverse())).toBe(first);
    // Outside what it checks: a file it is not given.
    writeFileSync(join(root, "notes.md"), "changed\n");
    expect(tsNodeCacheDir("t", root, files)).toBe(first);
    mkdirSync(first, { recursive: true });
    // An edit to a module index.ts imports: index.ts itself is unchanged, and must be checked again.
    writeFileSync(join(root, "lib", "n.ts"), 'export const n = "1";\n');
    const second = tsNodeCacheDir("t", root, files);
    expect(second).not.toBe(first);
    expect(dirname(second)).toBe(dirname(first));
    expect(existsSync(first)).toBe(false);
    // Another label keeps directories of its own.
    expect(dirname(tsNodeCacheDir("u", root, files))).not.toBe(dirname(second));
    for (const label of ["t", "u"]) rmSync(dirname(tsNodeCacheDir(label, root, files)), { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });
});
