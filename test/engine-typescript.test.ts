import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { productionConfig, REPO } from "./support/program";
import { tsNodeCacheDir } from "./support/ts-node-cache";

describe("the Pulumi CLI's own TypeScript loader", () => {
  it("type-checks and runs index.ts with our tsconfig", () => {
    const out = execFileSync(process.execPath, [join(REPO, "test/support/engine-host.cjs")], {
      cwd: REPO,
      env: {
        ...process.env,
        PROGRAM_CONFIG: JSON.stringify(productionConfig().values),
        // ts-node keeps what it compiled only while the program's TypeScript and packages are unchanged.
        TS_NODE_CACHE_DIRECTORY: tsNodeCacheDir(REPO, /\.(ts|json)$/, { skipped: ["test", "app"] }),
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
    mkdirSync(join(root, "node_modules", "dep"), { recursive: true });
    writeFileSync(join(root, "index.ts"), 'import { n } from "./lib/n";\nexport const twice = n * 2;\n');
    writeFileSync(join(root, "lib", "n.ts"), "export const n = 1;\n");
    writeFileSync(join(root, "node_modules", "dep", "index.ts"), "export {};\n");
    const first = tsNodeCacheDir(root, /\.ts$/);
    expect(tsNodeCacheDir(root, /\.ts$/)).toBe(first);
    // Outside what it checks: node_modules, the directories it is told the tree does not import, other names.
    mkdirSync(join(root, "test"));
    writeFileSync(join(root, "node_modules", "dep", "index.ts"), "export const x = 1;\n");
    writeFileSync(join(root, "test", "index.test.ts"), "export {};\n");
    writeFileSync(join(root, "notes.md"), "changed\n");
    expect(tsNodeCacheDir(root, /\.ts$/, { skipped: ["test"] })).toBe(first);
    mkdirSync(first, { recursive: true });
    // An edit to a module index.ts imports: index.ts itself is unchanged, and must be checked again.
    writeFileSync(join(root, "lib", "n.ts"), 'export const n = "1";\n');
    const second = tsNodeCacheDir(root, /\.ts$/, { skipped: ["test"] });
    expect(second).not.toBe(first);
    expect(dirname(second)).toBe(dirname(first));
    expect(existsSync(first)).toBe(false);
    rmSync(dirname(second), { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });
});
