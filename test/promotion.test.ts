import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ImageCopy, promotionProblem, type ImageCopyProvider } from "../components/image-copy";
import { captureProviderText, loadProvider } from "./support/fake-engine-host";
import { digestOf, manifestV2, startFakeHeroku, type FakeHeroku } from "./support/fake-heroku";
import { find, plainInputs, productionConfig, runProgram, withConfig } from "./support/program";

const { KEY } = vi.hoisted(() => {
  const key = "HRKU-promote-2b7c-key-must-not-leak-90fe";
  process.env.PULUMI_CONFIG = JSON.stringify({ "heroku:apiKey": key });
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(["heroku:apiKey"]);
  return { KEY: key };
});

const SOURCE = "organization/heroku-production/staging";
const WEB_MANIFEST = digestOf("staging web manifest");
const RELEASE_MANIFEST = digestOf("staging release manifest");
const stagingOutputs = (status = "succeeded") => ({
  [SOURCE]: {
    releasedImageRefs: {
      web: `registry.heroku.com/acme-web-staging/web@${WEB_MANIFEST}`,
      release: `registry.heroku.com/acme-web-staging/release@${RELEASE_MANIFEST}`,
    },
    releaseStatus: status,
  },
});

describe("the production stack with promoteFrom", () => {
  it("builds no image and releases exactly the staging stack's released images, copied by digest", async () => {
    const run = await runProgram(withConfig(productionConfig(), { promoteFrom: "staging" }), [], stagingOutputs());
    expect(run.registrations.filter((r) => r.type === "docker:index/image:Image")).toEqual([]);
    expect(run.registrations.some((r) => r.type === "heroku-production:index:AppImages")).toBe(false);
    expect(find(run, "pulumi:pulumi:StackReference", "site-source").inputs.name).toBe(SOURCE);

    const copy = find(run, "pulumi-nodejs:dynamic/heroku-production:ImageCopy", "site-promoted-images");
    expect(copy.inputs).toMatchObject({
      appName: "acme-web-production",
      images: stagingOutputs()[SOURCE].releasedImageRefs,
      sourceStatus: "succeeded",
    });
    const release = find(run, "pulumi-nodejs:dynamic/heroku-production:ContainerRelease", "site-release");
    expect(plainInputs(release).images).toEqual({
      web: `registry.heroku.com/acme-web-production/web@${WEB_MANIFEST}`,
      release: `registry.heroku.com/acme-web-production/release@${RELEASE_MANIFEST}`,
    });
    expect(run.outputs.releasedImageRefs).toEqual(plainInputs(release).images);
  });

  it("takes a fully qualified stack as given", async () => {
    const run = await runProgram(withConfig(productionConfig(), { promoteFrom: "acme/web/qa" }), [], {});
    expect(find(run, "pulumi:pulumi:StackReference", "site-source").inputs.name).toBe("acme/web/qa");
  });
});

describe("promotion refuses", () => {
  it("a source whose last release did not succeed", () => {
    expect(promotionProblem({ sourceStatus: "failed", images: { web: `registry.heroku.com/s/web@${WEB_MANIFEST}` } })).toBe(
      'Promotion refused: the source stack\'s last release is "failed", not "succeeded". Fix and release the source stack first; production keeps what it runs.',
    );
    expect(promotionProblem({ sourceStatus: "succeeded", images: { web: "registry.heroku.com/s/web:latest" } })).toBe(
      'Promotion refused: images.web is "registry.heroku.com/s/web:latest", not an image by manifest digest (…@sha256:…).',
    );
    expect(promotionProblem({ sourceStatus: "succeeded", images: { web: `registry.heroku.com/s/web@${WEB_MANIFEST}` } })).toBeUndefined();
  });
});

describe("ImageCopy, as the engine runs it", () => {
  let text = "";
  let fake: FakeHeroku;
  beforeAll(async () => {
    const captured = await captureProviderText("pulumi-nodejs:dynamic/heroku-production:ImageCopy", () => {
      new ImageCopy("copy", { appName: "acme-web-production", images: {}, sourceStatus: "succeeded" });
    });
    text = captured.text;
  });
  beforeEach(async () => {
    fake = await startFakeHeroku();
  });
  afterEach(async () => {
    await fake.close();
  });
  const provider = () => loadProvider<ImageCopyProvider>(text, { "heroku:apiKey": KEY });

  it("serializes without the key, and its check refuses a failed source", async () => {
    expect(text).not.toContain(KEY);
    const p = await provider();
    const result = await p.check!({} as never, { appName: "a", images: {}, sourceStatus: "failed", registryUrl: fake.registry.url });
    expect(result.failures).toEqual([{ property: "sourceStatus", reason: promotionProblem({ sourceStatus: "failed" }) }]);
    await expect(p.create({ appName: "a", images: {}, sourceStatus: "failed" })).rejects.toThrow(/^Promotion refused/);
  });

  it("mounts each blob, puts the same manifest bytes, and checks the config digest: the digests are preserved", async () => {
    const config = digestOf("config");
    const body = JSON.stringify(manifestV2(config));
    const manifestStep = (repo: string) => ({
      method: "GET",
      path: `/v2/${repo}/manifests/${WEB_MANIFEST}`,
      reply: { status: 200, text: body, headers: { "Content-Type": "application/vnd.docker.distribution.manifest.v2+json" } },
    });
    fake.registry.script(
      manifestStep("acme-web-staging/web"),
      { method: "POST", path: `/v2/acme-web-production/web/blobs/uploads/?mount=${config}&from=acme-web-staging/web`, reply: { status: 201 } },
      // The registry declines to mount the layer: it is copied through the upload session instead.
      {
        method: "POST",
        path: `/v2/acme-web-production/web/blobs/uploads/?mount=${digestOf("layer-0")}&from=acme-web-staging/web`,
        reply: { status: 202, headers: { Location: "/v2/acme-web-production/web/blobs/uploads/session-1" } },
      },
      { method: "GET", path: `/v2/acme-web-staging/web/blobs/${digestOf("layer-0")}`, reply: { status: 200, text: "layer bytes" } },
      { method: "PUT", path: `/v2/acme-web-production/web/blobs/uploads/session-1?digest=${encodeURIComponent(digestOf("layer-0"))}`, reply: { status: 201 } },
      { method: "PUT", path: `/v2/acme-web-production/web/manifests/${WEB_MANIFEST}`, reply: { status: 201 } },
      manifestStep("acme-web-production/web"),
    );
    const p = await provider();
    const images = { web: `${fake.registry.host}/acme-web-staging/web@${WEB_MANIFEST}` };

    const result = await p.create({ appName: "acme-web-production", images, sourceStatus: "succeeded", registryUrl: fake.registry.url });

    expect(fake.registry.unexpected).toEqual([]);
    expect(result.outs?.references).toEqual({ web: `${fake.registry.host}/acme-web-production/web@${WEB_MANIFEST}` });
    expect(result.outs?.configDigests).toEqual({ web: config });
    const put = fake.registry.requests.find((r) => r.method === "PUT" && r.path.includes("/manifests/"))!;
    expect(put.body).toBe(body);
    expect(fake.registry.requests.find((r) => r.path.includes("session-1"))!.body).toBe("layer bytes");
    expect(fake.registry.requests.every((r) => r.headers.authorization === `Basic ${Buffer.from(`_:${KEY}`).toString("base64")}`)).toBe(true);
  });

  it("refuses a copy whose config digest differs", async () => {
    const body = JSON.stringify(manifestV2(digestOf("config")));
    fake.registry.script(
      { method: "GET", path: `/v2/acme-web-staging/web/manifests/${WEB_MANIFEST}`, reply: { status: 200, text: body } },
      { method: "POST", path: `/v2/acme-web-production/web/blobs/uploads/?mount=${digestOf("config")}&from=acme-web-staging/web`, reply: { status: 201 } },
      { method: "POST", path: `/v2/acme-web-production/web/blobs/uploads/?mount=${digestOf("layer-0")}&from=acme-web-staging/web`, reply: { status: 201 } },
      { method: "PUT", path: `/v2/acme-web-production/web/manifests/${WEB_MANIFEST}`, reply: { status: 201 } },
      { method: "GET", path: `/v2/acme-web-production/web/manifests/${WEB_MANIFEST}`, reply: { status: 200, text: JSON.stringify(manifestV2(digestOf("other"))) } },
    );
    const p = await provider();
    await expect(
      p.create({ appName: "acme-web-production", images: { web: `${fake.registry.host}/acme-web-staging/web@${WEB_MANIFEST}` }, sourceStatus: "succeeded", registryUrl: fake.registry.url }),
    ).rejects.toThrow(`has config digest ${digestOf("other")}, not ${digestOf("config")}; it was not released.`);
  });
});

describe("the pipeline", () => {
  it("is created by name and the app coupled as production", async () => {
    const run = await runProgram(withConfig(productionConfig(), { pipeline: "acme-web" }));
    expect(find(run, "heroku:pipeline/pipeline:Pipeline", "site-pipeline").inputs).toEqual({ name: "acme-web" });
    const coupling = find(run, "heroku:pipeline/coupling:Coupling", "site-coupling");
    expect(coupling.inputs).toEqual({
      appId: find(run, "heroku:app/app:App", "site-app").state.uuid,
      pipeline: find(run, "heroku:pipeline/pipeline:Pipeline", "site-pipeline").state.id ?? expect.any(String),
      stage: "production",
    });
  });

  it("is joined by id, with the stage configured", async () => {
    const id = "9f7b8e2c-1d3a-4c5b-8e6f-0a1b2c3d4e5f";
    const run = await runProgram(withConfig(productionConfig(), { pipeline: id, pipelineStage: "staging" }));
    expect(run.registrations.some((r) => r.type === "heroku:pipeline/pipeline:Pipeline")).toBe(false);
    expect(find(run, "heroku:pipeline/coupling:Coupling", "site-coupling").inputs).toMatchObject({ pipeline: id, stage: "staging" });
  });
});

describe("allowDestroy", () => {
  it("is refused on a checklist stack, and leaves a throwaway stack unprotected", async () => {
    const error = await runProgram(withConfig(productionConfig(), { allowDestroy: "true" })).catch((e: unknown) => e);
    expect((error as Error).message).toContain("`heroku-production:allowDestroy` is true; allowed: true only with enforceChecklist false");
    const run = await runProgram(
      withConfig(productionConfig(), { allowDestroy: "true", enforceChecklist: "false", addons: ["heroku-redis:mini"] }),
    );
    expect(run.registrations.filter((r) => r.opts.protect || r.opts.retainOnDelete).map((r) => r.name)).toEqual([]);
  });
});

void pulumi;
