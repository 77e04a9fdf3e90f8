import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ADDON_SERVICES, splitAddonPlan } from "./catalog";
import { holdSerialization } from "./provider-cache";
import type { StackConfig } from "./stack-file";

/** One resource the program declared, with its inputs as the engine would receive them and its options. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Inputs as sent to the engine. A secret input is a `{ [specialSigKey]: specialSecretSig, value }` object. */
  readonly inputs: Record<string, unknown>;
  /** The state the mock answered with (computed outputs included). */
  readonly state: Record<string, unknown>;
  /** The parent's logical name; undefined for the stack's direct children. */
  readonly parent: string | undefined;
  /** The options set on the resource itself (not inherited ones). */
  readonly opts: {
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly deleteBeforeReplace?: boolean;
    readonly ignoreChanges?: readonly string[];
    readonly additionalSecretOutputs?: readonly string[];
    readonly dependsOn: readonly string[];
    readonly version?: string;
    readonly pluginDownloadURL?: string;
  };
}

export interface OfflineRun {
  readonly project: string;
  readonly registrations: readonly Registration[];
  /** Every value the mocks made up (hostnames, DNS targets, digests, release numbers): never to be shown as real. */
  readonly computed: ReadonlySet<string>;
  /** The stack outputs, resolved. Secret ones are listed in `secretOutputs` and kept as values here. */
  readonly outputs: Record<string, unknown>;
  readonly secretOutputs: readonly string[];
}

export const isSecretValue = (v: unknown): boolean => pulumi.runtime.isRpcSecret(v);

/** Replaces every secret wrapper in a value with its plain content. */
export function reveal(v: unknown): unknown {
  if (isSecretValue(v)) return reveal(pulumi.runtime.unwrapRpcSecret(v));
  if (Array.isArray(v)) return v.map(reveal);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  }
  return v;
}

/** A secret value the way the engine sends one: the mock runtime turns it into a secret output. */
export const secretValue = (value: unknown) => ({
  [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
  value,
});

const hex = (seed: string, n: number) => createHash("sha256").update(seed).digest("hex").slice(0, n);
const uuid = (seed: string) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * What the providers would answer, made up but shaped like the real thing and deterministic, so that computed
 * outputs (hostnames, DNS targets, tokens, passwords) are known offline.
 */
export function mockState(
  args: pulumi.runtime.MockResourceArgs,
  stackOutputs: Readonly<Record<string, Record<string, unknown>>> = {},
): { id: string; state: Record<string, unknown> } {
  const inputs = args.inputs as Record<string, unknown>;
  const seed = `${args.type}::${args.name}`;
  const id = uuid(seed);
  switch (args.type) {
    case "heroku:app/app:App": {
      const name = String(inputs.name ?? args.name);
      const host = `${name}-${hex(seed, 12)}.herokuapp.com`;
      return {
        id,
        state: {
          ...inputs,
          name,
          uuid: id,
          herokuHostname: host,
          webUrl: `https://${host}/`,
          gitUrl: `https://git.heroku.com/${name}.git`,
          stack: inputs.stack ?? "heroku-24",
          acm: inputs.acm ?? false,
          internalRouting: false,
          buildpacks: [],
          allConfigVars: secretValue({}),
        },
      };
    }
    case "heroku:addon/addon:Addon": {
      const { service } = splitAddonPlan(String(inputs.plan ?? ""));
      const vars = Object.prototype.hasOwnProperty.call(ADDON_SERVICES, service) ? ADDON_SERVICES[service].configVars : {};
      return {
        id,
        state: {
          ...inputs,
          name: `${service.replace(/^heroku-/, "")}-${hex(seed, 6)}-${parseInt(hex(seed, 4), 16) % 90000}`,
          configVars: Object.keys(vars),
          configVarValues: secretValue(vars),
          providerId: uuid(`${seed}:provider`),
        },
      };
    }
    case "heroku:domain/domain:Domain":
      return { id, state: { ...inputs, cname: `${hex(seed, 8)}-${hex(`${seed}:2`, 14)}.herokudns.com` } };
    case "heroku:drain/drain:Drain":
      return { id, state: { ...inputs, token: `d.${uuid(`${seed}:token`)}` } };
    case "random:index/randomPassword:RandomPassword": {
      const length = Number(inputs.length ?? 16);
      let result = "";
      for (let i = 0; result.length < length; i++) result += hex(`${seed}:${i}`, 64);
      return { id, state: { ...inputs, result: secretValue(result.slice(0, length)), bcryptHash: secretValue("") } };
    }
    case "docker:index/image:Image": {
      const imageName = String(inputs.imageName);
      const repo = imageName.replace(/:[^:/]+$/, "");
      const repoDigest = `${repo}@sha256:${hex(`${seed}:${imageName}`, 64)}`;
      return {
        id: repoDigest,
        state: {
          ...inputs,
          baseImageName: imageName,
          registryServer: repo.split("/")[0],
          repoDigest,
          context: (inputs.build as { context?: string } | undefined)?.context,
          dockerfile: (inputs.build as { dockerfile?: string } | undefined)?.dockerfile,
          platform: (inputs.build as { platform?: string } | undefined)?.platform,
        },
      };
    }
    case "sentry:index/team:Team": {
      const n = String(parseInt(hex(seed, 6), 16));
      return { id: String(inputs.slug ?? args.name), state: { ...inputs, slug: inputs.slug ?? args.name, internalId: n, teamId: n } };
    }
    case "sentry:index/project:Project": {
      const n = String(parseInt(hex(seed, 6), 16));
      return { id: `${String(inputs.organization)}/${String(inputs.slug)}`, state: { ...inputs, slug: inputs.slug ?? args.name, internalId: n } };
    }
    case "sentry:index/key:Key": {
      const publicKey = hex(seed, 32);
      const project = parseInt(hex(`${seed}:p`, 6), 16);
      const dsn = `https://${publicKey}@o${parseInt(hex(`${seed}:o`, 5), 16)}.ingest.sentry.io/${project}`;
      return {
        id: publicKey,
        state: {
          ...inputs,
          public: publicKey,
          secret: secretValue(hex(`${seed}:s`, 32)),
          projectId: String(project),
          dsn: secretValue({ public: dsn }),
          dsnPublic: dsn,
        },
      };
    }
    case "sentry:index/alert:Alert":
    case "sentry:index/metricMonitor:MetricMonitor":
      return { id: String(parseInt(hex(seed, 6), 16)), state: { ...inputs } };
    case "pulumi-nodejs:dynamic/heroku-production:ContainerRelease": {
      const images = (inputs.images ?? {}) as Record<string, string>;
      return {
        id: String(inputs.appName),
        state: {
          ...inputs,
          releaseId: uuid(`${seed}:release`),
          releaseVersion: 1 + (parseInt(hex(seed, 4), 16) % 500),
          status: "succeeded",
          digests: Object.fromEntries(Object.keys(images).map((p) => [p, `sha256:${hex(`${seed}:${images[p]}`, 64)}`])),
        },
      };
    }
    case "pulumi:pulumi:StackReference": {
      // Another stack's outputs: given by the caller, else made up in the shape this program exports.
      const stackName = String(inputs.name);
      const made = {
        releasedImageRefs: {
          web: `registry.heroku.com/source-app/web@sha256:${hex(`${stackName}:web`, 64)}`,
          release: `registry.heroku.com/source-app/release@sha256:${hex(`${stackName}:release`, 64)}`,
        },
        releaseStatus: "succeeded",
      };
      return { id: stackName, state: { name: stackName, outputs: stackOutputs[stackName] ?? made, secretOutputNames: [] } };
    }
    case "pulumi-nodejs:dynamic/heroku-production:ImageCopy": {
      const images = (inputs.images ?? {}) as Record<string, string>;
      const appName = String(inputs.appName);
      return {
        id: appName,
        state: {
          ...inputs,
          references: Object.fromEntries(
            Object.entries(images).map(([type, ref]) => [type, `registry.heroku.com/${appName}/${type}@${ref.split("@")[1]}`]),
          ),
          configDigests: Object.fromEntries(Object.keys(images).map((type) => [type, `sha256:${hex(`${seed}:${images[type]}:config`, 64)}`])),
        },
      };
    }
    case "pulumi-nodejs:dynamic/heroku-production:AcmActivation":
      return { id: String(inputs.appName), state: { ...inputs, acm: true } };
    default:
      return { id, state: { ...inputs } };
  }
}

function resourceName(r: unknown): string | undefined {
  return (r as { __name?: string } | undefined)?.__name;
}

/** Resolves an output's value (under mocks, where every value is known). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((x) => resolve(x)));
}

async function valueOf(v: unknown): Promise<{ value: unknown; secret: boolean }> {
  if (!pulumi.Output.isInstance(v)) return { value: v, secret: false };
  const out = v as pulumi.Output<unknown>;
  const secret = await (out as unknown as { isSecret: Promise<boolean> }).isSecret;
  return { value: await outputValue(out), secret };
}

/**
 * Runs a Pulumi program in-process under Pulumi's mock runtime with a stack's config, and records every resource
 * it declares. Nothing is sent anywhere. `load` imports the program; call it once per process (or reset modules).
 */
export async function runOffline(
  config: StackConfig,
  load: () => Promise<Record<string, unknown>>,
  observe?: (args: pulumi.runtime.MockResourceArgs) => void,
  options: {
    readonly stackOutputs?: Readonly<Record<string, Record<string, unknown>>>;
    /**
     * Called at most once, on the event loop's first turn after the program returns (not at all if the run has ended
     * by then), with the resources registered by then: all of them but those still waiting on something slower (a
     * dynamic provider's serialization, a timer). Work that needs only those (Django's check needs the app's
     * environment) can start before the run ends; it must compare with the finished run before it trusts what it
     * started. Serializations of dynamic providers wait until the promise it returns settles, so that what it starts
     * is not queued behind them.
     */
    readonly onSettled?: (registered: Pick<OfflineRun, "project" | "registrations">) => void | Promise<unknown>;
  } = {},
): Promise<OfflineRun> {
  const computed = new Set<string>();
  const leaves = (v: unknown, into: Set<string>): Set<string> => {
    if (isSecretValue(v)) return leaves(pulumi.runtime.unwrapRpcSecret(v), into);
    if (typeof v === "string" || typeof v === "number") into.add(String(v));
    else if (Array.isArray(v)) v.forEach((x) => leaves(x, into));
    else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => leaves(x, into));
    return into;
  };
  const states = new Map<string, { inputs: Record<string, unknown>; state: Record<string, unknown>; custom: boolean }>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        observe?.(args);
        const answer = mockState(args, options.stackOutputs);
        const given = leaves(args.inputs, new Set());
        for (const v of leaves([answer.id, answer.state], new Set())) if (!given.has(v)) computed.add(v);
        states.set(`${args.type}::${args.name}`, {
          inputs: args.inputs as Record<string, unknown>,
          state: answer.state,
          custom: args.custom ?? true,
        });
        return answer;
      },
      call: (args) => {
        if (args.token === "sentry:index/getTeam:getTeam") {
          return { ...args.inputs, id: String(args.inputs.slug), internalId: String(parseInt(hex(String(args.inputs.slug), 6), 16)) };
        }
        if (args.token === "sentry:index/getProjectIssueStreamMonitor:getProjectIssueStreamMonitor") {
          return { ...args.inputs, id: String(parseInt(hex(`${String(args.inputs.project)}:issue-stream`, 6), 16)), name: "Issue Stream", enabled: true };
        }
        return args.inputs;
      },
    },
    config.project,
    config.stack,
    false,
    // What a DIY backend calls every organization; a promoteFrom without one resolves against it.
    "organization",
  );
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);

  const seen: { type: string; name: string; parent: string | undefined; opts: Registration["opts"] }[] = [];
  // A resource not registered yet has no state: it reads as a component, so no judge takes it for a registered one.
  const registrations = () =>
    seen
      .filter((s) => s.type !== "pulumi:pulumi:Stack")
      .map((s): Registration => {
        const st = states.get(`${s.type}::${s.name}`);
        return {
          type: s.type,
          name: s.name,
          custom: st?.custom ?? false,
          inputs: st?.inputs ?? {},
          state: st?.state ?? {},
          parent: s.parent === `${config.project}-${config.stack}` ? undefined : s.parent,
          opts: s.opts,
        };
      });
  let exports: Record<string, unknown> = {};
  let failure: { error: unknown } | undefined;
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  let release = () => {};
  let finished = false;
  let settleFailure: { error: unknown } | undefined;
  holdSerialization(new Promise<void>((resolve) => (release = resolve)));
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((a) => {
        const o = a.opts as pulumi.CustomResourceOptions;
        const dependsOn = o.dependsOn === undefined ? [] : [o.dependsOn].flat();
        seen.push({
          type: a.type,
          name: a.name,
          parent: resourceName(o.parent),
          opts: {
            protect: o.protect,
            retainOnDelete: o.retainOnDelete,
            deleteBeforeReplace: o.deleteBeforeReplace,
            ignoreChanges: o.ignoreChanges,
            additionalSecretOutputs: o.additionalSecretOutputs,
            dependsOn: (dependsOn as unknown[]).map((d) => resourceName(d) ?? "<output>"),
            version: o.version,
            pluginDownloadURL: o.pluginDownloadURL,
          },
        });
        return undefined;
      });
      // A program that throws (bad config, say) must fail the run, not leave the stack's outputs rejected and
      // unhandled.
      try {
        exports = await load();
        setImmediate(() => {
          if (finished) return;
          Promise.resolve()
            .then(() => options.onSettled?.({ project: config.project, registrations: registrations() }))
            .then(release, (error: unknown) => {
              settleFailure = { error };
              release();
            });
        });
      } catch (error) {
        failure = { error };
        release();
      }
      return {};
    });
    if (failure) throw failure.error;
    for (const [key, v] of Object.entries(exports)) {
      if (key === "default" || key === "__esModule") continue;
      const { value, secret } = await valueOf(v);
      outputs[key] = value;
      if (secret) secretOutputs.push(key);
    }
    // Waits for every registration, those of the dynamic resources included.
    await pulumi.runtime.disconnect();
  } finally {
    // Whatever happened, nothing may wait on this run's hold any more, and nothing starts after it.
    finished = true;
    release();
    holdSerialization(Promise.resolve());
  }
  if (settleFailure) throw settleFailure.error;

  return { project: config.project, registrations: registrations(), computed, outputs, secretOutputs };
}

/** The text with every made-up value replaced, so that nothing computed offline reads as real. */
export function maskComputed(text: string, computed: ReadonlySet<string>): string {
  let out = text;
  // Longest first, so that a digest inside a reference is masked whole. Short values (quantities) are left alone.
  for (const value of [...computed].filter((v) => v.length >= 8).sort((a, b) => b.length - a.length)) {
    out = out.split(value).join("(known after deploy)");
  }
  return out;
}
