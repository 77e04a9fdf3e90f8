// A read-only client of the Heroku Platform API for the live check: GET only, bounded in time and size, and every
// fault a clear LiveError (exit 2). Partial answers are never returned as if whole.

import { MAX_BODY_BYTES, readCapped } from "../lib/provider-support";

const ACCEPT = "application/vnd.heroku+json; version=3";
const MAX_ATTEMPTS = 4;
const MAX_RETRY_AFTER_MS = 30_000;

/** A fault of the live check itself, not a finding: the check cannot judge, and exits 2. */
export class LiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LiveError";
  }
}

export interface ApiClientOptions {
  readonly apiUrl: string;
  readonly apiKey: string;
  /** Per request. @default 10 000 */
  readonly timeoutMs?: number;
  /** Waits between retries; tests make it instant. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ApiClient {
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
}

function retryAfterMs(value: string | null, attempt: number): number {
  const seconds = value !== null && /^\d+$/.test(value.trim()) ? Number(value) * 1000 : undefined;
  return Math.min(seconds ?? 500 * 2 ** (attempt - 1), MAX_RETRY_AFTER_MS);
}

export function herokuApi(options: ApiClientOptions): ApiClient {
  const base = options.apiUrl.replace(/\/+$/, "");
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
      const url = `${base}${path}`;
      let problem = "";
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        let response: Response;
        try {
          response = await fetch(url, {
            method: "GET",
            headers: { Accept: ACCEPT, Authorization: `Bearer ${options.apiKey}`, ...headers },
            redirect: "manual",
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          const e = error as { name?: string; message?: string; cause?: { code?: string } };
          problem = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${e.message ?? "network error"}${e.cause?.code ? ` (${e.cause.code})` : ""}`;
          if (attempt < MAX_ATTEMPTS) await sleep(retryAfterMs(null, attempt));
          continue;
        }
        if (response.status === 401 || response.status === 403) {
          await response.body?.cancel();
          throw new LiveError(
            `Heroku refused the API key (HTTP ${response.status} on GET ${url}). Set HEROKU_API_KEY to a key with ` +
              "access to the app (heroku authorizations:create), or log in with heroku login.",
          );
        }
        if (response.status === 404) {
          await response.body?.cancel();
          throw new LiveError(`GET ${url} answered 404: there is no such app, or the key cannot see it. Check the stack's appName.`);
        }
        if (response.status === 429 || response.status >= 500) {
          problem = `HTTP ${response.status}`;
          const wait = retryAfterMs(response.headers.get("retry-after"), attempt);
          await response.body?.cancel();
          if (attempt < MAX_ATTEMPTS) await sleep(wait);
          continue;
        }
        const tooLarge = () => new LiveError(`GET ${url} answered more than ${MAX_BODY_BYTES} bytes; nothing was judged.`);
        const text = await readCapped(response, tooLarge);
        if (response.status < 200 || response.status >= 300) {
          throw new LiveError(`GET ${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
        }
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new LiveError(`GET ${url} answered something that is not JSON; nothing was judged.`);
        }
      }
      throw new LiveError(`GET ${url} still failed after ${MAX_ATTEMPTS} attempts (${problem}); nothing was judged.`);
    },
  };
}
