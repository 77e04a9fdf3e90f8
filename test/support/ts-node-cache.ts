import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";

/**
 * A directory for ts-node's compile cache (TS_NODE_CACHE_DIRECTORY). ts-node type-checks each file it compiles and
 * skips both for a file its cache holds, though that file's types may depend on others that changed since. So the
 * directory is keyed by every input of the check: the `files` (relative to `root`, each name with its content) and
 * TypeScript's version. A hit means this very tree was type-checked before; any change compiles and checks everything
 * afresh, as on a fresh machine. The directories of the tree's earlier states (same `label` and `root`) are removed.
 */
export function tsNodeCacheDir(label: string, root: string, files: readonly string[]): string {
  const hash = createHash("sha256").update(`typescript ${ts.version}\0`);
  for (const file of [...files].sort()) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update("\0");
  const parent = join(tmpdir(), "heroku-production-ts-node", createHash("sha256").update(`${label}\0${root}`).digest("hex").slice(0, 12));
  const key = hash.digest("hex").slice(0, 16);
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) if (name !== key) rmSync(join(parent, name), { recursive: true, force: true });
  return join(parent, key);
}
