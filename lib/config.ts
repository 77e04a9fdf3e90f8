import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DEFAULT_POSTGRES_PLAN, DYNO_SIZES, POSTGRES_PLANS, PROFESSIONAL_DYNO_SIZES, REGIONS } from "./catalog";
import { DEFAULT_HSTS_SECONDS } from "./django";
import {
  ALERT_TARGET_SYNTAX,
  ERROR_WINDOW_CHOICES,
  MONITORING_DEFAULTS,
  parseAlertTarget,
  SENTRY_SLUG,
  SENTRY_SLUG_RULE,
  type AlertTarget,
} from "./sentry";

export const PROJECT = "heroku-production";

/**
 * What the offline check puts in place of a `secure:` value it cannot decrypt. Such a value counts as present;
 * its content is not judged.
 */
export const OFFLINE_SECRET = "[offline: secure value present]";

/** Stack config as the engine hands it over: every value a string, keyed without the project namespace. */
export interface RawConfig {
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly secretKeys: ReadonlySet<string>;
  /** Whether the stack config holds `heroku:apiKey`. Only its presence is judged here; the program reads it as a secret. */
  readonly herokuApiKeySet?: boolean;
  /** Whether the stack config holds `sentry:token`, which the Sentry provider reads. */
  readonly sentryTokenSet?: boolean;
  /** The process environment: CI commit SHAs, `HEROKU_API_KEY`, `SENTRY_TOKEN`. @default `{}` */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** CI variables that carry the commit being deployed, in the order they are tried. */
export const COMMIT_SHA_VARIABLES = ["GITHUB_SHA", "CI_COMMIT_SHA", "CIRCLE_SHA1", "BUILDKITE_COMMIT", "SOURCE_VERSION"];

const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A Docker tag that names one build: well-formed, and not the mutable `latest`. */
export function isImmutableTag(tag: string): boolean {
  return DOCKER_TAG.test(tag) && tag.toLowerCase() !== "latest";
}

export interface DynoProcess {
  readonly size: string;
  readonly quantity: number;
}

export interface LogDrainConfig {
  readonly url: string;
  /** True when the value was set with `--secret` or carries credentials: it then goes to `sensitiveUrl`. */
  readonly sensitive: boolean;
}

/** The validated stack config, with defaults applied. */
export interface EnvironmentConfig {
  readonly appName: string;
  readonly region: string;
  readonly team: string | undefined;
  readonly web: DynoProcess;
  readonly worker: DynoProcess | undefined;
  readonly postgresPlan: string;
  readonly domains: readonly string[];
  readonly errorPageUrl: string;
  readonly maintenancePageUrl: string;
  readonly logDrain: LogDrainConfig | undefined;
  readonly hstsSeconds: number;
  /** Whether config that fails Heroku's production checklist is refused. @default true */
  readonly enforceChecklist: boolean;
  /** The tag the images are pushed with, and Sentry's release: `releaseVersion`, else CI's commit SHA (12 chars). */
  readonly releaseVersion: string;
  readonly sentry: SentryConfig;
}

export interface SentryConfig {
  readonly organization: string;
  /** An existing team slug; undefined to create one. */
  readonly team: string | undefined;
  /** The project slug. @default the app name */
  readonly project: string;
  readonly alertTarget: AlertTarget;
  readonly errorThreshold: number;
  readonly errorWindowMinutes: number;
  readonly newIssueFrequencyMinutes: number;
}

export const DEFAULTS = {
  webSize: "standard-2x",
  webQuantity: 2,
  workerQuantity: 2,
  postgresPlan: DEFAULT_POSTGRES_PLAN,
  hstsSeconds: DEFAULT_HSTS_SECONDS,
} as const;

const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
const TEAM_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isHostname(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /^[a-z]{2,63}$/.test(labels.at(-1)!);
}

function httpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" && u.hostname !== "";
  } catch {
    return false;
  }
}

function httpsUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "https:" && u.hostname !== "";
  } catch {
    return false;
  }
}

function hasCredentials(value: string): boolean {
  try {
    const u = new URL(value);
    return u.username !== "" || u.password !== "" || /token|key|secret|password/i.test(u.search);
  } catch {
    return false;
  }
}

const list = (names: readonly string[]) => names.join(", ");

/** Per key: the allowed values, in words, and the command that fixes a bad value. */
export const CONFIG_KEYS = {
  appName: {
    allowed: "3 to 30 characters of lowercase letters, digits and dashes, starting with a letter",
    fix: "pulumi config set appName <your-app-name>",
  },
  region: { allowed: `one of ${list(REGIONS)}`, fix: "pulumi config set region us" },
  team: {
    allowed: "a Heroku Team name: lowercase letters, digits and dashes",
    fix: "pulumi config set team <your-team>, or pulumi config rm team for a personal app",
  },
  webSize: {
    allowed: `a professional dyno size: ${list(PROFESSIONAL_DYNO_SIZES)}`,
    relaxed: `a dyno size: ${list(Object.keys(DYNO_SIZES))}`,
    fix: `pulumi config set webSize ${DEFAULTS.webSize}`,
  },
  webQuantity: {
    allowed: "a whole number from 2 to 100, so that one failed dyno does not take the site down",
    relaxed: "a whole number from 1 to 100",
    fix: "pulumi config set webQuantity 2",
  },
  workerSize: {
    allowed: `a professional dyno size: ${list(PROFESSIONAL_DYNO_SIZES)}`,
    relaxed: `a dyno size: ${list(Object.keys(DYNO_SIZES))}`,
    fix: "pulumi config set workerSize standard-1x, or pulumi config rm workerSize for no worker",
  },
  workerQuantity: {
    allowed: "a whole number from 1 to 100; it applies when workerSize is set",
    fix: "pulumi config set workerQuantity 2",
  },
  postgresPlan: {
    allowed: "a Heroku Postgres plan with a high-availability standby: premium-0, premium-2 to premium-10, private-* or shield-*",
    relaxed: "a Heroku Postgres plan: essential-0 to -2, standard-*, premium-*, private-* or shield-* (sizes 0, 2 to 10)",
    fix: `pulumi config set postgresPlan ${DEFAULTS.postgresPlan}`,
  },
  domains: {
    allowed: "a list of distinct lowercase hostnames such as www.example.com, without wildcards or herokuapp.com hosts",
    fix: 'pulumi config set --path "domains[0]" www.example.com',
  },
  errorPageUrl: {
    allowed: "an https:// URL of a page hosted outside the app (a CDN or object store)",
    relaxed: "an http:// or https:// URL of a page hosted outside the app",
    fix: "pulumi config set errorPageUrl https://<your-cdn>/error.html",
  },
  maintenancePageUrl: {
    allowed: "an https:// URL of a page hosted outside the app (a CDN or object store)",
    relaxed: "an http:// or https:// URL of a page hosted outside the app",
    fix: "pulumi config set maintenancePageUrl https://<your-cdn>/maintenance.html",
  },
  logDrainUrl: {
    allowed: "a syslog+tls://host:port or https:// URL",
    relaxed: "a syslog+tls://, syslog:// or https:// URL",
    fix: "pulumi config set --secret logDrainUrl syslog+tls://<host>:<port>",
  },
  hstsSeconds: {
    allowed: `a whole number of at least ${DEFAULT_HSTS_SECONDS} (one year, as HSTS preload requires)`,
    relaxed: "a whole number of seconds, 0 or more",
    fix: `pulumi config set hstsSeconds ${DEFAULT_HSTS_SECONDS}`,
  },
  sentryOrganization: {
    allowed: `the slug of an existing Sentry organization, ${SENTRY_SLUG_RULE}`,
    fix: "pulumi config set sentryOrganization <your-org-slug>",
  },
  sentryTeam: {
    allowed: `the slug of an existing Sentry team, ${SENTRY_SLUG_RULE}`,
    fix: "pulumi config set sentryTeam <existing-team-slug>, or pulumi config rm sentryTeam to create a team",
  },
  sentryProject: {
    allowed: `a Sentry project slug, ${SENTRY_SLUG_RULE}`,
    fix: "pulumi config set sentryProject <project-slug>, or pulumi config rm sentryProject to use the app name",
  },
  sentryAlertTarget: {
    allowed: ALERT_TARGET_SYNTAX,
    fix:
      "pulumi config set sentryAlertTarget team, or pulumi config set sentryAlertTarget user:<id> " +
      "(the member's user.id in GET /api/0/organizations/<org>/members/)",
  },
  sentryErrorThreshold: {
    allowed: "a whole number of errors per window, at least 1",
    fix: `pulumi config set sentryErrorThreshold ${MONITORING_DEFAULTS.errorThreshold}`,
  },
  sentryErrorWindowMinutes: {
    allowed: `one of ${ERROR_WINDOW_CHOICES.join(", ")} (minutes)`,
    fix: `pulumi config set sentryErrorWindowMinutes ${MONITORING_DEFAULTS.errorWindowMinutes}`,
  },
  sentryNewIssueFrequencyMinutes: {
    allowed: "a whole number of minutes from 5 to 43200",
    fix: `pulumi config set sentryNewIssueFrequencyMinutes ${MONITORING_DEFAULTS.newIssueFrequencyMinutes}`,
  },
  enforceChecklist: {
    allowed: "true or false",
    fix: "pulumi config set enforceChecklist true (false only for a non-production stack)",
  },
  releaseVersion: {
    allowed: `an immutable Docker tag (letters, digits, _ . -, at most 128, not "latest"); when unset, CI's commit SHA from ${COMMIT_SHA_VARIABLES.join(", ")}`,
    fix: "pulumi config set releaseVersion $(git rev-parse --short=12 HEAD), or run in CI",
  },
} as const satisfies Record<string, { allowed: string; fix: string; relaxed?: string }>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

const INTEGER_KEYS: ReadonlySet<ConfigKey> = new Set([
  "webQuantity",
  "workerQuantity",
  "hstsSeconds",
  "sentryErrorThreshold",
  "sentryErrorWindowMinutes",
  "sentryNewIssueFrequencyMinutes",
]);
const ARRAY_KEYS: ReadonlySet<ConfigKey> = new Set(["domains"]);
const BOOLEAN_KEYS: ReadonlySet<ConfigKey> = new Set(["enforceChecklist"]);

/**
 * The schema for one mode. With `enforce` (the default, `enforceChecklist: true`) values that fail Heroku's
 * production checklist are errors; without it only malformed values are, and the policy pack judges the rest.
 */
function buildSchema(enforce: boolean) {
  const text = (key: ConfigKey): string => {
    const spec: { allowed: string; relaxed?: string } = CONFIG_KEYS[key];
    return enforce ? spec.allowed : (spec.relaxed ?? spec.allowed);
  };
  const allowed = (key: ConfigKey) => ({ error: text(key) });
  const int = (key: ConfigKey, min: number, max: number) =>
    z.number(allowed(key)).int(allowed(key)).min(min, allowed(key)).max(max, allowed(key));
  const slug = (key: ConfigKey) => z.string(allowed(key)).regex(SENTRY_SLUG, allowed(key));
  const pageUrl = (key: ConfigKey) =>
    z.string(allowed(key)).refine((v) => httpsUrl(v) || (!enforce && httpUrl(v)), allowed(key));
  const sizes = (enforce ? PROFESSIONAL_DYNO_SIZES : Object.keys(DYNO_SIZES)) as [string, ...string[]];
  const drain = enforce
    ? /^(syslog\+tls:\/\/[^/:]+:\d+\/?|https:\/\/[^/].*)$/
    : /^(syslog(\+tls)?:\/\/[^/:]+:\d+\/?|https:\/\/[^/].*)$/;

  return z
    .object({
      appName: z.string(allowed("appName")).regex(APP_NAME, allowed("appName")),
      region: z.enum(REGIONS as [string, ...string[]], allowed("region")),
      team: z.string(allowed("team")).regex(TEAM_NAME, allowed("team")).optional(),
      webSize: z.enum(sizes, allowed("webSize")).default(DEFAULTS.webSize),
      webQuantity: int("webQuantity", enforce ? 2 : 1, 100).default(DEFAULTS.webQuantity),
      workerSize: z.enum(sizes, allowed("workerSize")).optional(),
      workerQuantity: int("workerQuantity", 1, 100).optional(),
      postgresPlan: z
        .string(allowed("postgresPlan"))
        .refine((p) => p in POSTGRES_PLANS, allowed("postgresPlan"))
        .refine((p) => !enforce || !(p in POSTGRES_PLANS) || POSTGRES_PLANS[p].highAvailability, {
          error: `${CONFIG_KEYS.postgresPlan.allowed}; the essential and standard tiers have no standby`,
        })
        .default(DEFAULTS.postgresPlan),
      domains: z
        .array(
          z
            .string(allowed("domains"))
            .refine(isHostname, allowed("domains"))
            .refine((h) => !/\.heroku(app|dns)\.com$/.test(h), allowed("domains")),
          allowed("domains"),
        )
        .default([]),
      errorPageUrl: pageUrl("errorPageUrl"),
      maintenancePageUrl: pageUrl("maintenancePageUrl"),
      logDrainUrl: z
        .string(allowed("logDrainUrl"))
        .refine(
          (v) => v === OFFLINE_SECRET || drain.test(v),
          allowed("logDrainUrl"),
        )
        .optional(),
      hstsSeconds: int("hstsSeconds", enforce ? DEFAULT_HSTS_SECONDS : 0, 2 ** 31 - 1).default(DEFAULTS.hstsSeconds),
      enforceChecklist: z.boolean(allowed("enforceChecklist")).default(true),
      sentryOrganization: slug("sentryOrganization"),
      sentryTeam: slug("sentryTeam").optional(),
      sentryProject: slug("sentryProject").optional(),
      sentryAlertTarget: z
        .string(allowed("sentryAlertTarget"))
        .superRefine((v, ctx) => {
          const parsed = parseAlertTarget(v);
          if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
        })
        .default(MONITORING_DEFAULTS.alertTarget),
      sentryErrorThreshold: int("sentryErrorThreshold", 1, 1_000_000).default(MONITORING_DEFAULTS.errorThreshold),
      sentryErrorWindowMinutes: int("sentryErrorWindowMinutes", 1, 1440)
        .refine((n) => (ERROR_WINDOW_CHOICES as readonly number[]).includes(n), allowed("sentryErrorWindowMinutes"))
        .default(MONITORING_DEFAULTS.errorWindowMinutes),
      sentryNewIssueFrequencyMinutes: int("sentryNewIssueFrequencyMinutes", 5, 43200).default(
        MONITORING_DEFAULTS.newIssueFrequencyMinutes,
      ),
      releaseVersion: z
        .string(allowed("releaseVersion"))
        .refine(isImmutableTag, allowed("releaseVersion")),
    })
    .superRefine((c, ctx) => {
      const seen = new Set<string>();
      c.domains.forEach((d, i) => {
        if (seen.has(d)) ctx.addIssue({ code: "custom", path: ["domains", i], message: "each hostname once" });
        seen.add(d);
      });
    });
}

/** Why a stack config cannot be used: one line per problem. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `The stack configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

function decode(key: string, raw: string): unknown {
  if (INTEGER_KEYS.has(key as ConfigKey)) return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (BOOLEAN_KEYS.has(key as ConfigKey)) return raw === "true" ? true : raw === "false" ? false : raw;
  if (ARRAY_KEYS.has(key as ConfigKey)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function shown(value: unknown, secret: boolean): string {
  if (secret) return "[secret]";
  if (value === undefined) return "not set";
  return JSON.stringify(value);
}

/** Validates raw stack config into an {@link EnvironmentConfig}; throws a {@link ConfigError} listing every problem. */
export function parseConfig(raw: RawConfig): EnvironmentConfig {
  const unknown = Object.keys(raw.values).filter((k) => !(k in CONFIG_KEYS));
  const input: Record<string, unknown> = {};
  // Pulumi.yaml gives optional keys an empty default, since the CLI treats a key without a default as required.
  for (const [k, v] of Object.entries(raw.values)) if (v !== undefined && v !== "") input[k] = decode(k, v);
  const env = raw.env ?? {};
  if (input.releaseVersion === undefined) {
    const sha = COMMIT_SHA_VARIABLES.map((name) => env[name]).find((v) => v);
    if (sha) input.releaseVersion = sha.slice(0, 12);
  }

  const problems = unknown.map(
    (k) =>
      `\`${PROJECT}:${k}\` is not a key this program reads; allowed: ${Object.keys(CONFIG_KEYS).join(", ")}. ` +
      `Fix: pulumi config rm ${k}`,
  );
  if (!raw.herokuApiKeySet && !env.HEROKU_API_KEY) {
    problems.push(
      "`heroku:apiKey` is not set and HEROKU_API_KEY is empty; allowed: a Heroku API key, as a secret. " +
        "Fix: pulumi config set --secret heroku:apiKey <key from heroku authorizations:create>, or export HEROKU_API_KEY",
    );
  }
  if (!raw.sentryTokenSet && !env.SENTRY_TOKEN) {
    problems.push(
      "`sentry:token` is not set and SENTRY_TOKEN is empty; allowed: a Sentry auth token with project:write, team:write and " +
        "alerts:write, as a secret. Fix: pulumi config set --secret sentry:token <token>, or export SENTRY_TOKEN",
    );
  }
  const result = buildSchema(input.enforceChecklist !== false).safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0]) as ConfigKey;
      const index = issue.path.length > 1 ? `[${String(issue.path[1])}]` : "";
      let value: unknown = input[key];
      if (index && Array.isArray(value)) value = value[Number(issue.path[1])];
      problems.push(
        `\`${PROJECT}:${key}${index}\` is ${shown(value, raw.secretKeys.has(key))}; allowed: ${issue.message}. ` +
          `Fix: ${CONFIG_KEYS[key].fix}`,
      );
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);

  const c = result.data;
  const drainSecret = raw.secretKeys.has("logDrainUrl");
  return {
    appName: c.appName,
    region: c.region,
    team: c.team,
    web: { size: c.webSize, quantity: c.webQuantity },
    worker: c.workerSize ? { size: c.workerSize, quantity: c.workerQuantity ?? DEFAULTS.workerQuantity } : undefined,
    postgresPlan: c.postgresPlan,
    domains: c.domains,
    errorPageUrl: c.errorPageUrl,
    maintenancePageUrl: c.maintenancePageUrl,
    logDrain: c.logDrainUrl
      ? { url: c.logDrainUrl, sensitive: drainSecret || hasCredentials(c.logDrainUrl) }
      : undefined,
    hstsSeconds: c.hstsSeconds,
    enforceChecklist: c.enforceChecklist,
    releaseVersion: c.releaseVersion,
    sentry: {
      organization: c.sentryOrganization,
      team: c.sentryTeam,
      project: c.sentryProject ?? c.appName,
      alertTarget: (parseAlertTarget(c.sentryAlertTarget) as { ok: true; target: AlertTarget }).target,
      errorThreshold: c.sentryErrorThreshold,
      errorWindowMinutes: c.sentryErrorWindowMinutes,
      newIssueFrequencyMinutes: c.sentryNewIssueFrequencyMinutes,
    },
  };
}

/** The project's raw config from the running Pulumi program (the engine, or the mock runtime). */
export function rawConfigFromRuntime(): RawConfig {
  const prefix = `${PROJECT}:`;
  const all = pulumi.runtime.allConfig();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith(prefix)) values[k.slice(prefix.length)] = v;
  }
  // isConfigSecret is public at runtime but left out of the typings; without it, treat every value as secret.
  const isSecret =
    (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret ?? (() => true);
  return {
    values,
    secretKeys: new Set(Object.keys(values).filter((k) => isSecret(prefix + k))),
    herokuApiKeySet: Boolean(all["heroku:apiKey"]),
    sentryTokenSet: Boolean(all["sentry:token"]),
    env: process.env,
  };
}

/** Reads and validates this stack's config. */
export function loadConfig(): EnvironmentConfig {
  return parseConfig(rawConfigFromRuntime());
}

/** The Heroku API key as a secret: stack config `heroku:apiKey`, else `HEROKU_API_KEY`. */
export function herokuApiKey(): pulumi.Output<string> {
  return new pulumi.Config("heroku").getSecret("apiKey") ?? pulumi.secret(process.env.HEROKU_API_KEY ?? "");
}
