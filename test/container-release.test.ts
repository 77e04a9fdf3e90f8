import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import {
  ContainerRelease,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  deployedImages,
  deploysExactly,
  formationUpdateRequest,
  orderProcessTypes,
  parseRetryAfter,
  validateInputs,
  type ContainerReleaseInputs,
  type ContainerReleaseProvider,
  type ContainerReleaseState,
} from "../components/container-release";
import { outputValue } from "../lib/offline";
import { parseImageReference } from "../lib/provider-support";
import { captureProviderText, loadProvider } from "./support/fake-engine-host";
import {
  digestOf,
  fakeClock,
  manifestV2,
  release,
  startFakeHeroku,
  type FakeHeroku,
  type RecordedRequest,
  type ReleaseFixture,
  type ScriptStep,
} from "./support/fake-heroku";
import { definitionValidator, errorsOf, hrefPattern, link, linkBodyValidator, SCHEMA_PATH } from "./support/fake-heroku-schema";

// Distinctive fake keys: any leak into the provider text, an error or a state shows up in a plain substring search.
// Hoisted above the imports: the key is in the environment and in the stack config before the component module even
// loads, so a module that captured either (at load or at construction) would serialize it.
const { KEY, savedEnvKey } = vi.hoisted(() => {
  const key = "HRKU-test-4f1d8c2e-key-must-not-leak-93b7a6";
  const saved = process.env.HEROKU_API_KEY;
  process.env.HEROKU_API_KEY = key;
  process.env.PULUMI_CONFIG = JSON.stringify({ "heroku:apiKey": key });
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(["heroku:apiKey"]);
  return { KEY: key, savedEnvKey: saved };
});
const ENV_KEY = "HRKU-env-0c5e7a91-other-key-must-not-leak-2d4f";
const APP = "acme-prod";
const TYPE = "pulumi-nodejs:dynamic/heroku-production:ContainerRelease";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const ACCEPT_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const ACCEPT_ANY_MANIFEST = [
  ACCEPT_MANIFEST,
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");
const RECENT_RANGE = "version ..; max=20, order=desc";
const ACCEPT_V3 = "application/vnd.heroku+json; version=3";
const ACCEPT_DOCKER_RELEASES = "application/vnd.heroku+json; version=3.docker-releases";
const RANGE = "version ..; max=1, order=desc";

const V10: ReleaseFixture = { id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d10", version: 10, status: "succeeded" };
const V11_PENDING: ReleaseFixture = { id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d11", version: 11, status: "pending" };
const V11: ReleaseFixture = { ...V11_PENDING, status: "succeeded" };

let providerText = "";
let mockInputs: Record<string, unknown> = {};
let resource!: ContainerRelease;
let fake: FakeHeroku;
let clock: ReturnType<typeof fakeClock>;

const valueOf = outputValue;

beforeAll(async () => {
  const captured = await captureProviderText(
    TYPE,
    () => {
      pulumi.runtime.setAllConfig({ "heroku:apiKey": KEY }, ["heroku:apiKey"]);
      resource = new ContainerRelease("web-release", {
        appName: APP,
        images: { web: `registry.heroku.com/${APP}/web:v42`, release: `registry.heroku.com/${APP}/release:v42` },
        timeoutSeconds: 900,
      });
    },
    { releaseId: V11.id, releaseVersion: 11, digests: { web: digestOf("web") }, status: "succeeded" },
  );
  providerText = captured.text;
  mockInputs = captured.inputs;
});

beforeEach(async () => {
  delete process.env.HEROKU_API_KEY;
  fake = await startFakeHeroku();
});

afterEach(async () => {
  await fake.close();
  if (savedEnvKey === undefined) delete process.env.HEROKU_API_KEY;
  else process.env.HEROKU_API_KEY = savedEnvKey;
});

async function hostProvider(config: Record<string, string> = { "heroku:apiKey": KEY }) {
  const provider = await loadProvider<ContainerReleaseProvider>(providerText, config);
  clock = fakeClock();
  provider.clock = clock;
  return provider;
}

const image = (processType: string, tag: string) => `${fake.registry.host}/${APP}/${processType}:${tag}`;

function inputs(images?: Record<string, string>, extra: Partial<ContainerReleaseInputs> = {}): ContainerReleaseInputs {
  return {
    appName: APP,
    images: images ?? { web: image("web", "v42"), worker: image("worker", "v42"), release: image("release", "v42") },
    apiUrl: fake.api.url,
    registryUrl: fake.registry.url,
    ...extra,
  };
}

const manifest = (processType: string, tag: string, digest = digestOf(`${processType}:${tag}`)): ScriptStep => ({
  method: "GET",
  path: `/v2/${APP}/${processType}/manifests/${tag}`,
  reply: { status: 200, json: manifestV2(digest), headers: { "Content-Type": ACCEPT_MANIFEST } },
});
// Heroku answers a ranged list with 206 Partial Content.
const newest = (fixture?: ReleaseFixture): ScriptStep => ({
  method: "GET",
  path: `/apps/${APP}/releases`,
  reply: { status: 206, json: fixture ? [release(fixture)] : [] },
});
/** The list the provider searches for its own release after the PATCH, newest first. */
const recent = (...fixtures: ReleaseFixture[]): ScriptStep => ({
  method: "GET",
  path: `/apps/${APP}/releases`,
  reply: { status: 206, json: fixtures.map((f) => release(f)) },
});
/** Process type → tag, as the manifests in these tests name them. */
type Tags = Record<string, string>;
const ALL42: Tags = { web: "v42", worker: "v42", release: "v42" };
const short = (digest: string) => digest.slice("sha256:".length, "sha256:".length + 12);
const shorts = (tags: Tags) => Object.fromEntries(Object.entries(tags).map(([t, tag]) => [t, short(digestOf(`${t}:${tag}`))]));
/** A release that deployed these images, described the way Heroku describes a container release. */
const mine = (fixture: ReleaseFixture, tags: Tags): ReleaseFixture => ({
  ...fixture,
  description: `Deployed ${orderProcessTypes(Object.keys(tags)).map((t) => `${t} (${short(digestOf(`${t}:${tags[t]}`))})`).join(", ")}`,
});
const WEB42: Tags = { web: "v42" };

const patchFormation = (): ScriptStep => ({
  method: "PATCH",
  path: `/apps/${APP}/formation`,
  reply: { status: 200, json: [] },
});
const info = (fixture: ReleaseFixture, times = 1): ScriptStep => ({
  method: "GET",
  path: `/apps/${APP}/releases/${fixture.id}`,
  reply: { status: 200, json: release(fixture) },
  times,
});

const lines = (requests: RecordedRequest[]) => requests.map((r) => `${r.server} ${r.method} ${r.path}`);
const basic = (key: string) => `Basic ${Buffer.from(`:${key}`).toString("base64")}`;

function expectScriptDone() {
  expect([...fake.api.unexpected, ...fake.registry.unexpected, ...fake.streams.unexpected]).toEqual([]);
  expect([...fake.api.pending, ...fake.registry.pending, ...fake.streams.pending]).toEqual([]);
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).not.toContain(KEY);
  expect(message).not.toContain(ENV_KEY);
  expect(message).not.toContain(Buffer.from(`:${KEY}`).toString("base64"));
  return message;
}

describe("serialized provider", () => {
  it("is plain text without the API key, though the key was in the env and config while serializing", () => {
    expect(typeof providerText).toBe("string");
    expect(providerText).toContain("exports.handler");
    expect(providerText).toContain("HEROKU_API_KEY");
    expect(providerText).not.toContain(KEY);
    expect(providerText).not.toContain(Buffer.from(`:${KEY}`).toString("base64"));
  });

  it("sends the args plus output placeholders as inputs, and no key", () => {
    expect(Object.keys(mockInputs).sort()).toEqual(["__provider", "appName", "images", "timeoutSeconds"]);
    expect(mockInputs.appName).toBe(APP);
    expect(mockInputs.images).toEqual({
      web: `registry.heroku.com/${APP}/web:v42`,
      release: `registry.heroku.com/${APP}/release:v42`,
    });
    expect(JSON.stringify(mockInputs)).not.toContain(KEY);
  });

  it("exposes the engine's outputs on the resource (declare fields are not erased)", async () => {
    expect(await valueOf(resource.releaseId)).toBe(V11.id);
    expect(await valueOf(resource.releaseVersion)).toBe(11);
    expect(await valueOf(resource.digests)).toEqual({ web: digestOf("web") });
    expect(await valueOf(resource.status)).toBe("succeeded");
  });
});

describe("create: a first release", () => {
  it("reads the config digests, notes the newest release, PATCHes the formation and waits for success", async () => {
    fake.registry.script(manifest("web", "v42"), manifest("worker", "v42"), manifest("release", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11_PENDING, ALL42), V10), info(mine(V11, ALL42)));
    const provider = await hostProvider();

    const result = await provider.create(inputs());

    const digests = { web: digestOf("web:v42"), worker: digestOf("worker:v42"), release: digestOf("release:v42") };
    expect(result).toEqual({
      id: APP,
      outs: { ...inputs(), releaseId: V11.id, releaseVersion: 11, digests, status: "succeeded", live: shorts(ALL42) },
    });
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(lines(fake.log)).toEqual([
      `registry GET /v2/${APP}/web/manifests/v42`,
      `registry GET /v2/${APP}/worker/manifests/v42`,
      `registry GET /v2/${APP}/release/manifests/v42`,
      `api GET /apps/${APP}/releases`,
      `api PATCH /apps/${APP}/formation`,
      `api GET /apps/${APP}/releases`,
      `api GET /apps/${APP}/releases/${V11.id}`,
    ]);
    for (const r of fake.registry.requests) {
      expect(r.headers.accept).toBe(ACCEPT_ANY_MANIFEST);
      expect(r.headers.authorization).toBe(basic(KEY));
      expect(Buffer.from(r.headers.authorization!.slice("Basic ".length), "base64").toString()).toBe(`:${KEY}`);
    }
    const [before, patch, after, poll] = fake.api.requests;
    for (const [list, range] of [
      [before, RANGE],
      [after, RECENT_RANGE],
    ] as const) {
      expect(list.headers.accept).toBe(ACCEPT_V3);
      expect(list.headers.range).toBe(range);
      expect(list.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    expect(poll.headers.accept).toBe(ACCEPT_V3);
    expect(poll.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(patch.headers.accept).toBe(ACCEPT_DOCKER_RELEASES);
    expect(patch.headers["content-type"]).toBe("application/json");
    expect(patch.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(patch.body)).toEqual({
      updates: [
        { type: "web", docker_image: digests.web },
        { type: "worker", docker_image: digests.worker },
        { type: "release", docker_image: digests.release },
      ],
    });
    expect(clock.sleeps).toEqual([3_000]);
    expectScriptDone();
  });

  it.skipIf(!SCHEMA_PATH)("sends a body that matches the documented formation batch update, apart from docker_image", async () => {
    fake.registry.script(manifest("web", "v42"), manifest("worker", "v42"), manifest("release", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11, ALL42)));
    const provider = await hostProvider();
    await provider.create(inputs());

    const patch = fake.api.requests.find((r) => r.method === "PATCH")!;
    const batchUpdate = link("formation", "Batch Update");
    expect(patch.method).toBe(batchUpdate.method);
    expect(patch.path).toMatch(hrefPattern(batchUpdate.href));
    expect(fake.api.requests[0].path).toMatch(hrefPattern(link("release", "List").href));

    // The schema documents `updates[]` items as {type, quantity, dyno_size} with additionalProperties: false; the
    // docker-releases variant's `docker_image` is undocumented. So the documented part is validated without it,
    // `docker_image` is asserted on its own, and the full body is shown to fall outside the documented schema.
    const validate = linkBodyValidator("formation", "Batch Update");
    const body = JSON.parse(patch.body) as { updates: { type: string; docker_image: string }[] };
    const documented = { updates: body.updates.map(({ type }) => ({ type })) };
    expect(validate(documented), errorsOf(validate)).toBe(true);
    expect(body.updates.map((u) => Object.keys(u).sort())).toEqual([
      ["docker_image", "type"],
      ["docker_image", "type"],
      ["docker_image", "type"],
    ]);
    expect(body.updates.map((u) => u.docker_image)).toEqual([
      digestOf("web:v42"),
      digestOf("worker:v42"),
      digestOf("release:v42"),
    ]);
    expect(validate(body)).toBe(false);
    expect(errorsOf(validate)).toContain("must NOT have additional properties");
  });

  it.skipIf(!SCHEMA_PATH)("builds the fake's release replies to the documented release schema", () => {
    const validate = definitionValidator("release");
    const failed: ReleaseFixture = { ...V11, status: "failed", output_stream_url: "https://x/y" };
    for (const fixture of [V10, V11_PENDING, V11, failed]) {
      expect(validate(release(fixture)), errorsOf(validate)).toBe(true);
    }
    expect(validate(release({ ...V11, status: "bogus" as "failed" }))).toBe(false);
  });

  it("handles an app with no release yet and a digest-pinned web image", async () => {
    const pinned = digestOf("manifest-of-web");
    const webDigest = digestOf("config-of-web");
    fake.registry.script({
      method: "GET",
      path: `/v2/${APP}/web/manifests/${pinned}`,
      reply: { status: 200, json: manifestV2(webDigest) },
    });
    fake.api.script(newest(undefined), patchFormation(), recent({ ...V11, version: 1, description: `Deployed web (${short(webDigest)})` }));
    const provider = await hostProvider();

    const result = await provider.create(inputs({ web: `${fake.registry.host}/${APP}/web@${pinned}` }));

    expect(result.outs).toMatchObject({ releaseVersion: 1, digests: { web: webDigest }, status: "succeeded" });
    expect(JSON.parse(fake.api.requests[1].body)).toEqual({ updates: [{ type: "web", docker_image: webDigest }] });
    expect(clock.sleeps).toEqual([]);
    expectScriptDone();
  });
});

describe("update: a new image", () => {
  it("is an update, not a replace, and releases the new digest", async () => {
    const provider = await hostProvider();
    const oldState: ContainerReleaseState = {
      ...inputs(),
      releaseId: V11.id,
      releaseVersion: 11,
      digests: { web: digestOf("web:v42"), worker: digestOf("worker:v42"), release: digestOf("release:v42") },
      status: "succeeded",
    };
    const news = inputs({ web: image("web", "v43"), worker: image("worker", "v42"), release: image("release", "v43") });
    expect(await provider.diff!(APP, oldState, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });

    const v12: ReleaseFixture = { id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d12", version: 12, status: "pending" };
    fake.registry.script(manifest("web", "v43"), manifest("worker", "v42"), manifest("release", "v43"));
    const v43: Tags = { web: "v43", worker: "v42", release: "v43" };
    // The first list after the PATCH still shows v11: the provider must wait for its own.
    fake.api.script(
      newest(mine(V11, ALL42)),
      patchFormation(),
      recent(mine(V11, ALL42)),
      recent(mine(v12, v43), mine(V11, ALL42)),
      info(mine({ ...v12, status: "succeeded" }, v43)),
    );

    const result = await provider.update!(APP, oldState, news);

    expect(result).toEqual({
      outs: {
        ...news,
        releaseId: v12.id,
        releaseVersion: 12,
        digests: { web: digestOf("web:v43"), worker: digestOf("worker:v42"), release: digestOf("release:v43") },
        status: "succeeded",
        live: shorts({ web: "v43", worker: "v42", release: "v43" }),
      },
    });
    expect(JSON.parse(fake.api.requests[1].body)).toEqual({
      updates: [
        { type: "web", docker_image: digestOf("web:v43") },
        { type: "worker", docker_image: digestOf("worker:v42") },
        { type: "release", docker_image: digestOf("release:v43") },
      ],
    });
    expect(lines(fake.api.requests)).toEqual([
      `api GET /apps/${APP}/releases`,
      `api PATCH /apps/${APP}/formation`,
      `api GET /apps/${APP}/releases`,
      `api GET /apps/${APP}/releases`,
      `api GET /apps/${APP}/releases/${v12.id}`,
    ]);
    expect(clock.sleeps).toEqual([3_000, 3_000]);
    expectScriptDone();
  });
});

describe("diff", () => {
  const state = (over: Partial<ContainerReleaseState> = {}): ContainerReleaseState => ({
    appName: APP,
    images: { web: `registry.heroku.com/${APP}/web:v1` },
    releaseId: V11.id,
    releaseVersion: 11,
    digests: { web: digestOf("web") },
    status: "succeeded",
    ...over,
  });

  it.each<[string, boolean, Partial<ContainerReleaseInputs>]>([
    ["nothing changed", false, {}],
    [
      "only apiUrl, registryUrl and timeoutSeconds changed",
      false,
      { apiUrl: "http://127.0.0.1:1", registryUrl: "http://127.0.0.1:2", timeoutSeconds: 5 },
    ],
    ["the web tag changed", true, { images: { web: `registry.heroku.com/${APP}/web:v2` } }],
    [
      "a worker image was added",
      true,
      { images: { web: `registry.heroku.com/${APP}/web:v1`, worker: `registry.heroku.com/${APP}/worker:v1` } },
    ],
    ["the app changed", true, { appName: "acme-prod-eu", images: { web: "registry.heroku.com/acme-prod-eu/web:v1" } }],
    ["an image is unknown during preview", true, { images: { web: UNKNOWN } }],
  ])("%s → changes: %s, never a replace", async (_name, changes, change) => {
    const provider = await hostProvider();
    const olds = state();
    const news: ContainerReleaseInputs = { appName: olds.appName, images: olds.images, ...change };
    expect(await provider.diff!(APP, olds, news)).toEqual({ changes, replaces: [], deleteBeforeReplace: false });
  });
});

describe("check", () => {
  it("accepts valid inputs, skips unknown ones, and names each bad property", async () => {
    const provider = await hostProvider();
    const good = { appName: APP, images: { web: `registry.heroku.com/${APP}/web:v1` } };
    expect(await provider.check!(good, good)).toEqual({ inputs: good, failures: [] });
    const preview = { appName: APP, images: { web: UNKNOWN, release: UNKNOWN } };
    expect((await provider.check!(preview, preview)).failures).toEqual([]);

    const bad = {
      appName: "Acme_Prod",
      images: { worker: `docker.io/${APP}/worker:v1`, release: `registry.heroku.com/other-app/release:v1` },
      timeoutSeconds: 0,
    };
    const { failures } = await provider.check!(bad, bad);
    expect(failures!.map((f) => f.property)).toEqual([
      "appName",
      "timeoutSeconds",
      "images",
      "images.worker",
      "images.release",
    ]);
    expect(failures![2].reason).toBe("`images.web` is required: a container app needs a web image.");
  });

  it("checks image hosts against the registry in use", () => {
    const registryUrl = "http://127.0.0.1:5000";
    expect(validateInputs({ appName: APP, images: { web: `127.0.0.1:5000/${APP}/web:v1` }, registryUrl })).toEqual([]);
    const heroku = `registry.heroku.com/${APP}/web:v1`;
    expect(validateInputs({ appName: APP, images: { web: heroku }, registryUrl })).toEqual([
      {
        property: "images.web",
        reason:
          `\`images.web\` must be an image pushed to 127.0.0.1:5000/${APP}/web with a tag or a sha256 digest, ` +
          `got "registry.heroku.com/${APP}/web:v1".`,
      },
    ]);
  });
});

describe("its own release, and only its own", () => {
  const V12: ReleaseFixture = { id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d12", version: 12, status: "succeeded" };

  it("never adopts a foreign release: its own v11 fails while a config release v12 succeeds", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(
      newest(V10),
      patchFormation(),
      // v12 (someone's `heroku config:set`) is newer and succeeded; v11 deployed these images and failed.
      recent(V12, mine({ ...V11, status: "failed" }, WEB42), V10),
    );
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      'Release v11 of Heroku app "acme-prod" failed in its release phase, so it was not deployed and the previous ' +
        "release (v10) keeps serving. Release output:\n(Heroku gave no release output for this release.)",
    );
    expectScriptDone();
  });

  it("waits past foreign releases until its own appears", async () => {
    fake.registry.script(manifest("web", "v42"));
    const v13 = { ...V12, id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d13", version: 13 };
    fake.api.script(newest(V10), patchFormation(), recent(V12, V10), recent(mine(v13, WEB42), V12, V10));
    const provider = await hostProvider();

    const result = await provider.create(inputs({ web: image("web", "v42") }));

    expect(result.outs).toMatchObject({ releaseId: v13.id, releaseVersion: 13, status: "succeeded", live: shorts(WEB42) });
    expect(clock.sleeps).toEqual([3_000]);
    expectScriptDone();
  });

  it("fails clearly when two racing creates made two releases of the same images", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V12, WEB42), mine(V11, WEB42), V10));
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      'Releases v12 and v11 of Heroku app "acme-prod" both deploy these images (two releases raced), so this one ' +
        "cannot tell which is its own. The release may still finish on Heroku: check `heroku releases -a acme-prod`. " +
        "Until a new release succeeds, the previous release keeps serving.",
    );
  });

  it("re-releasing the digests already live succeeds without a PATCH", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(mine(V11, WEB42)));
    const provider = await hostProvider();

    const result = await provider.create(inputs({ web: image("web", "v42") }));

    expect(result.outs).toMatchObject({ releaseId: V11.id, releaseVersion: 11, status: "succeeded", live: shorts(WEB42) });
    expect(fake.api.requests.map((r) => r.method)).toEqual(["GET"]);
    expectScriptDone();
  });

  it("times out naming the limit when no release of these images ever appears", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), { ...recent(V10), times: Infinity });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") }, { timeoutSeconds: 6 })));

    expect(message).toBe(
      'ContainerRelease timed out after 6 s (the `timeoutSeconds` limit, releaseTimeoutMinutes in the stack config) for Heroku app "acme-prod" while ' +
        "waiting for the release of these images, newer than v10. The release may still finish on Heroku: check " +
        "`heroku releases -a acme-prod`. Until a new release succeeds, the previous release keeps serving.",
    );
  });
});

describe("deployedImages and deploysExactly", () => {
  const d = { web: digestOf("web:v42"), release: digestOf("release:v42") };
  it("read Heroku's description, with or without a trailing 'by user'", () => {
    expect(deployedImages(`Deployed web (${short(d.web)}), release (${short(d.release)})`)).toEqual({ web: short(d.web), release: short(d.release) });
    expect(deployedImages(`Deployed web (${short(d.web)}) by user ops@example.com`)).toEqual({ web: short(d.web) });
    expect(deployedImages("Set SENTRY_ENVIRONMENT config vars")).toBeUndefined();
    expect(deployedImages("Rollback to v10")).toBeUndefined();
  });

  it("match a release that lists our images, even without the release phase's, and no other", () => {
    const rel = (description: string): { id: string; version: number; status: string; description: string } => ({ id: "x", version: 1, status: "succeeded", description });
    expect(deploysExactly(rel(`Deployed web (${short(d.web)}), release (${short(d.release)})`), d)).toBe(true);
    expect(deploysExactly(rel(`Deployed web (${short(d.web)})`), d)).toBe(true);
    expect(deploysExactly(rel(`Deployed web (${short(digestOf("web:v41"))}), release (${short(d.release)})`), d)).toBe(false);
    expect(deploysExactly(rel(`Deployed web (${short(d.web)}), worker (${short(digestOf("worker:v1"))})`), d)).toBe(false);
    expect(deploysExactly(rel(`Deployed release (${short(d.release)})`), d)).toBe(false);
  });
});

describe("refresh", () => {
  const state = (): ContainerReleaseState => ({
    ...inputs({ web: image("web", "v42") }),
    releaseId: V11.id,
    releaseVersion: 11,
    digests: { web: digestOf("web:v42") },
    status: "succeeded",
    live: shorts(WEB42),
  });

  it("shows a rollback, and the next up releases the declared images again", async () => {
    // `heroku rollback v10` makes v12, which runs v10's image again.
    const rollback: ReleaseFixture = { id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d12", version: 12, status: "succeeded", description: `Rollback to v10` };
    fake.api.script(newest(rollback));
    const provider = await hostProvider();

    const read = await provider.read!(APP, state());

    expect(read.props).toMatchObject({ releaseId: rollback.id, releaseVersion: 12, status: "succeeded", live: {} });
    const news = inputs({ web: image("web", "v42") });
    expect(await provider.diff!(APP, read.props as ContainerReleaseState, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff!(APP, state(), news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(fake.api.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("sees no drift when the live release lists only some of the released images", async () => {
    const provider = await hostProvider();
    const both = { ...state(), digests: { web: digestOf("web:v42"), release: digestOf("release:v42") }, live: { web: short(digestOf("web:v42")) } };
    expect((await provider.diff!(APP, both, { ...both }))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("shows a manual container:release of other images", async () => {
    fake.api.script(newest({ ...V11, id: "0b6a5f0e-1c1d-4c52-9d0e-3f1a2b3c4d12", version: 12, description: `Deployed web (${short(digestOf("web:hotfix"))})` }));
    const provider = await hostProvider();

    const read = await provider.read!(APP, state());

    expect((read.props as ContainerReleaseState).live).toEqual({ web: short(digestOf("web:hotfix")) });
    expect((await provider.diff!(APP, read.props as ContainerReleaseState, inputs({ web: image("web", "v42") }))).changes).toBe(true);
  });
});

describe("a failed release phase", () => {
  it("fails with the tail of the release output and says the previous release keeps serving", async () => {
    const outputPath = "/streams/7c1d0a3e-release-output";
    const failedV11: ReleaseFixture = {
      ...V11_PENDING,
      status: "failed",
      output_stream_url: `${fake.streams.url}${outputPath}`,
    };
    const head = "HEAD-OF-OUTPUT-should-be-trimmed\n";
    const tail = 'django.db.utils.ProgrammingError: column "plan_id" of relation "billing_account" does not exist';
    const fullOutput = `${head}${"Applying billing.0042_plan... \n".repeat(400)}${tail}\n`;
    fake.registry.script(manifest("web", "v42"), manifest("release", "v42"));
    const tags = { web: "v42", release: "v42" };
    fake.api.script(
      newest(V10),
      patchFormation(),
      recent(mine({ ...V11_PENDING, output_stream_url: failedV11.output_stream_url }, tags)),
      info(mine(failedV11, tags)),
    );
    fake.streams.script({ method: "GET", path: outputPath, reply: { status: 200, text: fullOutput } });
    const provider = await hostProvider();

    const images = { web: image("web", "v42"), release: image("release", "v42") };
    const message = await failure(provider.create(inputs(images)));

    const keptTail = fullOutput.trim().slice(-4_000);
    expect(message).toBe(
      'Release v11 of Heroku app "acme-prod" failed in its release phase, so it was not deployed and the previous ' +
        `release (v10) keeps serving. Release output:\n…${keptTail}`,
    );
    expect(keptTail.endsWith(tail)).toBe(true);
    expect(message).not.toContain(head.trim());
    expect(fake.streams.requests).toHaveLength(1);
    expect(fake.streams.requests[0].headers.authorization).toBeUndefined();
    expectScriptDone();
  });

  it("leaves the pre-signed output URL out when the output cannot be read", async () => {
    const streamUrl = `${fake.streams.url}/streams/presigned-secret-token`;
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine({ ...V11, status: "failed", output_stream_url: streamUrl }, WEB42)));
    fake.streams.script({ method: "GET", path: "/streams/presigned-secret-token", reply: { status: 404, text: "" } });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      'Release v11 of Heroku app "acme-prod" failed in its release phase, so it was not deployed and the previous ' +
        "release (v10) keeps serving. Release output:\n(release output unavailable: the output stream answered HTTP 404)",
    );
    expectScriptDone();
  });

  it("still fails clearly when the release has no output", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine({ ...V11, status: "failed" }, WEB42)));
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      'Release v11 of Heroku app "acme-prod" failed in its release phase, so it was not deployed and the previous ' +
        "release (v10) keeps serving. Release output:\n(Heroku gave no release output for this release.)",
    );
    expect(fake.streams.requests).toEqual([]);
  });
});

describe("retries", () => {
  it("waits out a 429 for its Retry-After, then succeeds", async () => {
    const step = manifest("web", "v42");
    fake.registry.script(
      {
        ...step,
        reply: {
          status: 429,
          headers: { "Retry-After": "2" },
          json: { id: "rate_limit", message: "Your account reached the API rate limit" },
        },
      },
      step,
    );
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11, WEB42)));
    const provider = await hostProvider();

    const result = await provider.create(inputs({ web: image("web", "v42") }));

    expect(result.outs).toMatchObject({ releaseVersion: 11, status: "succeeded" });
    expect(lines(fake.registry.requests)).toEqual([
      `registry GET /v2/${APP}/web/manifests/v42`,
      `registry GET /v2/${APP}/web/manifests/v42`,
    ]);
    expect(clock.sleeps).toEqual([2_000]);
    expectScriptDone();
  });

  it("gives up on a repeated 503 after bounded, growing delays, before anything is released", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script({ ...newest(V10), reply: { status: 503, text: "Service Unavailable" }, times: 5 });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      `GET ${fake.api.url}/apps/${APP}/releases (newest release) still failed after 5 attempts: HTTP 503: ` +
        "Service Unavailable. Nothing was released; the previous release keeps serving.",
    );
    expect(fake.api.requests).toHaveLength(5);
    expect(fake.api.requests.some((r) => r.method === "PATCH")).toBe(false);
    expect(clock.sleeps).toEqual([500, 1_000, 2_000, 4_000]);
    expectScriptDone();
  });

  it("retries a refused connection the same way", async () => {
    const closedUrl = fake.streams.url;
    await fake.streams.close();
    const provider = await hostProvider();

    const message = await failure(
      provider.create(inputs({ web: `${new URL(closedUrl).host}/${APP}/web:v42` }, { registryUrl: closedUrl })),
    );

    expect(message).toMatch(
      new RegExp(
        `^GET ${closedUrl}/v2/${APP}/web/manifests/v42 \\(manifest of .*\\) still failed after 5 attempts: .*ECONNREFUSED`,
      ),
    );
    expect(clock.sleeps).toEqual([500, 1_000, 2_000, 4_000]);
  });
});

describe("the overall time limit", () => {
  it("stops waiting for a pending release at timeoutSeconds, naming the limit and the app", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11_PENDING, WEB42)), info(mine(V11_PENDING, WEB42), Infinity));
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") }, { timeoutSeconds: 10 })));

    expect(message).toBe(
      'ContainerRelease timed out after 10 s (the `timeoutSeconds` limit, releaseTimeoutMinutes in the stack config) for Heroku app "acme-prod" while ' +
        "waiting for release v11 to finish its release phase. The release may still finish on Heroku: check " +
        "`heroku releases -a acme-prod`. Until a new release succeeds, the previous release keeps serving.",
    );
    expect(clock.sleeps).toEqual([3_000, 3_000, 3_000, 1_000]);
    expect(fake.api.requests.filter((r) => r.path === `/apps/${APP}/releases/${V11.id}`)).toHaveLength(3);
    expect(clock.now() - fakeClock().now()).toBe(10_000);
  });
});

describe("authentication", () => {
  it.each([
    ["the API", 401],
    ["the API", 403],
    ["the registry", 401],
  ] as const)("%s answering %i fails at once with how to fix the key", async (where, status) => {
    const denied = { status, json: { id: "unauthorized", message: "Invalid credentials provided." } };
    if (where === "the registry") {
      fake.registry.script({ ...manifest("web", "v42"), reply: denied });
    } else {
      fake.registry.script(manifest("web", "v42"));
      fake.api.script({ ...newest(V10), reply: denied });
    }
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    const url =
      where === "the registry"
        ? `GET ${fake.registry.url}/v2/${APP}/web/manifests/v42 (manifest of ${image("web", "v42")})`
        : `GET ${fake.api.url}/apps/${APP}/releases (newest release)`;
    expect(message).toBe(
      `Heroku rejected the API key with HTTP ${status} on ${url}: the key is missing, expired or lacks access to ` +
        'app "acme-prod". Create a key with `heroku authorizations:create` from an account with access to the app, ' +
        "then set it as HEROKU_API_KEY or with `pulumi config set --secret heroku:apiKey <key>`.",
    );
    expect(fake.log).toHaveLength(where === "the registry" ? 1 : 2);
    expect(clock.sleeps).toEqual([]);
  });

  it("takes heroku:apiKey from the stack config over HEROKU_API_KEY, in the provider's order", async () => {
    process.env.HEROKU_API_KEY = ENV_KEY;
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11, WEB42)));
    const provider = await hostProvider({ "heroku:apiKey": KEY });

    await provider.create(inputs({ web: image("web", "v42") }));

    expect(fake.registry.requests[0].headers.authorization).toBe(basic(KEY));
    expect(fake.api.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${KEY}`));
  });

  it("falls back to HEROKU_API_KEY, then to ~/.netrc's api.heroku.com entry", async () => {
    process.env.HEROKU_API_KEY = ENV_KEY;
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11, WEB42)));
    let provider = await hostProvider({ "heroku-production:region": "eu" });
    await provider.create(inputs({ web: image("web", "v42") }));
    expect(fake.registry.requests[0].headers.authorization).toBe(basic(ENV_KEY));

    delete process.env.HEROKU_API_KEY;
    const netrc = join(mkdtempSync(join(tmpdir(), "netrc-")), ".netrc");
    writeFileSync(netrc, `machine git.heroku.com\n  login a@example.com\n  password nope\nmachine api.heroku.com\n  login a@example.com\n  password ${KEY}\n`);
    const savedNetrc = process.env.NETRC;
    process.env.NETRC = netrc;
    try {
      fake.registry.script(manifest("web", "v42"));
      fake.api.script(newest(V10), patchFormation(), recent(mine(V11, WEB42)));
      provider = await hostProvider({ "heroku-production:region": "eu" });
      await provider.create(inputs({ web: image("web", "v42") }));
      expect(fake.registry.requests[1].headers.authorization).toBe(basic(KEY));
    } finally {
      if (savedNetrc === undefined) delete process.env.NETRC;
      else process.env.NETRC = savedNetrc;
    }
  });

  it("falls back to heroku:apiKey from the stack config given to configure", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), recent(mine(V11, WEB42)));
    const provider = await hostProvider({ "heroku:apiKey": KEY, "heroku-production:region": "eu" });

    await provider.create(inputs({ web: image("web", "v42") }));

    expect(fake.registry.requests[0].headers.authorization).toBe(basic(KEY));
    expect(fake.api.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${KEY}`));
  });

  it("fails before any request when there is no key at all", async () => {
    const savedNetrc = process.env.NETRC;
    process.env.NETRC = join(tmpdir(), "no-such-netrc");
    const provider = await hostProvider({ "heroku-production:region": "eu" });

    const message = await failure(provider.create(inputs())).finally(() => {
      if (savedNetrc === undefined) delete process.env.NETRC;
      else process.env.NETRC = savedNetrc;
    });

    expect(message).toBe(
      "ContainerRelease needs a Heroku API key and found none. Store one in the stack config with " +
        "`pulumi config set --secret heroku:apiKey <key>` (create a long-lived key with `heroku authorizations:create`), " +
        "set HEROKU_API_KEY, or log in with `heroku login` (~/.netrc).",
    );
    expect(fake.log).toEqual([]);
  });

  it("redacts the key when a reply echoes it", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), {
      ...patchFormation(),
      reply: { status: 422, json: { id: "invalid_params", message: `Bad request with Authorization: Bearer ${KEY}` } },
    });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      `PATCH ${fake.api.url}/apps/${APP}/formation (formation update) answered HTTP 422: ` +
        '{"id":"invalid_params","message":"Bad request with Authorization: Bearer [redacted]"}.',
    );
  });
});

describe("malformed responses", () => {
  it("a manifest that is not JSON", async () => {
    fake.registry.script({ ...manifest("web", "v42"), reply: { status: 200, text: "<html>gateway</html>" } });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      `Malformed response from GET ${fake.registry.url}/v2/${APP}/web/manifests/v42 (manifest of ` +
        `${image("web", "v42")}): expected JSON, got "<html>gateway</html>".`,
    );
    expect(fake.api.requests).toEqual([]);
  });

  const FIX =
    "Heroku's registry takes only a single-platform Docker image manifest v2 schema 2. Build with Docker's classic " +
    "image store (not the containerd store), or with BuildKit's `oci-mediatypes=false` and no provenance or SBOM " +
    "attestations (`--provenance=false --sbom=false`), for linux/amd64 only, and push again.";

  it.each([
    ["a Docker manifest list", "application/vnd.docker.distribution.manifest.list.v2+json", "it is a multi-platform index"],
    ["an OCI index", "application/vnd.oci.image.index.v1+json", "it is a multi-platform index"],
    ["an OCI manifest", "application/vnd.oci.image.manifest.v1+json", "it is an OCI image manifest"],
  ])("%s fails before the PATCH, with the reason and the fix", async (_label, mediaType, why) => {
    const json =
      mediaType === "application/vnd.oci.image.manifest.v1+json"
        ? { schemaVersion: 2, mediaType, config: { mediaType: "application/vnd.oci.image.config.v1+json", size: 1, digest: digestOf("c") }, layers: [] }
        : { schemaVersion: 2, mediaType, manifests: [] };
    fake.registry.script({ ...manifest("web", "v42"), reply: { status: 200, json, headers: { "Content-Type": mediaType } } });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      `Image ${image("web", "v42")} (process type "web") cannot be released: ${why} (${mediaType}). ${FIX} ` +
        "Nothing was released; the previous release keeps serving.",
    );
    expect(fake.api.requests).toEqual([]);
  });

  it("refuses a huge body without reading it, and does not retry it", async () => {
    fake.registry.script({ ...manifest("web", "v42"), reply: { status: 200, text: "x".repeat(2 * 1024 * 1024) } });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      `GET ${fake.registry.url}/v2/${APP}/web/manifests/v42 answered a body of more than 1048576 bytes, which no reply ` +
        `this provider reads should have; it was not read. (manifest of ${image("web", "v42")}) Nothing was released; ` +
        "the previous release keeps serving.",
    );
    expect(fake.registry.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("a release without status", async () => {
    const { status: _status, ...withoutStatus } = release(V11);
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), patchFormation(), { ...newest(V11), reply: { status: 206, json: [withoutStatus] } });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(`Malformed release from GET ${fake.api.url}/apps/${APP}/releases: no \`status\`.`);
  });

  it("a missing image", async () => {
    fake.registry.script({
      ...manifest("web", "v42"),
      reply: { status: 404, json: { errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] } },
    });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") })));

    expect(message).toBe(
      `Image ${image("web", "v42")} (process type "web") is not in the registry: GET ${fake.registry.url}/v2/` +
        `${APP}/web/manifests/v42 answered 404. Push it before releasing. Nothing was released; the previous ` +
        "release keeps serving.",
    );
  });
});

describe("delete", () => {
  it("is a no-op that makes no request", async () => {
    process.env.HEROKU_API_KEY = ENV_KEY;
    const provider = await hostProvider();
    const state: ContainerReleaseState = {
      ...inputs(),
      releaseId: V11.id,
      releaseVersion: 11,
      digests: { web: digestOf("web") },
      status: "succeeded",
    };

    await expect(provider.delete!(APP, state)).resolves.toBeUndefined();

    expect(fake.log).toEqual([]);
  });
});

describe("pure helpers", () => {
  it("parseRetryAfter reads seconds and HTTP dates", () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    expect(parseRetryAfter("7", now)).toBe(7_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 09:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("backoffDelay doubles up to a cap, and caps Retry-After too", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(backoffDelay(3, 1_500)).toBe(1_500);
    expect(backoffDelay(1, 3_600_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it("parseImageReference takes tags and digests, and rejects bare names", () => {
    const digest = digestOf("m");
    expect(parseImageReference(`registry.heroku.com/${APP}/web:v42`)).toEqual({
      host: "registry.heroku.com",
      repository: `${APP}/web`,
      reference: "v42",
    });
    expect(parseImageReference(`registry.heroku.com/${APP}/web:v42@${digest}`)?.reference).toBe(digest);
    expect(parseImageReference(`registry.heroku.com/${APP}/web`)).toBeUndefined();
    expect(parseImageReference(`${APP}/web:v42`)).toBeUndefined();
  });

  it("orders process types web, worker, others, release", () => {
    expect(orderProcessTypes(["release", "clock", "worker", "web", "beat"])).toEqual([
      "web",
      "worker",
      "beat",
      "clock",
      "release",
    ]);
    const request = formationUpdateRequest("https://api.heroku.com/", APP, { release: "r", web: "w" }, "k");
    expect(request.url).toBe(`https://api.heroku.com/apps/${APP}/formation`);
    expect(JSON.parse(request.body!)).toEqual({
      updates: [
        { type: "web", docker_image: "w" },
        { type: "release", docker_image: "r" },
      ],
    });
  });
});

describe("maintenance during a risky release", () => {
  const maintenanceStep = (on: boolean): ScriptStep => ({
    method: "PATCH",
    path: `/apps/${APP}`,
    reply: { status: 200, json: { name: APP, maintenance: on } },
  });

  it("turns maintenance on before the PATCH and off after success", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), maintenanceStep(true), patchFormation(), recent(mine(V11, WEB42)), maintenanceStep(false));
    const provider = await hostProvider();

    await provider.create(inputs({ web: image("web", "v42") }, { maintenance: true }));

    expect(lines(fake.api.requests)).toEqual([
      `api GET /apps/${APP}/releases`,
      `api PATCH /apps/${APP}`,
      `api PATCH /apps/${APP}/formation`,
      `api GET /apps/${APP}/releases`,
      `api PATCH /apps/${APP}`,
    ]);
    expect([fake.api.requests[1], fake.api.requests[4]].map((r) => JSON.parse(r.body))).toEqual([
      { maintenance: true },
      { maintenance: false },
    ]);
    expectScriptDone();
  });

  it("turns it off after a failed release phase, since the old release still serves", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), maintenanceStep(true), patchFormation(), recent(mine({ ...V11, status: "failed" }, WEB42)), maintenanceStep(false));
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") }, { maintenance: true })));

    expect(message).toMatch(/^Release v11 of Heroku app "acme-prod" failed in its release phase/);
    expect(message).not.toContain("Maintenance mode is still on");
    expectScriptDone();
  });

  it("leaves it on, and says so, when the outcome is unknown", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(V10), maintenanceStep(true), patchFormation(), { ...recent(V10), times: Infinity });
    const provider = await hostProvider();

    const message = await failure(provider.create(inputs({ web: image("web", "v42") }, { maintenance: true, timeoutSeconds: 6 })));

    expect(message).toMatch(/^ContainerRelease timed out after 6 s/);
    expect(message).toMatch(
      /Maintenance mode is still on, since the outcome is unknown: once `heroku releases -a acme-prod` shows it settled, run `heroku maintenance:off -a acme-prod`\.$/,
    );
    expect(fake.api.requests.filter((r) => r.path === `/apps/${APP}`)).toHaveLength(1);
  });

  it("never touches maintenance when the images are already live", async () => {
    fake.registry.script(manifest("web", "v42"));
    fake.api.script(newest(mine(V11, WEB42)));
    const provider = await hostProvider();

    await provider.create(inputs({ web: image("web", "v42") }, { maintenance: true }));

    expect(fake.api.requests.map((r) => r.method)).toEqual(["GET"]);
  });
});
