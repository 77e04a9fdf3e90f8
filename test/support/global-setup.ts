// Serializing the three dynamic providers costs each offline run of the program about half a second under vitest, and
// their text only changes with the code. So one test run shares one serialized-provider cache, as the launcher's runs
// do (lib/provider-cache.ts), in a directory of its own that starts empty; the cache's own suite tests misses, hits
// and the engine's uncached case with settings of its own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "vitest-providers-"));
  process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = dir;
  process.env.HEROKU_PRODUCTION_BUILD = `vitest-${process.pid}`;
  return () => rmSync(dir, { recursive: true, force: true });
}
