// Serializes the named dynamic providers into the serialized-provider cache, exactly as an offline run would on a
// miss (lib/provider-cache.ts). The launcher starts it beside a check whose build has made a provider's cached text
// stale, so that the serialization runs on the other core: `node scripts/launch.cjs serialize-providers NAME...`.
import { join } from "node:path";
import { DYNAMIC_PROVIDERS } from "../lib/dynamic-providers";
import { outputValue } from "../lib/offline";
import { serializedProvider } from "../lib/provider-cache";

async function main(names: string[]): Promise<number> {
  for (const entry of DYNAMIC_PROVIDERS.filter((p) => names.includes(p.name))) {
    const moduleFile = join(__dirname, "..", `${entry.module}.js`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(moduleFile) as Record<string, () => object>;
    await outputValue(serializedProvider(entry.name, exported[entry.factory](), moduleFile));
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // The check serializes for itself when this did not: it reports what went wrong.
    console.error(error);
    process.exitCode = 1;
  },
);
