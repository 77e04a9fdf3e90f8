import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";

// Serializing a dynamic provider (Pulumi's closure serialization: the V8 inspector, then TypeScript parsing) is most
// of the offline check's own cost, and its text only changes with the code. So the launcher's offline runs keep the
// text on disk, keyed by the build, the Pulumi SDK, Node and the provider's shape. Under the engine (no cache
// directory set) every run serializes afresh, exactly as pulumi.dynamic.Resource does.

const SDK_VERSION: string = (JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;

/** What the cached text depends on, beyond the build itself. */
export function providerCacheKey(name: string, provider: object, build: string): string {
  const shape = Object.entries(provider)
    .map(([k, v]) => `${k}:${typeof v === "function" ? createHash("sha256").update(String(v)).digest("hex") : typeof v}`)
    .sort()
    .join(",");
  return createHash("sha256").update([name, build, SDK_VERSION, process.version, shape].join("\0")).digest("hex").slice(0, 24);
}

/**
 * The provider's serialized text, as the engine stores it in `__provider` (secret only when the closure captured a
 * secret, as pulumi.dynamic.Resource has it), from the cache when it holds it. A closure with a secret is never cached.
 */
export function serializedProvider(name: string, provider: object): pulumi.Output<string> {
  const dir = process.env.HEROKU_PRODUCTION_PROVIDER_CACHE;
  const build = process.env.HEROKU_PRODUCTION_BUILD;
  const serialize = () => pulumi.output(pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }));
  const asInput = (sf: pulumi.Output<{ text: string; containsSecrets: boolean }>) =>
    sf.apply((f) => (f.containsSecrets ? pulumi.secret(f.text) : pulumi.output(f.text)));
  if (!dir || !build) return asInput(serialize());
  const file = join(dir, `${name}-${providerCacheKey(name, provider, build)}.js`);
  try {
    return pulumi.output(readFileSync(file, "utf8"));
  } catch {
    // Not cached yet: serialize, and keep the text for the next run.
  }
  return asInput(
    serialize().apply((f) => {
      if (!f.containsSecrets) {
        mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, f.text);
        renameSync(tmp, file);
      }
      return f;
    }),
  );
}
