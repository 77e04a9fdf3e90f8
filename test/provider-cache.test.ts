import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { createContainerReleaseProvider } from "../components/container-release";
import { outputValue } from "../lib/offline";
import { providerCacheKey, serializedProvider } from "../lib/provider-cache";

const saved = { dir: process.env.HEROKU_PRODUCTION_PROVIDER_CACHE, build: process.env.HEROKU_PRODUCTION_BUILD };
afterEach(() => {
  for (const [k, v] of [["HEROKU_PRODUCTION_PROVIDER_CACHE", saved.dir], ["HEROKU_PRODUCTION_BUILD", saved.build]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

// The provider's module, as components/container-release.ts passes its own __filename.
const MODULE = join(__dirname, "..", "components", "container-release.ts");
const fresh = async (provider: object) => (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;

describe("the serialized-provider cache", () => {
  it("serializes on a miss, keeps exactly the fresh text, and reads it back on a hit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "providers-"));
    process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = dir;
    process.env.HEROKU_PRODUCTION_BUILD = "build-1";
    const provider = createContainerReleaseProvider();

    const first = await outputValue(serializedProvider("ContainerRelease", provider, MODULE));
    const files = readdirSync(dir);
    expect(files).toEqual([`ContainerRelease-${providerCacheKey("ContainerRelease", provider, "build-1")}.js`]);
    expect(readFileSync(join(dir, files[0]), "utf8")).toBe(first);
    expect(first).toBe(await fresh(provider));
    expect(first).toContain("exports.handler");

    // A hit is read, not serialized again: a marked file proves which text came back.
    writeFileSync(join(dir, files[0]), `${first}\n// from the cache`);
    expect(await outputValue(serializedProvider("ContainerRelease", provider, MODULE))).toBe(`${first}\n// from the cache`);
  });

  it("keys the text by the build: another build misses", () => {
    const provider = createContainerReleaseProvider();
    expect(providerCacheKey("ContainerRelease", provider, "a")).not.toBe(providerCacheKey("ContainerRelease", provider, "b"));
    expect(providerCacheKey("ContainerRelease", provider, "a")).toBe(providerCacheKey("ContainerRelease", createContainerReleaseProvider(), "a"));
  });

  it("serializes afresh, caching nothing, without the launcher's settings (the engine's case)", async () => {
    delete process.env.HEROKU_PRODUCTION_PROVIDER_CACHE;
    delete process.env.HEROKU_PRODUCTION_BUILD;
    const provider = createContainerReleaseProvider();
    expect(await outputValue(serializedProvider("ContainerRelease", provider, MODULE))).toBe(await fresh(provider));
  });
});
