import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a cache entry whole (a temporary file renamed into place, so that a concurrent run reads the old entry or
 * the new one), then keeps at most `keep` entries in its directory (64 unless told), this one and the newest others:
 * each edit adds an entry, and the directory would otherwise grow for as long as the checkout lives. A cache that
 * cannot be written only costs the next run its speed, so nothing here throws.
 */
export function writeKept(file: string, text: string, keep = 64): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    return;
  }
  try {
    const entries = readdirSync(dir)
      .filter((name) => !name.endsWith(".tmp") && name !== basename(file))
      .flatMap((name) => {
        try {
          return [{ name, mtime: statSync(join(dir, name)).mtimeMs }];
        } catch {
          // Removed meanwhile by a concurrent run.
          return [];
        }
      })
      .sort((a, b) => b.mtime - a.mtime);
    // The entry just written is always one of those kept.
    for (const { name } of entries.slice(Math.max(keep - 1, 0))) rmSync(join(dir, name), { force: true });
  } catch {
    // Pruning is housekeeping.
  }
}
