import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../lib/provider-cache";
import { DEFAULT_API_URL, withProviderKey } from "../lib/provider-support";

// Serialized with the provider like ContainerRelease's: plain functions over globals (fetch, Buffer, process).
// The helpers imported above are captured by value.

const HEROKU_JSON = "application/vnd.heroku+json; version=3";
const MAX_BODY_CHARS = 64 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

export interface AcmInputs {
  appName: string;
  /** Heroku Platform API base URL; the tests' seam. */
  apiUrl?: string;
}

export interface AcmState extends AcmInputs {
  /** Whether ACM is on, as the last create, update or refresh saw it. */
  acm: boolean;
}

export interface AcmProvider extends pulumi.dynamic.ResourceProvider<AcmInputs, AcmState> {
  configuredApiKey?: string;
}


async function acmRequest(
  method: "GET" | "POST",
  url: string,
  key: string,
): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, {
    method,
    headers: { Accept: HEROKU_JSON, Authorization: `Bearer ${key}` },
    redirect: "manual",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = (await response.text()).slice(0, MAX_BODY_CHARS);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** Why Heroku refused ACM, in words a team can act on. */
export function explainAcmRefusal(appName: string, status: number, body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  const said = typeof message === "string" ? ` Heroku said: "${message}".` : "";
  return (
    `Heroku refused to turn on Automated Certificate Management for app "${appName}" (HTTP ${status}).${said} ` +
    "ACM needs the app to run paid dynos (Basic or larger; a personal app, until its formation has scaled) and " +
    "each custom domain's DNS to point at its herokudns.com target. This resource runs after the formation; " +
    `check \`heroku ps -a ${appName}\` and \`heroku domains -a ${appName}\`, then run pulumi up again.`
  );
}

async function readAcm(inputs: AcmInputs, key: string): Promise<boolean> {
  const base = (inputs.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const app = await acmRequest("GET", `${base}/apps/${encodeURIComponent(inputs.appName)}`, key);
  if (app.status !== 200) {
    throw new Error(`GET ${base}/apps/${inputs.appName} (app info) answered HTTP ${app.status}: ${app.text.slice(0, 300)}`);
  }
  return (app.body as { acm?: unknown } | undefined)?.acm === true;
}

async function enableAcm(provider: AcmProvider, inputs: AcmInputs): Promise<AcmState> {
  return withProviderKey(provider.configuredApiKey, async (key) => {
    if (await readAcm(inputs, key)) return { ...inputs, acm: true };
    const base = (inputs.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
    const enabled = await acmRequest("POST", `${base}/apps/${encodeURIComponent(inputs.appName)}/acm`, key);
    if (enabled.status < 200 || enabled.status >= 300) {
      throw new Error(explainAcmRefusal(inputs.appName, enabled.status, enabled.body));
    }
    return { ...inputs, acm: (enabled.body as { acm?: unknown } | undefined)?.acm !== false };
  });
}

/** The dynamic provider. Exported for tests; programs use {@link AcmActivation}. */
export function createAcmProvider(): AcmProvider {
  return {
    configuredApiKey: undefined,
    async configure(request: pulumi.dynamic.ConfigureRequest) {
      this.configuredApiKey = request.config.get("heroku:apiKey");
    },
    async diff(_id: string, olds: AcmState, news: AcmInputs) {
      // ACM found off on refresh (turned off by hand, or never on) is a change: the next up turns it on again.
      const changes = olds.appName !== news.appName || olds.acm !== true;
      return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs: AcmInputs) {
      return { id: inputs.appName, outs: await enableAcm(this, inputs) };
    },
    async update(_id: string, _olds: AcmState, news: AcmInputs) {
      return { outs: await enableAcm(this, news) };
    },
    async read(id: string, props?: AcmState) {
      if (props === undefined) return { id, props: {} as AcmState };
      const acm = await withProviderKey(this.configuredApiKey, (key) => readAcm(props, key));
      return { id, props: { ...props, acm } };
    },
    // Turning ACM off would drop the certificates of a live site: deleting this resource leaves ACM as it is.
    async delete() {},
  };
}

const provider = createAcmProvider();

export interface AcmActivationArgs {
  /** The Heroku app. */
  readonly appName: pulumi.Input<string>;
  /** Heroku Platform API base URL. @default `"https://api.heroku.com"` */
  readonly apiUrl?: pulumi.Input<string>;
}

/**
 * Turns on Automated Certificate Management (`POST /apps/{app}/acm`) once the app runs its dynos: Heroku refuses
 * ACM on a personal app before then, and the provider's `acm` flag is applied when the app is created. It reads
 * ACM's state on refresh and turns it back on when it is off; a refusal is explained.
 */
export class AcmActivation extends pulumi.CustomResource {
  declare public readonly acm: pulumi.Output<boolean>;

  constructor(name: string, args: AcmActivationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "pulumi-nodejs:dynamic/heroku-production:AcmActivation",
      name,
      { ...args, __provider: serializedProvider("AcmActivation", provider, __filename), acm: undefined },
      opts,
    );
  }
}
