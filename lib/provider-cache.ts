import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { writeKept } from "./kept-file";

// Serializing a dynamic provider (Pulumi's closure serialization: the V8 inspector, then TypeScript parsing) is most
// of the offline check's own cost, and its text only changes with the code it captures. So the launcher's offline
// runs keep the text on disk, keyed by the code the provider's module reaches, the Pulumi SDK, Node and the
// provider's shape. Under the engine (no cache directory set) every run serializes afresh, exactly as
// pulumi.dynamic.Resource does.

const SDK_VERSION: string = (JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;

// Serializing holds this thread for most of a second (TypeScript's compiler, the V8 inspector). An offline run
// (lib/offline.ts) holds it back until the resources that do not wait on it are registered and what the run starts
// then is under way: the check starts Django's check in its own process, which then runs beside the serialization.
let held: Promise<void> = Promise.resolve();

/** Serializations that miss the cache wait for `until`, which must settle: the run waits on them. */
export function holdSerialization(until: Promise<void>): void {
  held = until;
}

/** What the cached text depends on, beyond the build itself. */
export function providerCacheKey(name: string, provider: object, build: string): string {
  const shape = Object.entries(provider)
    .map(([k, v]) => `${k}:${typeof v === "function" ? createHash("sha256").update(String(v)).digest("hex") : typeof v}`)
    .sort()
    .join(",");
  return createHash("sha256").update([name, build, SDK_VERSION, process.version, shape].join("\0")).digest("hex").slice(0, 24);
}

/**
 * What the provider's text depends on in this build: the hash of its module and of every project module that module
 * imports, directly or not (the launcher's closures.json, beside the build's lib/), so that an edit elsewhere keeps
 * the cached text. Outside a launcher build, the build's key, which changes with any edit.
 */
export function codeKey(moduleFile: string, build: string): string {
  const buildDir = join(__dirname, "..");
  try {
    const closures = JSON.parse(readFileSync(join(buildDir, "closures.json"), "utf8")) as Record<string, string>;
    return closures[relative(buildDir, moduleFile).split(sep).join("/")] ?? build;
  } catch {
    return build;
  }
}

/**
 * The provider's serialized text, as the engine stores it in `__provider` (secret only when the closure captured a
 * secret, as pulumi.dynamic.Resource has it), from the cache when it holds it. A closure with a secret is never cached.
 * `moduleFile` is the provider's module (its `__filename`).
 */
export function serializedProvider(name: string, provider: object, moduleFile: string): pulumi.Output<string> {
  const dir = process.env.HEROKU_PRODUCTION_PROVIDER_CACHE;
  const build = process.env.HEROKU_PRODUCTION_BUILD;
  const serialize = () => pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const asInput = (sf: pulumi.Output<{ text: string; containsSecrets: boolean }>) =>
    sf.apply((f) => (f.containsSecrets ? pulumi.secret(f.text) : pulumi.output(f.text)));
  if (!dir || !build) return asInput(pulumi.output(serialize()));
  const file = join(dir, `${name}-${providerCacheKey(name, provider, codeKey(moduleFile, build))}.js`);
  try {
    return pulumi.output(readFileSync(file, "utf8"));
  } catch {
    // Not cached yet: serialize, and keep the text for the next run.
  }
  return asInput(
    pulumi.output(held.then(serialize)).apply((f) => {
      if (!f.containsSecrets) writeKept(file, f.text);
      return f;
    }),
  );
}
