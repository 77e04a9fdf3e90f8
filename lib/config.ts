import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { netrcPassword, readNetrc } from "./provider-support";
import { OFFLINE_SECRET } from "../policy/offline-secret";
import { secretLooking } from "../policy/policies/safety";
import { projectDirectory, readAppSource, shownPath } from "./app-source";
import {
  ADDON_SERVICES,
  DEFAULT_POSTGRES_PLAN,
  DYNO_SIZES,
  POSTGRES_PLANS,
  PROFESSIONAL_DYNO_SIZES,
  REGIONS,
  splitAddonPlan,
} from "./catalog";
import { DEFAULT_HSTS_SECONDS, PROGRAM_CONFIG_VARS } from "./django";
import {
  ALERT_TARGET_SYNTAX,
  ERROR_WINDOW_CHOICES,
  MONITORING_DEFAULTS,
  parseAlertTarget,
  SENTRY_SLUG,
  SENTRY_SLUG_RULE,
  type AlertTarget,
} from "./sentry";

export { OFFLINE_SECRET };

/** The project name this repository ships with; the program reads the real one from the engine or Pulumi.yaml. */
export const PROJECT = "heroku-production";

/** Namespaces of the providers the program uses: their keys are the providers' to judge. */
export const PROVIDER_NAMESPACES = ["heroku", "sentry", "docker", "random", "pulumi"] as const;

/** Names a lookup in a plain object would find on its prototype: never accepted as user text. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Stack config as the engine hands it over: every value a string, keyed without the project namespace. */
export interface RawConfig {
  /** The Pulumi project's name, the namespace of its keys. @default `"heroku-production"` */
  readonly project?: string;
  readonly values: Readonly<Record<string, string | undefined>>;
  /** Every key outside the project's namespace, in full (`heroku:apiKey`), or as written when it has none. */
  readonly otherKeys?: readonly string[];
  readonly secretKeys: ReadonlySet<string>;
  /** Project keys with leaves set in plain text below a `--path` (offline only: the engine does not say). */
  readonly plainLeaves?: Readonly<Record<string, readonly string[]>>;
  /** Whether the stack config holds `heroku:apiKey`. Only its presence is judged here; the program reads it as a secret. */
  readonly herokuApiKeySet?: boolean;
  /** Whether `~/.netrc` holds a password for api.heroku.com (`heroku login`), the provider's last resort. */
  readonly herokuNetrcKeySet?: boolean;
  /** Whether the stack config holds `sentry:token`, which the Sentry provider reads. */
  readonly sentryTokenSet?: boolean;
  /** The process environment: CI commit SHAs, `HEROKU_API_KEY`, `SENTRY_TOKEN`. @default `{}` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where `Pulumi.yaml` is: `appPath` and `dockerfile` are relative to it. @default the working directory */
  readonly projectDir?: string;
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

/** A URL that may have been set with `--secret`; a sensitive one goes to a sensitive var or field. */
export interface UrlConfig {
  readonly url: string;
  readonly sensitive: boolean;
}

export type LogDrainConfig = UrlConfig;

/** Where the team's Django project is, and how it is built. */
export interface AppConfig {
  /** `appPath` as configured, relative to the Pulumi project. */
  readonly path: string;
  /** The build context, resolved. */
  readonly dir: string;
  /** The Dockerfile, relative to the Pulumi project (as the build receives it, the same on every machine). */
  readonly dockerfile: string;
  /** The Dockerfile, resolved. */
  readonly dockerfilePath: string;
  /** `DJANGO_SETTINGS_MODULE`. */
  readonly settingsModule: string;
}

/** The validated stack config, with defaults applied. */
export interface EnvironmentConfig {
  readonly project: string;
  readonly appName: string;
  readonly region: string;
  readonly team: string | undefined;
  /** Process type → size and quantity; `web` first. Each is built from the Dockerfile stage of its name. */
  readonly processes: Readonly<Record<string, DynoProcess>>;
  readonly postgresPlan: string;
  /** More add-ons, `service:plan`. */
  readonly addons: readonly string[];
  readonly domains: readonly string[];
  readonly errorPage: UrlConfig;
  readonly maintenancePage: UrlConfig;
  readonly logDrain: LogDrainConfig | undefined;
  readonly hstsSeconds: number;
  /** Whether config that fails Heroku's production checklist is refused. @default true */
  readonly enforceChecklist: boolean;
  /** The tag the images are pushed with, and Sentry's release: `releaseVersion`, else CI's commit SHA (12 chars). */
  readonly releaseVersion: string;
  /** How long the release may take, release phase included. @default 20 */
  readonly releaseTimeoutMinutes: number;
  /** Maintenance mode on while a release runs. @default false */
  readonly maintenanceDuringRelease: boolean;
  /** The pipeline to couple the app to: a name to create, or an existing one's id. */
  readonly pipeline: { readonly name?: string; readonly id?: string; readonly stage: string } | undefined;
  /** The stack whose released images this one releases, without building any. */
  readonly promoteFrom: string | undefined;
  /** Throwaway stack: the app and its data are not protected. @default false */
  readonly allowDestroy: boolean;
  readonly sentry: SentryConfig;
  readonly app: AppConfig;
  /** The team's own plain config vars. */
  readonly configVars: Readonly<Record<string, string>>;
  /** The team's own secret config vars (set with `--secret --path secretConfigVars.NAME`). */
  readonly secretConfigVars: Readonly<Record<string, string>>;
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
  /** Other process types run one dyno unless told: a clock or beat process must never run twice. */
  otherQuantity: 1,
  postgresPlan: DEFAULT_POSTGRES_PLAN,
  hstsSeconds: DEFAULT_HSTS_SECONDS,
  appPath: "app",
  releaseTimeoutMinutes: 20,
} as const;

const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
const TEAM_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PROCESS_TYPE = /^[a-z][a-z0-9_-]{0,29}$/;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ADDON_ID = /^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$/;
const PYTHON_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isHostname(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /^[a-z]{2,63}$/.test(labels.at(-1)!);
}

function urlOf(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const httpUrl = (value: string) => urlOf(value)?.protocol === "http:" && urlOf(value)?.hostname !== "";
const httpsUrl = (value: string) => urlOf(value)?.protocol === "https:" && urlOf(value)?.hostname !== "";

const CREDENTIAL_PARAM = /key|token|password|passwd|secret|signature|credential|auth/i;

/** Why a value carries a credential (a URL with userinfo, or a query parameter such as `key`), or undefined. */
export function credentialIn(value: string): string | undefined {
  const u = urlOf(value.trim());
  if (u === undefined || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return undefined;
  if (u.username !== "" || u.password !== "") return "a URL with a user or password";
  const param = [...u.searchParams.keys()].find((k) => CREDENTIAL_PARAM.test(k));
  return param === undefined ? undefined : `a URL with the query parameter "${param}"`;
}

/** The closest of `choices` to `word`, when it is close enough to be a typo. */
export function didYouMean(word: string, choices: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length];
  };
  let best: { choice: string; d: number } | undefined;
  for (const choice of choices) {
    const d = distance(word, choice);
    if (best === undefined || d < best.d) best = { choice, d };
  }
  return best !== undefined && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.choice : undefined;
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
  appPath: {
    allowed: "the Django project's directory (the one with manage.py), relative to Pulumi.yaml; it may be outside this repository, such as ..",
    fix: "pulumi config set appPath <directory with manage.py>",
  },
  dockerfile: {
    allowed: "the Dockerfile's path relative to Pulumi.yaml, with a stage per process type and a release stage",
    fix: "pulumi config set dockerfile <appPath>/Dockerfile, or pulumi config rm dockerfile for <appPath>/Dockerfile",
  },
  djangoSettingsModule: {
    allowed: "a dotted Python module path such as mysite.settings",
    fix: "pulumi config set djangoSettingsModule <package>.settings, or pulumi config rm djangoSettingsModule to read manage.py's",
  },
  processes: {
    allowed: `a map of process type (lowercase letters, digits, - and _; "release" is the release phase's) to {size, quantity}; web is required`,
    fix: `pulumi config set --path processes.web.size ${DEFAULTS.webSize} && pulumi config set --path processes.web.quantity ${DEFAULTS.webQuantity}`,
  },
  postgresPlan: {
    allowed: "a Heroku Postgres plan with a high-availability standby: premium-0, premium-2 to premium-10, private-* or shield-*",
    relaxed: "a Heroku Postgres plan: essential-0 to -2, standard-*, premium-*, private-* or shield-* (sizes 0, 2 to 10)",
    fix: `pulumi config set postgresPlan ${DEFAULTS.postgresPlan}`,
  },
  addons: {
    allowed: "a list of distinct add-ons as service:plan, such as heroku-redis:premium-0 or scheduler:standard (Postgres is postgresPlan)",
    fix: 'pulumi config set --path "addons[0]" heroku-redis:premium-0',
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
  configVars: {
    allowed: "a map of config var names (letters, digits, _) to plain values that are not credentials",
    fix: "pulumi config set --path configVars.<NAME> <value>; a credential goes in secretConfigVars with --secret",
  },
  secretConfigVars: {
    allowed: "a map of config var names (letters, digits, _) to values, each set with --secret",
    fix: "pulumi config set --secret --path secretConfigVars.<NAME> <value>",
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
  pipeline: {
    allowed: "a pipeline name to create, or the UUID of an existing pipeline (heroku pipelines:info <name> --json)",
    fix: "pulumi config set pipeline <name>, or pulumi config set pipeline <uuid> on a stack that joins an existing pipeline",
  },
  pipelineStage: {
    allowed: "review, development, staging or production",
    fix: "pulumi config set pipelineStage staging",
  },
  promoteFrom: {
    allowed: "a stack name (staging) or org/project/stack whose released images this stack releases without a build",
    fix: "pulumi config set promoteFrom staging, or pulumi config rm promoteFrom to build here",
  },
  allowDestroy: {
    allowed: "true only with enforceChecklist false (a throwaway review or preview stack); false keeps the app and data protected",
    fix: "pulumi config rm allowDestroy, or pulumi config set enforceChecklist false on a throwaway stack",
  },
  maintenanceDuringRelease: {
    allowed: "true or false",
    fix: "pulumi config set maintenanceDuringRelease true (for a release whose migrations the old code cannot run beside)",
  },
  releaseTimeoutMinutes: {
    allowed: "a whole number of minutes from 1 to 120: how long a release, release phase included, may take",
    fix: "pulumi config set releaseTimeoutMinutes 20",
  },
  releaseVersion: {
    allowed: `an immutable Docker tag (letters, digits, _ . -, at most 128, not "latest"); when unset, CI's commit SHA from ${COMMIT_SHA_VARIABLES.join(", ")}`,
    fix: "pulumi config set releaseVersion $(git rev-parse --short=12 HEAD), or run in CI",
  },
} as const satisfies Record<string, { allowed: string; fix: string; relaxed?: string }>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export const isConfigKey = (key: string): key is ConfigKey => own(CONFIG_KEYS, key);

/** Keys that Pulumi.yaml cannot declare with a type: its config types are string, integer, boolean and array. */
export const OBJECT_KEYS: readonly ConfigKey[] = ["processes", "configVars", "secretConfigVars"];

/** Keys of the first version, replaced by `processes`. */
const REPLACED_KEYS: Readonly<Record<string, string>> = {
  webSize: "processes.web.size",
  webQuantity: "processes.web.quantity",
  workerSize: "processes.worker.size",
  workerQuantity: "processes.worker.quantity",
};

const INTEGER_KEYS: ReadonlySet<string> = new Set([
  "hstsSeconds",
  "releaseTimeoutMinutes",
  "sentryErrorThreshold",
  "sentryErrorWindowMinutes",
  "sentryNewIssueFrequencyMinutes",
]);
const JSON_KEYS: ReadonlySet<string> = new Set(["domains", "addons", "processes", "configVars", "secretConfigVars"]);
const BOOLEAN_KEYS: ReadonlySet<string> = new Set(["enforceChecklist", "maintenanceDuringRelease", "allowDestroy"]);

const isProfessional = (size: string) => DYNO_SIZES[size]?.professional === true;
/** Heroku runs every process type of an app in one tier: eco, basic, or professional. */
const tierOf = (size: string) => (isProfessional(size) ? "professional" : size);

/**
 * The schema for one mode. With `enforce` (the default, `enforceChecklist: true`) values that fail Heroku's
 * production checklist are errors; without it only malformed values and what Heroku cannot run are.
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
  const secretOr = (check: (v: string) => boolean) => (v: string) => v === OFFLINE_SECRET || check(v);
  const pageUrl = (key: ConfigKey) =>
    z.string(allowed(key)).refine(secretOr((v) => httpsUrl(v) || (!enforce && httpUrl(v))), allowed(key));
  const drain = enforce
    ? /^(syslog\+tls:\/\/[^/:]+:\d+\/?|https:\/\/[^/].*)$/
    : /^(syslog(\+tls)?:\/\/[^/:]+:\d+\/?|https:\/\/[^/].*)$/;
  const sizeNames = Object.keys(DYNO_SIZES);
  const processSpec = z.strictObject(
    {
      size: z.string({ error: `a dyno size: ${list(sizeNames)}` }).optional(),
      // `pulumi config set --path processes.web.quantity 3` stores a number; a quoted "3" is read the same.
      quantity: z
        .union([z.number(), z.string().regex(/^\d+$/).transform(Number)], { error: "a whole number from 0 to 100" })
        .optional(),
    },
    { error: "an object with only size and quantity" },
  );
  const varName = z.string().regex(VAR_NAME).refine((n) => !RESERVED_NAMES.has(n));
  const reservedVar = (name: string) =>
    PROGRAM_CONFIG_VARS.includes(name) || Object.values(ADDON_SERVICES).some((a) => own(a.configVars, name));
  const userVars = (key: "configVars" | "secretConfigVars") => (vars: Record<string, string>, ctx: z.RefinementCtx) => {
    for (const [name, value] of Object.entries(vars)) {
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: [name], message });
      if (!varName.safeParse(name).success) issue("a config var name of letters, digits and _, not starting with a digit");
      else if (reservedVar(name)) issue(`a name the program does not set itself; ${name} comes from the program or an add-on`);
      else if (key === "configVars") {
        const why = secretLooking(name, value) ?? credentialIn(value);
        if (why !== undefined) {
          issue(`a value that is not a credential; this one looks like one (${why}), so set it with --secret as secretConfigVars.${name}`);
        }
      }
    }
  };
  const varValue = z.union([z.string(), z.number().transform(String), z.boolean().transform((b) => (b ? "true" : "false"))], {
    error: "a string value",
  });

  return z
    .object({
      appName: z.string(allowed("appName")).regex(APP_NAME, allowed("appName")),
      region: z.enum(REGIONS as [string, ...string[]], allowed("region")),
      team: z.string(allowed("team")).regex(TEAM_NAME, allowed("team")).optional(),
      appPath: z.string(allowed("appPath")).min(1, allowed("appPath")).default(DEFAULTS.appPath),
      dockerfile: z.string(allowed("dockerfile")).min(1, allowed("dockerfile")).optional(),
      djangoSettingsModule: z.string(allowed("djangoSettingsModule")).regex(PYTHON_MODULE, allowed("djangoSettingsModule")).optional(),
      processes: z
        .record(z.string(), processSpec, allowed("processes"))
        .superRefine((processes, ctx) => {
          const issue = (path: string[], message: string) => ctx.addIssue({ code: "custom", path, message });
          if (!own(processes, "web")) issue([], `${text("processes")}; it has no web`);
          const webSize = own(processes, "web") ? (processes.web.size ?? DEFAULTS.webSize) : DEFAULTS.webSize;
          const tiers = new Set<string>();
          for (const [type, spec] of Object.entries(processes)) {
            if (!PROCESS_TYPE.test(type) || RESERVED_NAMES.has(type) || type === "release") {
              issue([type], text("processes"));
              continue;
            }
            const size = spec.size ?? webSize;
            const quantity = spec.quantity ?? (type === "web" ? DEFAULTS.webQuantity : DEFAULTS.otherQuantity);
            let sizeOk = false;
            if (!own(DYNO_SIZES, size)) issue([type, "size"], `a dyno size: ${list(sizeNames)}`);
            else if (enforce && !isProfessional(size)) {
              issue([type, "size"], `a professional dyno size: ${list(PROFESSIONAL_DYNO_SIZES)}`);
            } else {
              tiers.add(tierOf(size));
              sizeOk = true;
            }
            const min = type === "web" ? (enforce ? 2 : 1) : 0;
            if (!Number.isInteger(quantity) || quantity < min || quantity > 100) {
              const why = type === "web" && enforce ? ", so that one failed dyno does not take the site down" : "";
              issue([type, "quantity"], `a whole number from ${min} to 100${why}`);
            } else if (sizeOk && !isProfessional(size) && quantity > 1) {
              issue([type, "quantity"], `0 or 1: ${size} dynos cannot scale out; use a professional size for more`);
            }
          }
          if (tiers.size > 1) {
            issue([], `sizes of one tier for every process type (eco, basic, or professional), as Heroku requires; they mix ${list([...tiers].sort())}`);
          }
        })
        .default({ web: {} }),
      postgresPlan: z
        .string(allowed("postgresPlan"))
        .refine((p) => own(POSTGRES_PLANS, p), allowed("postgresPlan"))
        .refine((p) => !enforce || !own(POSTGRES_PLANS, p) || POSTGRES_PLANS[p].highAvailability, {
          error: `${CONFIG_KEYS.postgresPlan.allowed}; the essential and standard tiers have no standby`,
        })
        .default(DEFAULTS.postgresPlan),
      addons: z
        .array(z.string(allowed("addons")), allowed("addons"))
        .superRefine((addons, ctx) => {
          const issue = (i: number, message: string) => ctx.addIssue({ code: "custom", path: [i], message });
          const services = new Set<string>();
          addons.forEach((id, i) => {
            const { service, plan } = splitAddonPlan(id);
            if (!ADDON_ID.test(id)) return issue(i, text("addons"));
            if (service === "heroku-postgresql") return issue(i, "no heroku-postgresql: the database is postgresPlan");
            if (services.has(service)) return issue(i, "each service once");
            services.add(service);
            if (!own(ADDON_SERVICES, service)) return;
            const plans = ADDON_SERVICES[service].plans;
            if (!own(plans, plan)) return issue(i, `a ${service} plan: ${list(Object.keys(plans))}`);
            if (enforce && service === "heroku-redis" && !plans[plan].highAvailability) {
              issue(i, "a heroku-redis plan with a high-availability standby (premium-*, private-* or shield-*)");
            }
          });
        })
        .default([]),
      domains: z
        .array(
          z
            .string(allowed("domains"))
            .refine(isHostname, allowed("domains"))
            .refine((h) => !/\.heroku(app|dns)\.com$/.test(h), allowed("domains")),
          allowed("domains"),
        )
        .superRefine((domains, ctx) => {
          domains.forEach((d, i) => {
            if (domains.indexOf(d) !== i) ctx.addIssue({ code: "custom", path: [i], message: "each hostname once" });
          });
        })
        .default([]),
      errorPageUrl: pageUrl("errorPageUrl"),
      maintenancePageUrl: pageUrl("maintenancePageUrl"),
      logDrainUrl: z.string(allowed("logDrainUrl")).refine(secretOr((v) => drain.test(v)), allowed("logDrainUrl")).optional(),
      hstsSeconds: int("hstsSeconds", enforce ? DEFAULT_HSTS_SECONDS : 0, 2 ** 31 - 1).default(DEFAULTS.hstsSeconds),
      configVars: z.record(z.string(), varValue, allowed("configVars")).superRefine(userVars("configVars")).default({}),
      secretConfigVars: z
        .record(z.string(), varValue, allowed("secretConfigVars"))
        .superRefine(userVars("secretConfigVars"))
        .default({}),
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
      releaseTimeoutMinutes: int("releaseTimeoutMinutes", 1, 120).default(DEFAULTS.releaseTimeoutMinutes),
      maintenanceDuringRelease: z.boolean(allowed("maintenanceDuringRelease")).default(false),
      pipeline: z.string(allowed("pipeline")).regex(/^[a-z0-9][a-z0-9-]{0,29}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, allowed("pipeline")).optional(),
      pipelineStage: z.enum(["review", "development", "staging", "production"], allowed("pipelineStage")).default("production"),
      promoteFrom: z.string(allowed("promoteFrom")).regex(/^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/, allowed("promoteFrom")).optional(),
      allowDestroy: z
        .boolean(allowed("allowDestroy"))
        .refine((v) => !v || !enforce, allowed("allowDestroy"))
        .default(false),
      releaseVersion: z.string(allowed("releaseVersion")).refine(isImmutableTag, allowed("releaseVersion")),
    })
    .superRefine((c, ctx) => {
      for (const name of Object.keys(c.secretConfigVars)) {
        if (own(c.configVars, name)) ctx.addIssue({ code: "custom", path: ["secretConfigVars", name], message: "a name not also in configVars" });
      }
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
  if (INTEGER_KEYS.has(key)) return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (BOOLEAN_KEYS.has(key)) return raw === "true" ? true : raw === "false" ? false : raw;
  if (JSON_KEYS.has(key)) {
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

const pathText = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");

function valueAt(input: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== "object" || !own(v, String(p))) return undefined;
    v = (v as Record<string, unknown>)[String(p)];
  }
  return v;
}

/** Problems with keys outside the project's namespace, or without one. */
export function namespaceProblems(project: string, otherKeys: readonly string[]): string[] {
  const namespaces = [project, ...PROVIDER_NAMESPACES];
  return otherKeys.flatMap((full) => {
    const colon = full.indexOf(":");
    if (colon === -1) {
      return [
        `\`${full}\` has no namespace; allowed: ${project}:<key> or a provider's key (${list(PROVIDER_NAMESPACES.map((n) => `${n}:`))}). ` +
          `Fix: pulumi config set ${full} <value> (the CLI writes ${project}:${full}) and remove the bare key`,
      ];
    }
    const namespace = full.slice(0, colon);
    const key = full.slice(colon + 1);
    if ((PROVIDER_NAMESPACES as readonly string[]).includes(namespace) || namespace === project) return [];
    const guess = isConfigKey(key) ? project : didYouMean(namespace, namespaces);
    return [
      `\`${full}\` is in the namespace "${namespace}", which nothing here reads; allowed: ${list(namespaces.map((n) => `${n}:`))}.` +
        (guess ? ` Did you mean \`${guess}:${key}\`?` : "") +
        ` Fix: pulumi config rm ${full}${guess ? ` && pulumi config set ${guess === project ? key : `${guess}:${key}`} <value>` : ""}`,
    ];
  });
}

/** Validates raw stack config into an {@link EnvironmentConfig}; throws a {@link ConfigError} listing every problem. */
export function parseConfig(raw: RawConfig): EnvironmentConfig {
  const project = raw.project ?? PROJECT;
  const keyName = (key: string) => `${project}:${key}`;
  const problems: string[] = namespaceProblems(project, raw.otherKeys ?? []);
  const input: Record<string, unknown> = {};
  const keys = Object.keys(CONFIG_KEYS);
  for (const [k, v] of Object.entries(raw.values)) {
    if (!isConfigKey(k)) {
      const replaced = own(REPLACED_KEYS, k) ? REPLACED_KEYS[k] : undefined;
      const guess = replaced ? undefined : didYouMean(k, keys);
      problems.push(
        `\`${keyName(k)}\` is not a key this program reads` +
          (replaced ? `; it was replaced by ${replaced}` : guess ? `; did you mean \`${keyName(guess)}\`?` : "") +
          `. Allowed: ${keys.join(", ")}. Fix: pulumi config rm ${k}` +
          (replaced ? ` && pulumi config set --path ${replaced} <value>` : guess ? ` && pulumi config set ${guess} <value>` : ""),
      );
      continue;
    }
    // Pulumi.yaml gives optional keys an empty default, since the CLI treats a key without a default as required.
    if (v !== undefined && v !== "") input[k] = decode(k, v);
  }
  const env = raw.env ?? {};
  if (input.releaseVersion === undefined) {
    const sha = COMMIT_SHA_VARIABLES.map((name) => env[name]).find((v) => v);
    if (sha) input.releaseVersion = sha.slice(0, 12);
  }
  if (!raw.herokuApiKeySet && !env.HEROKU_API_KEY && !raw.herokuNetrcKeySet) {
    problems.push(
      "`heroku:apiKey` is not set, HEROKU_API_KEY is empty and ~/.netrc has no api.heroku.com entry; allowed: a Heroku " +
        "API key, as a secret. Fix: pulumi config set --secret heroku:apiKey <key from heroku authorizations:create>, " +
        "export HEROKU_API_KEY, or heroku login",
    );
  }
  // The provider's order: `sentry:token`, then SENTRY_AUTH_TOKEN, then SENTRY_TOKEN.
  if (!raw.sentryTokenSet && !env.SENTRY_AUTH_TOKEN && !env.SENTRY_TOKEN) {
    problems.push(
      "`sentry:token` is not set and SENTRY_AUTH_TOKEN and SENTRY_TOKEN are empty; allowed: a Sentry auth token with " +
        "project:write, team:write and alerts:write, as a secret. Fix: pulumi config set --secret sentry:token <token>, " +
        "or export SENTRY_AUTH_TOKEN",
    );
  }
  // A credential in plain text: what the committed stack file would leak.
  for (const key of ["errorPageUrl", "maintenancePageUrl", "logDrainUrl"] as const) {
    const value = input[key];
    if (typeof value !== "string" || raw.secretKeys.has(key)) continue;
    const why = credentialIn(value);
    if (why !== undefined) {
      problems.push(
        `\`${keyName(key)}\` is in plain text and carries a credential (${why}); allowed: a credential only with --secret. ` +
          `Fix: pulumi config set --secret ${key} <url>, then rotate the credential`,
      );
      delete input[key];
    }
  }
  if (input.secretConfigVars !== undefined) {
    const plain = raw.plainLeaves?.secretConfigVars ?? [];
    if (!raw.secretKeys.has("secretConfigVars") || plain.length > 0) {
      const names = plain.length > 0 ? plain.join(", ") : Object.keys(input.secretConfigVars as object).join(", ");
      problems.push(
        `\`${keyName("secretConfigVars")}\` holds ${names || "values"} in plain text; allowed: ${CONFIG_KEYS.secretConfigVars.allowed}. ` +
          `Fix: ${CONFIG_KEYS.secretConfigVars.fix} for each, then rotate the values`,
      );
    }
  }

  // A parsed `{"__proto__": …}` is an own key that a plain object would turn into its prototype: refuse it here.
  for (const key of JSON_KEYS) {
    const value = input[key];
    if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
    for (const name of Object.keys(value)) {
      if (!RESERVED_NAMES.has(name)) continue;
      const spec = CONFIG_KEYS[key as ConfigKey];
      problems.push(
        `\`${keyName(`${key}.${name}`)}\` is ${shown((value as Record<string, unknown>)[name], raw.secretKeys.has(key))}; ` +
          `allowed: ${spec.allowed}, and no name an object inherits (${name}). Fix: ${spec.fix}`,
      );
      delete (value as Record<string, unknown>)[name];
    }
  }
  const result = buildSchema(input.enforceChecklist !== false).safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0]) as ConfigKey;
      problems.push(
        `\`${keyName(pathText(issue.path))}\` is ${shown(valueAt(input, issue.path), raw.secretKeys.has(key))}; allowed: ${issue.message}. ` +
          `Fix: ${isConfigKey(key) ? CONFIG_KEYS[key].fix : "see the README's configuration reference"}`,
      );
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const c = result.data;

  // The app's source: what the build needs must be there before anything is registered.
  const projectDir = raw.projectDir ?? projectDirectory();
  const source = readAppSource(projectDir, c.appPath, c.dockerfile);
  const processes: Record<string, DynoProcess> = {};
  const webSize = c.processes.web.size ?? DEFAULTS.webSize;
  for (const type of ["web", ...Object.keys(c.processes).filter((t) => t !== "web").sort()]) {
    const spec = c.processes[type];
    processes[type] = {
      size: spec.size ?? webSize,
      quantity: spec.quantity ?? (type === "web" ? DEFAULTS.webQuantity : DEFAULTS.otherQuantity),
    };
  }
  const shownDockerfile = shownPath(projectDir, source.dockerfile);
  if (!source.dirExists) {
    problems.push(
      `\`${keyName("appPath")}\` is ${JSON.stringify(c.appPath)}, and ${source.dir} is not a directory; allowed: ${CONFIG_KEYS.appPath.allowed}. Fix: ${CONFIG_KEYS.appPath.fix}`,
    );
  } else if (source.dockerfileText === undefined) {
    problems.push(
      `\`${keyName("dockerfile")}\` is ${JSON.stringify(c.dockerfile ?? shownDockerfile)}, and ${shownDockerfile} cannot be read; allowed: ${CONFIG_KEYS.dockerfile.allowed}. Fix: ${CONFIG_KEYS.dockerfile.fix}`,
    );
  } else {
    for (const stage of [...Object.keys(processes), "release"]) {
      if (!source.stages.includes(stage)) {
        problems.push(
          `\`${keyName(stage === "release" ? "dockerfile" : `processes.${stage}`)}\`: ${shownDockerfile} has no stage "${stage}" (it has ${source.stages.length ? list(source.stages) : "none"}); ` +
            `allowed: a Dockerfile with a stage per process type and a release stage for the release phase. ` +
            `Fix: add \`FROM <base> AS ${stage}\` to ${shownDockerfile}` + (stage === "release" ? "" : `, or pulumi config rm --path processes.${stage}`),
        );
      }
    }
  }
  const settingsModule = c.djangoSettingsModule ?? source.managePySettings;
  if (settingsModule === undefined && source.dirExists) {
    problems.push(
      `\`${keyName("djangoSettingsModule")}\` is not set, and ${shownPath(projectDir, source.dir)}/manage.py ${source.managePyExists ? "names no DJANGO_SETTINGS_MODULE default" : "does not exist"}; ` +
        `allowed: ${CONFIG_KEYS.djangoSettingsModule.allowed}. Fix: ${CONFIG_KEYS.djangoSettingsModule.fix}`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    project,
    appName: c.appName,
    region: c.region,
    team: c.team,
    processes,
    postgresPlan: c.postgresPlan,
    addons: c.addons,
    domains: c.domains,
    errorPage: { url: c.errorPageUrl, sensitive: raw.secretKeys.has("errorPageUrl") },
    maintenancePage: { url: c.maintenancePageUrl, sensitive: raw.secretKeys.has("maintenancePageUrl") },
    logDrain: c.logDrainUrl
      ? { url: c.logDrainUrl, sensitive: raw.secretKeys.has("logDrainUrl") || credentialIn(c.logDrainUrl) !== undefined }
      : undefined,
    hstsSeconds: c.hstsSeconds,
    enforceChecklist: c.enforceChecklist,
    releaseVersion: c.releaseVersion,
    releaseTimeoutMinutes: c.releaseTimeoutMinutes,
    maintenanceDuringRelease: c.maintenanceDuringRelease,
    pipeline:
      c.pipeline === undefined
        ? undefined
        : /^[0-9a-f]{8}-/.test(c.pipeline)
          ? { id: c.pipeline, stage: c.pipelineStage }
          : { name: c.pipeline, stage: c.pipelineStage },
    promoteFrom: c.promoteFrom,
    allowDestroy: c.allowDestroy,
    sentry: {
      organization: c.sentryOrganization,
      team: c.sentryTeam,
      project: c.sentryProject ?? c.appName,
      alertTarget: (parseAlertTarget(c.sentryAlertTarget) as { ok: true; target: AlertTarget }).target,
      errorThreshold: c.sentryErrorThreshold,
      errorWindowMinutes: c.sentryErrorWindowMinutes,
      newIssueFrequencyMinutes: c.sentryNewIssueFrequencyMinutes,
    },
    app: { path: c.appPath, dir: source.dir, dockerfile: shownDockerfile, dockerfilePath: source.dockerfile, settingsModule: settingsModule! },
    configVars: c.configVars,
    secretConfigVars: c.secretConfigVars,
  };
}

/** The project's raw config from the running Pulumi program (the engine, or the mock runtime). */
export function rawConfigFromRuntime(): RawConfig {
  const project = pulumi.getProject();
  const prefix = `${project}:`;
  const all = pulumi.runtime.allConfig();
  const values: Record<string, string> = {};
  const otherKeys: string[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith(prefix)) values[k.slice(prefix.length)] = v;
    else otherKeys.push(k);
  }
  // isConfigSecret is public at runtime but left out of the typings; without it, treat every value as secret.
  const isSecret =
    (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret ?? (() => true);
  return {
    project,
    values,
    otherKeys,
    secretKeys: new Set(Object.keys(values).filter((k) => isSecret(prefix + k))),
    herokuApiKeySet: Boolean(all["heroku:apiKey"]),
    herokuNetrcKeySet: netrcApiKey() !== undefined,
    sentryTokenSet: Boolean(all["sentry:token"]),
    env: process.env,
  };
}

/** The api.heroku.com password in `$NETRC` or `~/.netrc`, as `heroku login` writes it, read as the providers read it. */
export function netrcApiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const text = readNetrc(env);
  return text === undefined ? undefined : netrcPassword(text);
}

/** Reads and validates this stack's config. */
export function loadConfig(): EnvironmentConfig {
  return parseConfig(rawConfigFromRuntime());
}

/**
 * The Heroku API key as a secret, in the provider's order (the release and the image push use the same):
 * stack config `heroku:apiKey`, else `HEROKU_API_KEY`, else the api.heroku.com entry of `~/.netrc`.
 */
export function herokuApiKey(): pulumi.Output<string> {
  return (
    new pulumi.Config("heroku").getSecret("apiKey") ??
    pulumi.secret(process.env.HEROKU_API_KEY || netrcApiKey() || "")
  );
}
