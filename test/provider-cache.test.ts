import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { createContainerReleaseProvider } from "../components/container-release";
import { outputValue, runOffline } from "../lib/offline";
import * as heroku from "../sdks/heroku";
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

  it("still gives the fresh text when the cache cannot be written", async () => {
    const blocked = join(mkdtempSync(join(tmpdir(), "providers-")), "a-file");
    writeFileSync(blocked, "where the cache directory would be");
    process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = join(blocked, "providers");
    process.env.HEROKU_PRODUCTION_BUILD = "build-1";
    const provider = createContainerReleaseProvider();
    expect(await outputValue(serializedProvider("ContainerRelease", provider, MODULE))).toBe(await fresh(provider));
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

// A stand-in for the project's dynamic resources: a registration whose `__provider` is the cached serialization.
class Released extends pulumi.CustomResource {
  constructor(name: string, after?: pulumi.Resource) {
    super("pulumi-nodejs:dynamic:Resource", name, { __provider: serializedProvider("ContainerRelease", createContainerReleaseProvider(), MODULE) }, after ? { dependsOn: after } : {});
  }
}

describe("the offline run's settle point", () => {
  const missing = () => {
    process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = mkdtempSync(join(tmpdir(), "providers-"));
    process.env.HEROKU_PRODUCTION_BUILD = "build-settle";
  };
  const stack = { stack: "test", project: "heroku-production", values: {}, secretKeys: [] };

  it("comes when all but the serializing resources are registered, and holds a missed serialization until its work has started", async () => {
    missing();
    const events: string[] = [];
    let seenAtSettle: string[] = [];
    const run = await runOffline(
      stack,
      async () => {
        const app = new heroku.app.App("site", { name: "site", region: "us" });
        new Released("release", app);
        new heroku.app.ConfigAssociation("config", { appId: app.id, vars: { DEBUG: "False" } });
        return {};
      },
      (a) => void (a.custom && events.push(`registered ${a.name}`)),
      {
        onSettled: async (registered) => {
          seenAtSettle = registered.registrations.map((r) => `${r.name}:${r.custom ? "registered" : "waiting"}`);
          events.push("settled");
          await new Promise((resolve) => setTimeout(resolve, 30));
          events.push("started");
        },
      },
    );
    expect(seenAtSettle).toEqual(["site:registered", "release:waiting", "config:registered"]);
    expect(events).toEqual(["registered site", "registered config", "settled", "started", "registered release"]);
    expect(run.registrations.map((r) => `${r.name}:${r.custom}`)).toEqual(["site:true", "release:true", "config:true"]);
    expect(readdirSync(process.env.HEROKU_PRODUCTION_PROVIDER_CACHE!)).toHaveLength(1);
  });

  it("is not waited on without work to start, nor by a program that throws after declaring a dynamic resource", async () => {
    missing();
    const plain = await runOffline(stack, async () => (new Released("release"), {}));
    expect(plain.registrations.map((r) => `${r.name}:${r.custom}`)).toEqual(["release:true"]);
    let settled = 0;
    const failing = runOffline(
      stack,
      async () => {
        new Released("release");
        throw new Error("the program stopped");
      },
      undefined,
      { onSettled: () => void settled++ },
    );
    await expect(failing).rejects.toThrow("the program stopped");
    expect(settled).toBe(0);
  });

  it("fails the run when what it starts fails", async () => {
    missing();
    const run = runOffline(stack, async () => (new Released("release"), {}), undefined, {
      onSettled: () => Promise.reject(new Error("could not start")),
    });
    await expect(run).rejects.toThrow("could not start");
  });

  it("is not reached by a run that ends first (nothing waits on a serialization there)", async () => {
    let settled = 0;
    const run = await runOffline(stack, async () => (new heroku.app.App("site", { name: "site", region: "us" }), {}), undefined, {
      onSettled: () => void settled++,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(run.registrations).toHaveLength(1);
    expect(settled).toBe(0);
  });
});
