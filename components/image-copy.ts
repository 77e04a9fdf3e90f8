import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../lib/provider-cache";
import { DEFAULT_REGISTRY_URL, parseImageReference, withProviderKey } from "../lib/provider-support";

// Promotion copies the images staging released into the production app's repositories by digest, without a
// rebuild: each blob is mounted across repositories (or, where the registry declines, copied), then the manifest
// is put with its exact bytes, so its digest and the image's config digest are unchanged. Serialized like the
// other dynamic providers: plain functions over globals, helpers captured by value.

const DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface ImageCopyInputs {
  /** The app whose repositories receive the images. */
  appName: string;
  /** Process type → source image by manifest digest (`registry.heroku.com/<staging>/<type>@sha256:…`). */
  images: Record<string, string>;
  /** The source stack's last release status; anything but `succeeded` refuses the promotion. */
  sourceStatus: string;
  registryUrl?: string;
}

export interface ImageCopyState extends ImageCopyInputs {
  /** Process type → the copy, by the same manifest digest, in the app's repository. */
  references: Record<string, string>;
  /** Process type → the image's config digest, the same as the source's. */
  configDigests: Record<string, string>;
}

export interface ImageCopyProvider extends pulumi.dynamic.ResourceProvider<ImageCopyInputs, ImageCopyState> {
  configuredApiKey?: string;
}

/** Why a promotion cannot go ahead, or undefined. */
export function promotionProblem(inputs: Partial<ImageCopyInputs>): string | undefined {
  if (inputs.sourceStatus !== "succeeded") {
    return (
      `Promotion refused: the source stack's last release is ${JSON.stringify(inputs.sourceStatus ?? "unknown")}, not ` +
      '"succeeded". Fix and release the source stack first; production keeps what it runs.'
    );
  }
  for (const [type, image] of Object.entries(inputs.images ?? {})) {
    const ref = parseImageReference(image);
    if (ref === undefined || !ref.reference.startsWith("sha256:")) {
      return `Promotion refused: images.${type} is ${JSON.stringify(image)}, not an image by manifest digest (…@sha256:…).`;
    }
  }
  return undefined;
}


async function registry(
  method: string,
  url: string,
  key: string,
  init: { accept?: string; contentType?: string; body?: Uint8Array | string } = {},
): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const headers: Record<string, string> = { Authorization: `Basic ${Buffer.from(`_:${key}`).toString("base64")}` };
  if (init.accept) headers.Accept = init.accept;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  const response = await fetch(url, { method, headers, body: init.body, signal: AbortSignal.timeout(300_000) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

async function copyOne(
  base: string,
  appName: string,
  type: string,
  image: string,
  key: string,
): Promise<{ reference: string; configDigest: string }> {
  const ref = parseImageReference(image)!;
  const source = ref.repository;
  const target = `${appName}/${type}`;
  const got = await registry("GET", `${base}/v2/${source}/manifests/${ref.reference}`, key, { accept: DOCKER_MANIFEST_V2 });
  if (got.status !== 200 || got.bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw new Error(`GET ${base}/v2/${source}/manifests/${ref.reference} answered HTTP ${got.status}; nothing was copied.`);
  }
  const manifest = JSON.parse(Buffer.from(got.bytes).toString("utf8")) as {
    mediaType?: string;
    config?: { digest?: string };
    layers?: { digest?: string }[];
  };
  const configDigest = manifest.config?.digest;
  if (manifest.mediaType !== DOCKER_MANIFEST_V2 || typeof configDigest !== "string") {
    throw new Error(`${image} is not a Docker v2 schema-2 image manifest; Heroku releases nothing else.`);
  }
  for (const digest of [configDigest, ...(manifest.layers ?? []).map((l) => String(l.digest))]) {
    const mount = await registry("POST", `${base}/v2/${target}/blobs/uploads/?mount=${digest}&from=${source}`, key);
    if (mount.status === 201) continue;
    if (mount.status !== 202) throw new Error(`Mounting ${digest} into ${target} answered HTTP ${mount.status}.`);
    // The registry declined to mount: copy the blob, through the upload session it opened.
    const blob = await registry("GET", `${base}/v2/${source}/blobs/${digest}`, key);
    if (blob.status !== 200) throw new Error(`GET blob ${digest} of ${source} answered HTTP ${blob.status}.`);
    const location = new URL(mount.headers.get("location") ?? "", `${base}/`);
    location.searchParams.set("digest", digest);
    const put = await registry("PUT", location.toString(), key, { contentType: "application/octet-stream", body: blob.bytes });
    if (put.status !== 201) throw new Error(`Uploading ${digest} into ${target} answered HTTP ${put.status}.`);
  }
  const put = await registry("PUT", `${base}/v2/${target}/manifests/${ref.reference}`, key, {
    contentType: DOCKER_MANIFEST_V2,
    body: got.bytes,
  });
  if (put.status !== 201) throw new Error(`PUT the manifest of ${target} answered HTTP ${put.status}.`);
  // Verify: the copy is the same image, by its config digest.
  const check = await registry("GET", `${base}/v2/${target}/manifests/${ref.reference}`, key, { accept: DOCKER_MANIFEST_V2 });
  const copied = (JSON.parse(Buffer.from(check.bytes).toString("utf8")) as { config?: { digest?: string } }).config?.digest;
  if (check.status !== 200 || copied !== configDigest) {
    throw new Error(`The copy of ${image} in ${target} has config digest ${copied ?? "none"}, not ${configDigest}; it was not released.`);
  }
  const host = new URL(base).host;
  return { reference: `${host}/${target}@${ref.reference}`, configDigest };
}

async function copyAll(provider: ImageCopyProvider, inputs: ImageCopyInputs): Promise<ImageCopyState> {
  const problem = promotionProblem(inputs);
  if (problem) throw new Error(problem);
  return withProviderKey(provider.configuredApiKey, async (key) => {
    const base = (inputs.registryUrl ?? DEFAULT_REGISTRY_URL).replace(/\/+$/, "");
    const references: Record<string, string> = {};
    const configDigests: Record<string, string> = {};
    for (const type of Object.keys(inputs.images).sort()) {
      const copied = await copyOne(base, inputs.appName, type, inputs.images[type], key);
      references[type] = copied.reference;
      configDigests[type] = copied.configDigest;
    }
    return { ...inputs, references, configDigests };
  });
}

/** The dynamic provider. Exported for tests; programs use {@link ImageCopy}. */
export function createImageCopyProvider(): ImageCopyProvider {
  return {
    configuredApiKey: undefined,
    async configure(request: pulumi.dynamic.ConfigureRequest) {
      this.configuredApiKey = request.config.get("heroku:apiKey");
    },
    async check(_olds: ImageCopyInputs, news: ImageCopyInputs) {
      const problem = promotionProblem(news);
      return { inputs: news, failures: problem ? [{ property: "sourceStatus", reason: problem }] : [] };
    },
    async diff(_id: string, olds: ImageCopyState, news: ImageCopyInputs) {
      const same = olds.appName === news.appName && JSON.stringify(olds.images) === JSON.stringify(news.images);
      return { changes: !same, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs: ImageCopyInputs) {
      return { id: inputs.appName, outs: await copyAll(this, inputs) };
    },
    async update(_id: string, _olds: ImageCopyState, news: ImageCopyInputs) {
      return { outs: await copyAll(this, news) };
    },
    // The copies stay: production's releases may still run them.
    async delete() {},
  };
}

const provider = createImageCopyProvider();

export interface ImageCopyArgs {
  readonly appName: pulumi.Input<string>;
  readonly images: pulumi.Input<Record<string, pulumi.Input<string>>>;
  readonly sourceStatus: pulumi.Input<string>;
  /** @default `"https://registry.heroku.com"` */
  readonly registryUrl?: pulumi.Input<string>;
}

/** Copies released images into an app's repositories by digest: what production promotes from staging. */
export class ImageCopy extends pulumi.CustomResource {
  declare public readonly references: pulumi.Output<Record<string, string>>;
  declare public readonly configDigests: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ImageCopyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "pulumi-nodejs:dynamic/heroku-production:ImageCopy",
      name,
      { ...args, __provider: serializedProvider("ImageCopy", provider, __filename), references: undefined, configDigests: undefined },
      opts,
    );
  }
}
