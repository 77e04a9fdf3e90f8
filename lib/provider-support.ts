// What the three dynamic providers (ContainerRelease, AcmActivation, ImageCopy) share: Heroku's addresses, the API
// key and how it is kept out of messages, and image references. Each provider's serialized text captures this
// module, and only this one besides its own, so it stays small: plain functions over globals, no module state.

export const DEFAULT_API_URL = "https://api.heroku.com";
export const DEFAULT_REGISTRY_URL = "https://registry.heroku.com";
/** Any response body beyond this is refused: no Heroku reply the providers or the live check read comes near it. */
export const MAX_BODY_BYTES = 1024 * 1024;
export interface ImageReference {
  host: string;
  /** `<app>/<process>` */
  repository: string;
  /** A tag, or a `sha256:` manifest digest when the reference pins one. */
  reference: string;
}

/** Splits `host/app/process:tag` or `host/app/process@sha256:...` (a digest wins over a tag). */
export function parseImageReference(image: string): ImageReference | undefined {
  const match = /^([^/\s]+)\/([a-z0-9][a-z0-9._-]*\/[-\w]+)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/.exec(
    image,
  );
  if (!match || (match[3] === undefined && match[4] === undefined)) return undefined;
  return { host: match[1], repository: match[2], reference: match[4] ?? match[3] };
}

/** The `api.heroku.com` password of a `.netrc` (what `heroku login` writes), as the provider reads it. */
export function netrcPassword(text: string, machine = "api.heroku.com"): string | undefined {
  const tokens = text.split(/\s+/).filter(Boolean);
  let current: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === "machine") current = tokens[++i];
    else if (tokens[i] === "default") current = "";
    else if (tokens[i] === "password" && current === machine) return tokens[i + 1];
  }
  return undefined;
}

/** The provider's order: `heroku:apiKey` from the stack config, then `HEROKU_API_KEY`, then `~/.netrc`. */
export function resolveApiKey(
  env: Record<string, string | undefined>,
  configured: string | undefined,
  netrc?: string,
): string {
  const key = configured?.trim() || env.HEROKU_API_KEY?.trim() || (netrc ? netrcPassword(netrc)?.trim() : undefined);
  if (!key) {
    throw new Error(
      "ContainerRelease needs a Heroku API key and found none. Store one in the stack config with " +
        "`pulumi config set --secret heroku:apiKey <key>` (create a long-lived key with `heroku authorizations:create`), " +
        "set HEROKU_API_KEY, or log in with `heroku login` (~/.netrc).",
    );
  }
  return key;
}

/**
 * The key a dynamic provider uses, read at run time in the provider host: `heroku:apiKey` from `configure`, then
 * `HEROKU_API_KEY`, then `~/.netrc`. ContainerRelease, AcmActivation and ImageCopy all read it here.
 */
export function providerApiKey(configured: string | undefined): string {
  return resolveApiKey(process.env, configured, readNetrc(process.env));
}

/** `~/.netrc` (or `$NETRC`), read at run time in the provider host; undefined when there is none. */
export function readNetrc(env: Record<string, string | undefined>): string | undefined {
  const home = env.HOME ?? env.USERPROFILE;
  const path = env.NETRC ?? (home ? `${home}/.netrc` : undefined);
  if (!path) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("fs") as typeof import("fs")).readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Replaces every occurrence of the key (and its Basic-auth form) so no message can carry it. */
export function redact(text: string, apiKey: string | undefined): string {
  if (!apiKey) return text;
  const basic = Buffer.from(`:${apiKey}`).toString("base64");
  return text.split(apiKey).join("[redacted]").split(basic).join("[redacted]");
}


/**
 * Runs `run` with the provider's API key ({@link providerApiKey}); an error it throws comes back with the key used and
 * the configured one both redacted, as either may appear in an echoed body. No `cause`: it would carry the
 * unredacted message.
 */
export async function withProviderKey<T>(configured: string | undefined, run: (key: string) => Promise<T>): Promise<T> {
  let key: string | undefined;
  try {
    key = providerApiKey(configured);
    return await run(key);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // eslint-disable-next-line preserve-caught-error
    throw new Error(redact(redact(message, key), configured));
  }
}

/**
 * A response's body as text, read no further than {@link MAX_BODY_BYTES}: a larger one, declared or streamed, is
 * cancelled and `tooLarge()` thrown.
 */
export async function readCapped(response: Response, tooLarge: () => Error): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}
