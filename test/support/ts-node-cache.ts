import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";

const ALWAYS_SKIPPED = ["node_modules", ".build", ".git"];

/**
 * A directory for ts-node's compile cache (TS_NODE_CACHE_DIRECTORY), for a tree it type-checks. ts-node checks each
 * file it compiles and skips both for a file its cache holds, though that file's types may depend on others that
 * changed since. So the directory is keyed by every input of the check: each file under `root` whose name `include`
 * matches (outside node_modules, .build, .git and the `skipped` directories, which the tree does not import), the
 * `extra` files, and TypeScript's version. A hit means this very
 * tree was type-checked before; any change compiles and checks everything afresh, as on a fresh machine. The
 * directories of the tree's earlier states are removed.
 */
export function tsNodeCacheDir(
  root: string,
  include: RegExp,
  { extra = [], skipped = [] }: { readonly extra?: readonly string[]; readonly skipped?: readonly string[] } = {},
): string {
  const skip = new Set([...ALWAYS_SKIPPED, ...skipped]);
  const hash = createHash("sha256").update(`typescript ${ts.version}\0`);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !skip.has(entry.name)) walk(path);
      else if (entry.isFile() && include.test(entry.name)) files.push(path);
    }
  };
  walk(root);
  for (const file of [...files.sort(), ...extra]) hash.update(`${file}\0`).update(readFileSync(file)).update("\0");
  const parent = join(tmpdir(), "heroku-production-ts-node", createHash("sha256").update(root).digest("hex").slice(0, 12));
  const key = hash.digest("hex").slice(0, 16);
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) if (name !== key) rmSync(join(parent, name), { recursive: true, force: true });
  return join(parent, key);
}
