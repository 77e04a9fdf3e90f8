import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../lib/provider-cache";
import {
  DEFAULT_API_URL,
  DEFAULT_REGISTRY_URL,
  MAX_BODY_BYTES,
  parseImageReference,
  readCapped,
  withProviderKey,
  type ImageReference,
} from "../lib/provider-support";

// Everything the provider object reaches is serialized with it (Pulumi closure serialization) and run
// later in the engine's dynamic-provider host. So the provider and its helpers are plain function
// declarations that use only globals (fetch, Buffer, URL, setTimeout, process), each other and
// lib/provider-support: no other imports, no module state holding secrets. The API key is read at run
// time, in the host.

/** The release wait, release phase included: `releaseTimeoutMinutes` (20) in the stack config. */
export const DEFAULT_TIMEOUT_SECONDS = 1200;
/** How many of the newest releases are searched for the one this provider made. */
export const RELEASES_SEARCHED = 20;

/** Bounds for retrying 429, 5xx and network failures. */
export const MAX_ATTEMPTS = 5;
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;
/** A Retry-After beyond this is cut down to it; the overall time limit still applies. */
export const MAX_RETRY_AFTER_MS = 60_000;
export const POLL_INTERVAL_MS = 3_000;
/** Per-request limit, so one hung connection cannot eat the whole `timeoutSeconds`. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** How much of a failed release's output goes into the error (its tail, where the failure is). */
export const MAX_OUTPUT_CHARS = 4_000;

const HEROKU_JSON = "application/vnd.heroku+json; version=3";
const HEROKU_DOCKER_RELEASES = "application/vnd.heroku+json; version=3.docker-releases";
const DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
/** Every manifest type a registry may hold, so that the answer says which one the image is. */
export const MANIFEST_ACCEPT = [DOCKER_MANIFEST_V2, DOCKER_MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX].join(", ");
const NEWEST_RELEASE_RANGE = "version ..; max=1, order=desc";
const RECENT_RELEASES_RANGE = `version ..; max=${RELEASES_SEARCHED}, order=desc`;
/** The value Pulumi gives an input that is not known yet (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The resolved inputs the provider receives. */
export interface ContainerReleaseInputs {
  appName: string;
  images: Record<string, string>;
  apiUrl?: string;
  registryUrl?: string;
  timeoutSeconds?: number;
  /** Maintenance mode on during the release, off once its outcome is known. */
  maintenance?: boolean;
}

/** What the provider records in state: the inputs plus the release it made. Never the API key. */
export interface ContainerReleaseState extends ContainerReleaseInputs {
  releaseId: string;
  releaseVersion: number;
  digests: Record<string, string>;
  status: string;
  /**
   * Process type → short image id (12 hex digits) of the app's current release, as `pulumi refresh` read it.
   * When it differs from `digests` (a rollback, a manual `container:release`), the next `pulumi up` releases again.
   */
  live?: Record<string, string>;
}

export interface HttpRequest {
  method: "GET" | "PATCH" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

/** Time source of the provider. Tests replace it on the deserialized provider to avoid real waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface HerokuRelease {
  id: string;
  version: number;
  status: string;
  description?: string | null;
  output_stream_url?: string | null;
}

export interface ContainerReleaseProvider extends pulumi.dynamic.ResourceProvider<
  ContainerReleaseInputs,
  ContainerReleaseState
> {
  clock: Clock;
  /** `heroku:apiKey` from the stack config, set by `configure` inside the engine's provider host. */
  configuredApiKey?: string;
}

/** Seconds or an HTTP date, as milliseconds from `nowMs`; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Delay before retry number `attempt` (1-based): Retry-After if the server sent one, else exponential. Both capped. */
export function backoffDelay(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(attempt - 1, 0), MAX_DELAY_MS);
}

/** web first, release (the release phase) last, the rest in between by name: a stable request body. */
export function orderProcessTypes(types: string[]): string[] {
  const rank = (t: string) => (t === "web" ? 0 : t === "worker" ? 1 : t === "release" ? 3 : 2);
  return [...types].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`:${apiKey}`).toString("base64")}`;
}

export function manifestRequest(registryUrl: string, image: ImageReference, apiKey: string): HttpRequest {
  return {
    method: "GET",
    url: `${stripTrailingSlash(registryUrl)}/v2/${image.repository}/manifests/${image.reference}`,
    headers: { Accept: MANIFEST_ACCEPT, Authorization: basicAuth(apiKey) },
  };
}

export function recentReleasesRequest(apiUrl: string, appName: string, apiKey: string): HttpRequest {
  return {
    method: "GET",
    url: `${stripTrailingSlash(apiUrl)}/apps/${encodeURIComponent(appName)}/releases`,
    headers: { Accept: HEROKU_JSON, Authorization: `Bearer ${apiKey}`, Range: RECENT_RELEASES_RANGE },
  };
}

/** The 12 hex digits Heroku shows for an image (`docker images`' IMAGE ID). */
export function shortImageId(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

/**
 * The images a container release deployed, from its description ("Deployed web (142013fe2b5c), release
 * (0a1b2c3d4e5f)"), as process type → short image id; undefined for any other release (config, add-on, rollback).
 */
export function deployedImages(description: string | null | undefined): Record<string, string> | undefined {
  const m = /^Deployed (.+)$/i.exec((description ?? "").trim());
  if (!m) return undefined;
  const images: Record<string, string> = {};
  for (const part of m[1].split(/,\s*|\s+and\s+/)) {
    const item = /^([-\w]+) \(([0-9a-f]{12,64})\)/.exec(part.trim());
    if (!item) return undefined;
    images[item[1]] = item[2].slice(0, 12);
  }
  return Object.keys(images).length > 0 ? images : undefined;
}

/**
 * Whether a release deployed these digests: every image its description lists is one of ours, with our id, and web
 * is among them. (The description may leave out a process type, the release phase's say; it never lists another's.)
 */
export function deploysExactly(release: HerokuRelease, digests: Record<string, string>): boolean {
  const images = deployedImages(release.description);
  if (images === undefined || images.web === undefined) return false;
  return Object.entries(images).every(([t, id]) => digests[t] !== undefined && shortImageId(digests[t]) === id);
}

export function newestReleaseRequest(apiUrl: string, appName: string, apiKey: string): HttpRequest {
  return {
    method: "GET",
    url: `${stripTrailingSlash(apiUrl)}/apps/${encodeURIComponent(appName)}/releases`,
    headers: { Accept: HEROKU_JSON, Authorization: `Bearer ${apiKey}`, Range: NEWEST_RELEASE_RANGE },
  };
}

export function releaseInfoRequest(apiUrl: string, appName: string, releaseId: string, apiKey: string): HttpRequest {
  return {
    method: "GET",
    url: `${stripTrailingSlash(apiUrl)}/apps/${encodeURIComponent(appName)}/releases/${encodeURIComponent(releaseId)}`,
    headers: { Accept: HEROKU_JSON, Authorization: `Bearer ${apiKey}` },
  };
}

export function maintenanceRequest(apiUrl: string, appName: string, on: boolean, apiKey: string): HttpRequest {
  return {
    method: "PATCH",
    url: `${stripTrailingSlash(apiUrl)}/apps/${encodeURIComponent(appName)}`,
    headers: { Accept: HEROKU_JSON, Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ maintenance: on }),
  };
}

export function formationUpdateRequest(
  apiUrl: string,
  appName: string,
  digests: Record<string, string>,
  apiKey: string,
): HttpRequest {
  const updates = orderProcessTypes(Object.keys(digests)).map((type) => ({ type, docker_image: digests[type] }));
  return {
    method: "PATCH",
    url: `${stripTrailingSlash(apiUrl)}/apps/${encodeURIComponent(appName)}/formation`,
    headers: {
      Accept: HEROKU_DOCKER_RELEASES,
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ updates }),
  };
}

function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.host : undefined;
  } catch {
    return undefined;
  }
}

/** Input validation for `check`; unknown (preview) values are skipped. */
export function validateInputs(inputs: Partial<ContainerReleaseInputs>): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const { appName, images, apiUrl, registryUrl, timeoutSeconds } = inputs;
  const appKnown = !isUnknown(appName);
  if (appKnown && (typeof appName !== "string" || !/^[a-z][a-z0-9-]{1,28}[a-z0-9]$/.test(appName))) {
    failures.push({
      property: "appName",
      reason: "`appName` must be a Heroku app name: 3-30 characters, lowercase letters, digits and dashes.",
    });
  }
  for (const [property, url] of [
    ["apiUrl", apiUrl],
    ["registryUrl", registryUrl],
  ] as const) {
    if (url !== undefined && !isUnknown(url) && (typeof url !== "string" || hostOf(url) === undefined)) {
      failures.push({ property, reason: `\`${property}\` must be an http(s) URL, got ${JSON.stringify(url)}.` });
    }
  }
  if (
    timeoutSeconds !== undefined &&
    !isUnknown(timeoutSeconds) &&
    !(typeof timeoutSeconds === "number" && Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)
  ) {
    failures.push({ property: "timeoutSeconds", reason: "`timeoutSeconds` must be a positive number of seconds." });
  }
  if (isUnknown(images)) return failures;
  if (typeof images !== "object" || images === null || Array.isArray(images)) {
    failures.push({ property: "images", reason: "`images` must map process types to image references." });
    return failures;
  }
  if (images.web === undefined) {
    failures.push({ property: "images", reason: "`images.web` is required: a container app needs a web image." });
  }
  const registryHost =
    registryUrl === undefined ? hostOf(DEFAULT_REGISTRY_URL) : isUnknown(registryUrl) ? undefined : hostOf(registryUrl);
  for (const [processType, image] of Object.entries(images)) {
    if (!/^[-\w]{1,128}$/.test(processType)) {
      failures.push({
        property: "images",
        reason: `\`images\` key ${JSON.stringify(processType)} is not a process type name.`,
      });
      continue;
    }
    if (isUnknown(image)) continue;
    const ref = typeof image === "string" ? parseImageReference(image) : undefined;
    const expected = appKnown ? `${appName}/${processType}` : undefined;
    if (
      !ref ||
      (registryHost !== undefined && ref.host !== registryHost) ||
      (expected !== undefined && ref.repository !== expected)
    ) {
      failures.push({
        property: `images.${processType}`,
        reason:
          `\`images.${processType}\` must be an image pushed to ${registryHost ?? "the registry"}/` +
          `${expected ?? "<app>/<processType>"} with a tag or a sha256 digest, got ${JSON.stringify(image)}.`,
      });
    }
  }
  return failures;
}

function sameImages(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => right[k] === left[k]);
}

/** State of one create/update run; `key` stays in memory and out of every message. */
interface RunContext {
  key: string;
  clock: Clock;
  appName: string;
  timeoutSeconds: number;
  deadline: number;
  /** What the run is doing, for the timeout message. */
  phase: string;
  /** Set once the formation PATCH went through: from then on Heroku may finish the release without us. */
  released: boolean;
}

/** What every error after the formation PATCH says: Heroku may still finish what it was asked. */
function mayStillFinish(ctx: RunContext): string {
  return (
    `The release may still finish on Heroku: check \`heroku releases -a ${ctx.appName}\`. Until a new release ` +
    "succeeds, the previous release keeps serving."
  );
}

function timeoutError(ctx: RunContext): Error {
  const after = ctx.released
    ? ` ${mayStillFinish(ctx)}`
    : " Nothing was released; the previous release keeps serving.";
  return new Error(
    `ContainerRelease timed out after ${ctx.timeoutSeconds} s (the \`timeoutSeconds\` limit, releaseTimeoutMinutes in the stack config) for Heroku app ` +
      `"${ctx.appName}" while ${ctx.phase}.${after}`,
  );
}

async function pause(ctx: RunContext, ms: number): Promise<void> {
  const remaining = ctx.deadline - ctx.clock.now();
  if (remaining <= 0) throw timeoutError(ctx);
  await ctx.clock.sleep(Math.min(ms, remaining));
  if (ctx.clock.now() >= ctx.deadline) throw timeoutError(ctx);
}

/**
 * An error for a body over {@link MAX_BODY_BYTES}, marked so that it is never retried: the same answer would come
 * again. (A plain Error with a flag: a subclass does not survive closure serialization intact.)
 */
function bodyTooLarge(message: string): Error {
  return Object.assign(new Error(message), { bodyTooLarge: true });
}

async function send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    // A redirect could carry the Authorization header elsewhere; Heroku does not redirect these calls.
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const tooLarge = () =>
    bodyTooLarge(
      `${request.method} ${request.url} answered a body of more than ${MAX_BODY_BYTES} bytes, which no reply this ` +
        "provider reads should have; it was not read.",
    );
  return { status: response.status, headers: response.headers, text: await readCapped(response, tooLarge) };
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "no response in time";
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? "network error"} (${cause})` : String(e?.message ?? error);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** One call with bounded retries of 429, 5xx and network errors. Returns any other response. */
async function call(ctx: RunContext, request: HttpRequest, label: string): Promise<HttpResponse> {
  let problem = "";
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const remaining = ctx.deadline - ctx.clock.now();
    if (remaining <= 0) throw timeoutError(ctx);
    let response: HttpResponse | undefined;
    try {
      response = await send(request, Math.min(REQUEST_TIMEOUT_MS, remaining));
    } catch (error) {
      if ((error as { bodyTooLarge?: boolean })?.bodyTooLarge === true) {
        const after = ctx.released ? mayStillFinish(ctx) : "Nothing was released; the previous release keeps serving.";
        throw new Error(`${(error as Error).message} (${label}) ${after}`, { cause: error });
      }
      problem = describeNetworkError(error);
    }
    let retryAfterMs: number | undefined;
    if (response) {
      if (response.status === 401 || response.status === 403) {
        throw new Error(
          `Heroku rejected the API key with HTTP ${response.status} on ${request.method} ${request.url} ` +
            `(${label}): the key is missing, expired or lacks access to app "${ctx.appName}". Create a key ` +
            "with `heroku authorizations:create` from an account with access to the app, then set it as " +
            "HEROKU_API_KEY or with `pulumi config set --secret heroku:apiKey <key>`.",
        );
      }
      if (response.status !== 429 && response.status < 500) return response;
      problem = `HTTP ${response.status}${response.text ? `: ${snippet(response.text)}` : ""}`;
      retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), ctx.clock.now());
    }
    if (attempt === MAX_ATTEMPTS) break;
    await pause(ctx, backoffDelay(attempt, retryAfterMs));
  }
  // A retried PATCH may have gone through server-side; at worst Heroku makes a second, identical release.
  throw new Error(
    `${request.method} ${request.url} (${label}) still failed after ${MAX_ATTEMPTS} attempts: ${problem}. ` +
      (ctx.released ? mayStillFinish(ctx) : "Nothing was released; the previous release keeps serving."),
  );
}

function expectSuccess(response: HttpResponse, request: HttpRequest, label: string, ctx?: RunContext): void {
  if (response.status >= 200 && response.status < 300) return;
  throw new Error(
    `${request.method} ${request.url} (${label}) answered HTTP ${response.status}` +
      `${response.text ? `: ${snippet(response.text)}` : ""}.` +
      (ctx?.released ? ` ${mayStillFinish(ctx)}` : ""),
  );
}

function parseJson(response: HttpResponse, request: HttpRequest, label: string): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    throw new Error(
      `Malformed response from ${request.method} ${request.url} (${label}): expected JSON, got ` +
        `${JSON.stringify(snippet(response.text))}.`,
    );
  }
}

function toRelease(value: unknown, request: HttpRequest): HerokuRelease {
  const r = value as Partial<HerokuRelease> | null;
  const problems: string[] = [];
  if (typeof r !== "object" || r === null) problems.push("not an object");
  else {
    if (typeof r.id !== "string" || r.id === "") problems.push("no `id`");
    if (typeof r.version !== "number" || !Number.isInteger(r.version)) problems.push("no integer `version`");
    if (typeof r.status !== "string" || r.status === "") problems.push("no `status`");
  }
  if (problems.length > 0) {
    throw new Error(`Malformed release from ${request.method} ${request.url}: ${problems.join(", ")}.`);
  }
  return r as HerokuRelease;
}

async function listReleases(ctx: RunContext, request: HttpRequest, label: string): Promise<HerokuRelease[]> {
  const response = await call(ctx, request, label);
  expectSuccess(response, request, label, ctx);
  const body = parseJson(response, request, label);
  if (!Array.isArray(body)) {
    throw new Error(`Malformed response from ${request.method} ${request.url}: expected a list of releases.`);
  }
  return body.map((r) => toRelease(r, request));
}

async function newestRelease(ctx: RunContext, apiUrl: string): Promise<HerokuRelease | undefined> {
  return (await listReleases(ctx, newestReleaseRequest(apiUrl, ctx.appName, ctx.key), "newest release"))[0];
}

async function releaseInfo(ctx: RunContext, apiUrl: string, releaseId: string): Promise<HerokuRelease> {
  const request = releaseInfoRequest(apiUrl, ctx.appName, releaseId, ctx.key);
  const response = await call(ctx, request, "release status");
  expectSuccess(response, request, "release status", ctx);
  return toRelease(parseJson(response, request, "release status"), request);
}

/** The tail of the release phase's output. The stream URL is pre-signed, so the API key is not sent there. */
async function releaseOutput(ctx: RunContext, release: HerokuRelease): Promise<string> {
  const url = release.output_stream_url;
  if (!url) return "(Heroku gave no release output for this release.)";
  try {
    const remaining = ctx.deadline - ctx.clock.now();
    const response = await send(
      { method: "GET", url, headers: { Accept: "text/plain" } },
      Math.max(1, Math.min(REQUEST_TIMEOUT_MS, remaining)),
    );
    if (response.status < 200 || response.status >= 300) {
      // The URL itself is left out: it is pre-signed, so it grants read access to the output.
      return `(release output unavailable: the output stream answered HTTP ${response.status})`;
    }
    const text = response.text.trim();
    return text.length > MAX_OUTPUT_CHARS ? `…${text.slice(-MAX_OUTPUT_CHARS)}` : text;
  } catch (error) {
    return `(release output unavailable: ${describeNetworkError(error)})`;
  }
}

/** Why a manifest of this media type cannot be released, or undefined for a Docker v2 schema-2 image. */
function unreleasable(mediaType: string | undefined): string | undefined {
  const fix =
    "Heroku's registry takes only a single-platform Docker image manifest v2 schema 2. Build with Docker's classic " +
    "image store (not the containerd store), or with BuildKit's `oci-mediatypes=false` and no provenance or SBOM " +
    "attestations (`--provenance=false --sbom=false`), for linux/amd64 only, and push again.";
  if (mediaType === DOCKER_MANIFEST_V2) return undefined;
  if (mediaType === DOCKER_MANIFEST_LIST || mediaType === OCI_INDEX) return `it is a multi-platform index (${mediaType}). ${fix}`;
  if (mediaType === OCI_MANIFEST) return `it is an OCI image manifest (${mediaType}). ${fix}`;
  return `its manifest type is ${JSON.stringify(mediaType ?? "unknown")}. ${fix}`;
}

async function readDigests(ctx: RunContext, inputs: ContainerReleaseInputs, registryUrl: string): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const processType of orderProcessTypes(Object.keys(inputs.images))) {
    const image = inputs.images[processType];
    const ref = parseImageReference(image);
    if (!ref) throw new Error(`\`images.${processType}\` is not an image reference: ${JSON.stringify(image)}.`);
    const request = manifestRequest(registryUrl, ref, ctx.key);
    const label = `manifest of ${image}`;
    const response = await call(ctx, request, label);
    if (response.status === 404) {
      throw new Error(
        `Image ${image} (process type "${processType}") is not in the registry: GET ${request.url} answered 404. ` +
          "Push it before releasing. Nothing was released; the previous release keeps serving.",
      );
    }
    expectSuccess(response, request, label);
    const manifest = parseJson(response, request, label) as { mediaType?: unknown; config?: { digest?: unknown } } | null;
    const contentType = response.headers.get("content-type")?.split(";")[0].trim();
    const mediaType = typeof manifest?.mediaType === "string" ? manifest.mediaType : contentType;
    const why = unreleasable(mediaType);
    if (why !== undefined) {
      throw new Error(`Image ${image} (process type "${processType}") cannot be released: ${why} Nothing was released; the previous release keeps serving.`);
    }
    const digest = manifest?.config?.digest;
    if (typeof digest !== "string" || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw new Error(
        `Malformed manifest from GET ${request.url}: no \`config.digest\` (sha256:…). Heroku releases ` +
          "single-platform Docker v2 images; push one built for linux/amd64 without a multi-platform index.",
      );
    }
    digests[processType] = digest;
  }
  return digests;
}

function newContext(inputs: ContainerReleaseInputs, key: string, clock: Clock): RunContext {
  const timeoutSeconds = inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    key,
    clock,
    appName: inputs.appName,
    timeoutSeconds,
    deadline: clock.now() + timeoutSeconds * 1000,
    phase: "reading image manifests",
    released: false,
  };
}

async function runRelease(inputs: ContainerReleaseInputs, key: string, clock: Clock): Promise<ContainerReleaseState> {
  const apiUrl = inputs.apiUrl ?? DEFAULT_API_URL;
  const registryUrl = inputs.registryUrl ?? DEFAULT_REGISTRY_URL;
  const ctx = newContext(inputs, key, clock);
  const digests = await readDigests(ctx, inputs, registryUrl);

  ctx.phase = "reading the current release";
  const previous = await newestRelease(ctx, apiUrl);
  const previousVersion = previous?.version ?? 0;
  const done = (r: HerokuRelease): ContainerReleaseState => ({
    ...inputs,
    releaseId: r.id,
    releaseVersion: r.version,
    digests,
    status: r.status,
    live: deployedImages(r.description),
  });
  // Already live: Heroku would make no new release for the same images, so there is nothing to wait for.
  if (previous !== undefined && previous.status === "succeeded" && deploysExactly(previous, digests)) return done(previous);

  const maintenance = async (on: boolean) => {
    ctx.phase = `turning maintenance mode ${on ? "on" : "off"}`;
    const request = maintenanceRequest(apiUrl, ctx.appName, on, key);
    expectSuccess(await call(ctx, request, `maintenance ${on ? "on" : "off"}`), request, `maintenance ${on ? "on" : "off"}`, ctx);
  };
  if (inputs.maintenance === true) await maintenance(true);
  try {
    const release = await releaseAndWait(ctx, apiUrl, digests, previousVersion, key);
    if (release.status === "failed") {
      // The previous release still serves: the maintenance page can go.
      if (inputs.maintenance === true) await maintenance(false);
      const output = await releaseOutput(ctx, release);
      const kept = previous ? `the previous release (v${previous.version}) keeps serving` : "the previous release keeps serving";
      throw Object.assign(
        new Error(
          `Release v${release.version} of Heroku app "${ctx.appName}" failed in its release phase, so it was not ` +
            `deployed and ${kept}. Release output:\n${output}`,
        ),
        { settled: true },
      );
    }
    if (release.status !== "succeeded") {
      const kept = previous ? `the previous release (v${previous.version}) keeps serving` : "the previous release keeps serving";
      throw new Error(
        `Release v${release.version} of Heroku app "${ctx.appName}" ended with status "${release.status}"; ${kept}. ` +
          `Check \`heroku releases -a ${ctx.appName}\`.`,
      );
    }
    if (inputs.maintenance === true) await maintenance(false);
    return done(release);
  } catch (error) {
    if (inputs.maintenance !== true || (error as { settled?: boolean }).settled === true) throw error;
    // The outcome is unknown (a time-out, a race, a lost connection): the maintenance page stays up.
    throw new Error(
      `${(error as Error).message} Maintenance mode is still on, since the outcome is unknown: once ` +
        `\`heroku releases -a ${ctx.appName}\` shows it settled, run \`heroku maintenance:off -a ${ctx.appName}\`.`,
      { cause: error },
    );
  }
}

/** PATCHes the formation and waits for the release that deployed exactly these digests to leave "pending". */
async function releaseAndWait(
  ctx: RunContext,
  apiUrl: string,
  digests: Record<string, string>,
  previousVersion: number,
  key: string,
): Promise<HerokuRelease> {
  ctx.phase = "updating the formation";
  const patch = formationUpdateRequest(apiUrl, ctx.appName, digests, key);
  const patched = await call(ctx, patch, "formation update");
  expectSuccess(patched, patch, "formation update");
  ctx.released = true;

  // Ours is the release newer than the one noted that deployed exactly these images; any other (a config change,
  // someone else's release) is never adopted.
  ctx.phase = `waiting for the release of these images, newer than v${previousVersion}`;
  let release: HerokuRelease | undefined;
  for (;;) {
    const recent = await listReleases(ctx, recentReleasesRequest(apiUrl, ctx.appName, key), "recent releases");
    const ours = recent.filter((r) => r.version > previousVersion && deploysExactly(r, digests));
    if (ours.length > 1) {
      throw new Error(
        `Releases ${ours.map((r) => `v${r.version}`).join(" and ")} of Heroku app "${ctx.appName}" both deploy these ` +
          "images (two releases raced), so this one cannot tell which is its own. " + mayStillFinish(ctx),
      );
    }
    if (ours.length === 1) {
      release = ours[0];
      break;
    }
    await pause(ctx, POLL_INTERVAL_MS);
  }
  // Follow this release by id, so a later release (someone else's config change) cannot stand in for it.
  while (release.status === "pending") {
    ctx.phase = `waiting for release v${release.version} to finish its release phase`;
    await pause(ctx, POLL_INTERVAL_MS);
    release = await releaseInfo(ctx, apiUrl, release.id);
  }
  return release;
}

/** What `pulumi refresh` sees: the app's current release and the images it runs. */
async function readLive(state: ContainerReleaseState, key: string, clock: Clock): Promise<ContainerReleaseState> {
  const ctx = newContext(state, key, clock);
  ctx.phase = "reading the current release";
  const current = await newestRelease(ctx, state.apiUrl ?? DEFAULT_API_URL);
  if (current === undefined) return { ...state, live: {} };
  return {
    ...state,
    releaseId: current.id,
    releaseVersion: current.version,
    status: current.status,
    live: deployedImages(current.description) ?? {},
  };
}

/** Whether the refreshed state shows other images live than the ones this resource released. */
export function drifted(state: Partial<ContainerReleaseState>): boolean {
  if (state.live === undefined || state.digests === undefined) return false;
  const digests = state.digests;
  const live = Object.entries(state.live);
  // The same rule as deploysExactly: web live, and every live image one of ours.
  return state.live.web === undefined || live.some(([t, id]) => digests[t] === undefined || shortImageId(digests[t]) !== id);
}

async function releaseSafely(
  provider: ContainerReleaseProvider,
  inputs: ContainerReleaseInputs,
): Promise<ContainerReleaseState> {
  return withProviderKey(provider.configuredApiKey, (key) => runRelease(inputs, key, provider.clock));
}

/** The dynamic provider. Exported for tests; programs use {@link ContainerRelease}. */
export function createContainerReleaseProvider(): ContainerReleaseProvider {
  return {
    clock: {
      now: () => Date.now(),
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    },
    configuredApiKey: undefined,
    async configure(request: pulumi.dynamic.ConfigureRequest) {
      this.configuredApiKey = request.config.get("heroku:apiKey");
    },
    async check(_olds: ContainerReleaseInputs, news: ContainerReleaseInputs) {
      return { inputs: news, failures: validateInputs(news) };
    },
    async diff(_id: string, olds: ContainerReleaseState, news: ContainerReleaseInputs) {
      // A refresh that found other images live (a rollback) is a change too: the next up releases these again.
      const changes = olds.appName !== news.appName || !sameImages(olds.images, news.images) || drifted(olds);
      return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async read(id: string, props?: ContainerReleaseState) {
      if (props === undefined) return { id, props: {} as ContainerReleaseState };
      return { id, props: await withProviderKey(this.configuredApiKey, (key) => readLive(props, key, this.clock)) };
    },
    async create(inputs: ContainerReleaseInputs) {
      const outs = await releaseSafely(this, inputs);
      return { id: inputs.appName, outs };
    },
    async update(_id: string, _olds: ContainerReleaseState, news: ContainerReleaseInputs) {
      return { outs: await releaseSafely(this, news) };
    },
    // Deliberately no request: Heroku keeps the release history, and the app resource owns the app's lifecycle.
    async delete() {},
  };
}

const provider = createContainerReleaseProvider();

export interface ContainerReleaseArgs {
  /** The Heroku app (container stack) to release to. Changing it releases to the new app (an update). */
  readonly appName: pulumi.Input<string>;
  /**
   * Process type → image already pushed to `registry.heroku.com/<app>/<process>:<tag>` (or `@sha256:<digest>`).
   * `web` is required; a `release` image runs as the release phase before the new version serves. Pass a digest
   * (for example `docker.Image.repoDigest`) or a unique tag: re-pushing the same tag is not a change Pulumi sees.
   */
  readonly images: pulumi.Input<{
    web: pulumi.Input<string>;
    release?: pulumi.Input<string>;
    worker?: pulumi.Input<string>;
    [process: string]: pulumi.Input<string> | undefined;
  }>;
  /** Heroku Platform API base URL. @default `"https://api.heroku.com"` */
  readonly apiUrl?: pulumi.Input<string>;
  /** Heroku container registry base URL. @default `"https://registry.heroku.com"` */
  readonly registryUrl?: pulumi.Input<string>;
  /** Overall limit for one release, release phase included, in seconds. @default `1200` (20 minutes) */
  readonly timeoutSeconds?: pulumi.Input<number>;
  /**
   * Turn maintenance mode on before the release and off once it succeeded or its release phase failed (the old
   * release still serves then). When the outcome is unknown it stays on, and the error says so. @default false
   */
  readonly maintenance?: pulumi.Input<boolean>;
}

/**
 * Releases images already pushed to Heroku's container registry, as `heroku container:release` does: reads each
 * image's config digest, PATCHes the formation with the `docker-releases` variant, and waits for the release. A
 * failed release phase fails the update and leaves the previous release serving.
 *
 * Its own release is the one newer than the release it noted that deployed exactly its images; it never adopts
 * another release's outcome. When those images already run, it makes no request that changes anything. `read`
 * reports the app's current release, so `pulumi refresh` shows a rollback and the next `pulumi up` undoes it.
 *
 * The API key comes from the secret stack config `heroku:apiKey`, else `HEROKU_API_KEY`, else `~/.netrc` (the
 * provider's order); it is never an input, an output or part of the serialized provider. Deleting the resource
 * makes no API call.
 */
export class ContainerRelease extends pulumi.CustomResource {
  declare public readonly releaseId: pulumi.Output<string>;
  declare public readonly releaseVersion: pulumi.Output<number>;
  /** Process type → `sha256:` config digest that was released. */
  declare public readonly digests: pulumi.Output<Record<string, string>>;
  declare public readonly status: pulumi.Output<string>;
  /** Process type → short image id of the app's current release, as the last refresh or release saw it. */
  declare public readonly live: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ContainerReleaseArgs, opts?: pulumi.CustomResourceOptions) {
    // What pulumi.dynamic.Resource registers, with the provider's text from the offline cache when it has it.
    super(
      "pulumi-nodejs:dynamic/heroku-production:ContainerRelease",
      name,
      {
        ...args,
        __provider: serializedProvider("ContainerRelease", provider, __filename),
        releaseId: undefined,
        releaseVersion: undefined,
        digests: undefined,
        status: undefined,
        live: undefined,
      },
      opts,
    );
  }
}
