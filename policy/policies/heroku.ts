import {
  DYNO_SIZES,
  HA_POSTGRES_PLANS,
  POSTGRES_PLANS,
  PROFESSIONAL_DYNO_SIZES,
  SUPPORTED_STACKS,
  type JudgedResource,
  type PostgresPlan,
  type PostgresTier,
} from "../facts";

import { displayUrl, NO_APP, ofType, orList, perApp, stringProp, describeVar, showVar } from "../app-scope";
import { failed, passed, resourceEntry, skipped, stackEntry, type ChecklistEntry, type Finding } from "../core";
import { OFFLINE_SECRET } from "../offline-secret";
import { ACM_ACTIVATION, ADDON, APP, DOMAIN, DRAIN, FORMATION, SENTRY_ALERT, SSL } from "../tokens";

const SECTION = "Heroku production check";

/** What Heroku builds on when an app names no stack. */
const HEROKU_DEFAULT_STACK = "heroku-24";

export const supportedStack = resourceEntry({
  item: "Supported stack",
  section: SECTION,
  name: "heroku-app-supported-stack",
  description: "Checks that the Heroku app runs on a stack Heroku still supports.",
  remediationSteps:
    "Set the app's `stack` to heroku-24, heroku-22 or container (heroku-18 and heroku-20 are end-of-life), " +
    "or leave it unset for Heroku's default, heroku-24.",
  severity: "high",
  types: [APP],
  judge: (resources) => {
    const apps = ofType(resources, APP);
    if (apps.length === 0) return [skipped("stack", "no Heroku app", NO_APP)];
    return apps.map((app) => {
      const stack = stringProp(app.props, "stack");
      if (stack === undefined) return passed(app, `${HEROKU_DEFAULT_STACK} (Heroku's default)`);
      return SUPPORTED_STACKS.includes(stack)
        ? passed(app, stack)
        : failed(
            app,
            stack,
            `The app's stack must be one of ${orList(SUPPORTED_STACKS)}; it is ${JSON.stringify(stack)}.`,
          );
    });
  },
});

export const professionalDynos = resourceEntry({
  item: "Professional dynos",
  section: SECTION,
  name: "heroku-professional-dynos",
  description: "Checks that every dyno formation uses a professional dyno size.",
  remediationSteps:
    `Set each formation's \`size\` to a professional size (${orList(PROFESSIONAL_DYNO_SIZES)}); eco and basic ` +
    "dynos cannot scale out, preboot or report app metrics.",
  severity: "high",
  types: [FORMATION],
  judge: (resources) => {
    const formations = ofType(resources, FORMATION);
    if (formations.length === 0) {
      return [skipped("stack", "no dyno formation", "The stack declares no dyno formation.")];
    }
    return formations.map((f) => {
      const type = stringProp(f.props, "type") ?? "unnamed";
      const size = stringProp(f.props, "size");
      const value = `${type}: ${size ?? "no size"}`;
      // Heroku reports sizes capitalised (Standard-2X); the catalog lists them in lower case.
      if (size !== undefined && DYNO_SIZES[size.toLowerCase()]?.professional === true) return passed(f, value);
      return failed(
        f,
        value,
        `The ${type} formation must use a professional dyno size (${orList(PROFESSIONAL_DYNO_SIZES)}); ` +
          (size === undefined ? "it sets no size." : `it uses ${JSON.stringify(size)}.`),
      );
    });
  },
});

export const webDynoRedundancy = stackEntry({
  item: "Dyno redundancy",
  section: SECTION,
  name: "heroku-web-dyno-redundancy",
  description: "Checks that the app's web process runs on enough dynos to survive the loss of one.",
  remediationSteps:
    "Declare a `web` formation for the app with `quantity` at least `minWebQuantity` (2 by default), so that a " +
    "dyno restart or failure leaves another serving.",
  severity: "high",
  configSchema: {
    properties: {
      minWebQuantity: {
        type: "integer",
        minimum: 1,
        default: 2,
        description: "The fewest web dynos the app may run.",
      },
    },
  },
  judge: (resources, config) => {
    const min = Number(config.minWebQuantity);
    return perApp(resources, (scope) => {
      const web = scope.ofType(FORMATION).filter((f) => stringProp(f.props, "type") === "web");
      if (web.length === 0) {
        const message = `The app must have a web formation running at least ${min} dynos.`;
        return [failed(scope.app, "no web formation", message)];
      }
      return web.map((f) => {
        const quantity = f.props.quantity;
        const count = typeof quantity === "number" ? quantity : Number(quantity);
        const value = `${String(quantity)} web dynos`;
        return Number.isFinite(count) && count >= min
          ? passed(f, value)
          : failed(f, value, `The web formation must run at least ${min} dynos; it runs ${String(quantity)}.`);
      });
    });
  },
});

const POSTGRES_SERVICE = "heroku-postgresql";
const PRODUCTION_TIERS: readonly PostgresTier[] = ["standard", "premium", "private", "shield"];
const HA_TIERS: readonly PostgresTier[] = [...new Set(HA_POSTGRES_PLANS.map((p) => POSTGRES_PLANS[p].tier))];

export interface PostgresAddon {
  readonly addon: JudgedResource;
  /** `heroku-postgresql:<plan>` as declared. */
  readonly plan: string;
  /** The part after the colon; "" when the add-on names no plan. */
  readonly planName: string;
  readonly known: PostgresPlan | undefined;
}

export function postgresAddons(addons: readonly JudgedResource[]): PostgresAddon[] {
  return addons.flatMap((addon) => {
    if (addon.type !== ADDON) return [];
    const plan = stringProp(addon.props, "plan");
    if (plan === undefined) return [];
    const colon = plan.indexOf(":");
    const service = colon === -1 ? plan : plan.slice(0, colon);
    if (service !== POSTGRES_SERVICE) return [];
    const planName = colon === -1 ? "" : plan.slice(colon + 1);
    return [{ addon, plan, planName, known: POSTGRES_PLANS[planName] }];
  });
}

/** Why a plan is not good enough, for the end of a violation message. */
function planShortfall(db: PostgresAddon, lacks: (plan: PostgresPlan) => string): string {
  if (db.planName === "") return "it names no plan.";
  if (db.known === undefined) return `${JSON.stringify(db.planName)} is not a Heroku Postgres plan.`;
  return lacks(db.known);
}

export const NO_POSTGRES = "The stack declares no Heroku Postgres add-on.";

export const postgresProductionTier = stackEntry({
  item: "Production-tier Postgres",
  section: SECTION,
  name: "heroku-postgres-production-tier",
  description: "Checks that the app has a Heroku Postgres database on a production tier.",
  remediationSteps:
    "Attach a `heroku-postgresql` add-on on a standard, premium, private or shield plan (premium-0 or larger for a " +
    "standby). Moving off an essential plan needs a new database and `heroku pg:copy`.",
  severity: "high",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const dbs = postgresAddons(scope.ofType(ADDON));
      if (dbs.length === 0) {
        return [
          failed(
            scope.app,
            "no Heroku Postgres add-on",
            `The app must have a Heroku Postgres add-on on a production tier (${orList(PRODUCTION_TIERS)}).`,
          ),
        ];
      }
      return dbs.map((db) =>
        db.known !== undefined && PRODUCTION_TIERS.includes(db.known.tier)
          ? passed(db.addon, `${db.plan} (${db.known.tier} tier)`)
          : failed(
              db.addon,
              db.plan,
              `The Heroku Postgres add-on must be on a production tier (${orList(PRODUCTION_TIERS)}); ` +
                planShortfall(db, (p) => `${JSON.stringify(db.planName)} is ${p.tier} tier.`),
            ),
      );
    }),
});

export const postgresHighAvailability = resourceEntry({
  item: "Postgres high availability",
  section: SECTION,
  name: "heroku-postgres-high-availability",
  description: "Checks that each Heroku Postgres database has a high-availability standby to fail over to.",
  remediationSteps:
    "Use a premium, private or shield Heroku Postgres plan; changing the plan upgrades the database in place.",
  severity: "high",
  types: [ADDON],
  judge: (resources) => {
    const dbs = postgresAddons(resources);
    if (dbs.length === 0) return [skipped("stack", "no Heroku Postgres add-on", NO_POSTGRES)];
    return dbs.map((db) =>
      db.known?.highAvailability === true
        ? passed(db.addon, `${db.plan} (${db.known.tier} tier, with a standby)`)
        : failed(
            db.addon,
            db.plan,
            `The Heroku Postgres add-on must be on a plan with a high-availability standby (${orList(HA_TIERS)}); ` +
              planShortfall(db, () => `${JSON.stringify(db.planName)} has none.`),
          ),
    );
  },
});

const REDIS_SERVICE = "heroku-redis";

export const redisHighAvailability = resourceEntry({
  item: "Redis high availability",
  section: SECTION,
  name: "heroku-redis-high-availability",
  description: "Checks that each Heroku Key-Value Store (Redis) add-on has a high-availability standby, as the database does.",
  remediationSteps:
    "Use a premium, private or shield heroku-redis plan (premium-0 or larger); mini has no standby. Changing the plan upgrades in place.",
  severity: "medium",
  types: [ADDON],
  judge: (resources) => {
    const redis = ofType(resources, ADDON).filter((a) => (stringProp(a.props, "plan") ?? "").startsWith(`${REDIS_SERVICE}:`));
    if (redis.length === 0) return [skipped("stack", "no heroku-redis add-on", "The stack declares no heroku-redis add-on.")];
    return redis.map((a) => {
      const plan = stringProp(a.props, "plan")!;
      const name = plan.slice(REDIS_SERVICE.length + 1);
      return /^(premium|private|shield)-\d+$/.test(name)
        ? passed(a, `${plan} (with a standby)`)
        : failed(a, plan, `The heroku-redis add-on must be on a plan with a high-availability standby (premium, private or shield); ${JSON.stringify(name)} has none.`);
    });
  },
});

const PLAIN_DSN = "SENTRY_DSN must be a sensitive config var, not a plain one.";
// https://<public key>@<host>/<project id>, the form Sentry shows under Client Keys (DSN).
const SENTRY_DSN = /^https:\/\/[^\s/@]+@[^\s/@]+\/(?:[^\s@]*\/)?\d+$/;

export const appMonitoring = stackEntry({
  item: "App monitoring",
  section: SECTION,
  name: "heroku-app-monitoring",
  description:
    "Checks that the app reports its errors to Sentry through a sensitive SENTRY_DSN config var, and that an alert emails someone about them.",
  remediationSteps:
    "Set SENTRY_DSN to the project's client key DSN among the app's sensitive config vars (App " +
    "`sensitiveConfigVars` or a ConfigAssociation's `sensitiveVars`), never among the plain ones, and declare a " +
    "Sentry alert (sentry:index/alert:Alert) with an email action, as the Monitoring component does.",
  severity: "medium",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const definitions = scope.definitions("SENTRY_DSN");
      const dsn = definitions.at(-1);
      if (dsn === undefined || dsn.value.trim() === "") {
        return [
          failed(
            dsn?.resource ?? scope.app,
            "SENTRY_DSN unset",
            "The app must set SENTRY_DSN, as a sensitive config var, so that its errors reach Sentry.",
          ),
        ];
      }
      const problems: Finding[] = definitions
        .filter((d) => !d.sensitive)
        .map((d) => failed(d.resource, "SENTRY_DSN among plain vars", PLAIN_DSN));
      if (!SENTRY_DSN.test(dsn.value.trim())) {
        problems.push(
          failed(
            dsn.resource,
            "SENTRY_DSN set, not a DSN",
            "SENTRY_DSN must be a Sentry DSN (https://<key>@<host>/<project id>).",
          ),
        );
      }
      const emailing = resources.filter((r) => r.type === SENTRY_ALERT && emailsSomeone(r.props.actionFilters));
      if (emailing.length === 0) {
        problems.push(
          failed(
            scope.app,
            "no alert that emails",
            "The app's errors must reach someone: declare a Sentry alert (sentry:index/alert:Alert) with an email action.",
          ),
        );
      }
      return problems.length > 0
        ? problems
        : [passed(dsn.resource, `SENTRY_DSN set (sensitive); ${emailing.length} alert${emailing.length === 1 ? "" : "s"} email`)];
    }),
});

/** Whether an alert's action filters hold an email action with a recipient. */
function emailsSomeone(actionFilters: unknown): boolean {
  if (!Array.isArray(actionFilters)) return false;
  return actionFilters.some((f) => {
    const actions = (f as { actions?: unknown } | null)?.actions;
    return (
      Array.isArray(actions) &&
      actions.some((a) => {
        const email = (a as { email?: { targetType?: unknown } } | null)?.email;
        return typeof email?.targetType === "string" && email.targetType !== "";
      })
    );
  });
}

const DRAIN_SCHEMES = ["syslog+tls", "https"];

export const logDrain = stackEntry({
  item: "Log monitoring",
  section: SECTION,
  name: "heroku-log-drain",
  description: "Checks that the app sends its logs to a drain over an encrypted transport.",
  remediationSteps:
    "Add a log drain for the app with a syslog+tls:// or https:// URL (the `logDrainUrl` config key); give a URL " +
    "that carries credentials as `sensitiveUrl` (`pulumi config set --secret logDrainUrl …`).",
  severity: "medium",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const drains = scope.ofType(DRAIN);
      if (drains.length === 0) {
        return [
          failed(
            scope.app,
            "no log drain",
            "The app must have a log drain (syslog+tls:// or https://) so that its logs outlive Heroku's " +
              "1,500-line buffer.",
          ),
        ];
      }
      return drains.map((d) => {
        const sensitiveUrl = stringProp(d.props, "sensitiveUrl");
        const url = sensitiveUrl ?? stringProp(d.props, "url");
        if (url === undefined || url === "") {
          return failed(d, "no URL", "The log drain must have a url or a sensitiveUrl.");
        }
        // Set with --secret and judged offline: present and secret; the engine judges its scheme at preview.
        if (sensitiveUrl === OFFLINE_SECRET) return passed(d, "sensitiveUrl set with --secret (its scheme is judged at preview)");
        const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
        const shown =
          sensitiveUrl !== undefined
            ? `${scheme ?? "?"}:// (sensitiveUrl)`
            : scheme === undefined
              ? "not a URL"
              : (displayUrl(url) ?? `${scheme}://…`);
        if (scheme === undefined || !DRAIN_SCHEMES.includes(scheme.toLowerCase())) {
          const got = scheme === undefined ? "it is not a URL." : `it starts with ${JSON.stringify(`${scheme}://`)}.`;
          return failed(d, shown, `The log drain URL must start with syslog+tls:// or https://; ${got}`);
        }
        if (sensitiveUrl === undefined && hasCredentials(url)) {
          return failed(d, shown, "The log drain URL carries credentials, so it must be a sensitiveUrl, not a url.");
        }
        return passed(d, shown);
      });
    }),
});

function hasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== "" || u.password !== "";
  } catch {
    return false;
  }
}

const PAGES: readonly (readonly [string, string])[] = [
  ["ERROR_PAGE_URL", "the page Heroku shows for platform errors"],
  ["MAINTENANCE_PAGE_URL", "the page Heroku shows in maintenance mode"],
];

export const customPages = stackEntry({
  item: "Custom maintenance and error pages",
  section: SECTION,
  name: "heroku-custom-error-pages",
  description: "Checks that the app sets https URLs for its custom error and maintenance pages.",
  remediationSteps:
    "Host the two pages outside the app (a static bucket or CDN) and set ERROR_PAGE_URL and MAINTENANCE_PAGE_URL " +
    "(the `errorPageUrl` and `maintenancePageUrl` config keys) to their https:// URLs.",
  severity: "low",
  judge: (resources) =>
    perApp(resources, (scope) =>
      PAGES.map(([name, what]) => {
        const page = scope.configVar(name);
        if (page === undefined || page.value.trim() === "") {
          const subject = page?.resource ?? scope.app;
          return failed(subject, `${name} unset`, `${name} must be set to the https:// URL of ${what}.`);
        }
        if (page.sensitive && page.value === OFFLINE_SECRET) {
          return passed(page.resource, `${name} set with --secret (its URL is judged at preview)`);
        }
        // Printed without any credentials the URL may carry.
        const url = displayUrl(page.value) ?? page.value;
        const shown = page.sensitive ? showVar(name, page) : `${name}=${url}`;
        const described = page.sensitive ? describeVar(page) : JSON.stringify(url);
        return isHttpsUrl(page.value)
          ? passed(page.resource, shown)
          : failed(page.resource, shown, `${name} must be an https:// URL, not ${described}.`);
      }),
    ),
});

function isHttpsUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && u.hostname !== "";
  } catch {
    return false;
  }
}

export const sslCustomDomains = stackEntry({
  item: "SSL on custom domains",
  section: SECTION,
  name: "heroku-ssl-custom-domains",
  description: "Checks that an app with custom domains serves them with a certificate, from ACM or uploaded.",
  remediationSteps:
    "Turn on Automated Certificate Management (an AcmActivation after the formation, as ProductionEnvironment " +
    "declares, or `acm: true` on a Teams app) and point each domain's DNS at its `dnsTargets` entry, or upload a " +
    "certificate with a heroku.ssl.Ssl resource.",
  severity: "critical",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const domains = scope.ofType(DOMAIN);
      if (domains.length === 0) {
        return [
          skipped(
            scope.app,
            "no custom domains",
            "The app has no custom domains; its herokuapp.com host is served with Heroku's certificate.",
          ),
        ];
      }
      const hosts = domains.map((d) => stringProp(d.props, "hostname") ?? d.name).join(", ");
      const activation = scope.ofType(ACM_ACTIVATION)[0];
      if (activation !== undefined) return [passed(activation, `ACM for ${hosts}, turned on after the formation`)];
      if (scope.app.props.acm === true) return [passed(scope.app, `ACM for ${hosts}`)];
      const certificate = scope.ofType(SSL)[0];
      if (certificate !== undefined) return [passed(certificate, `certificate ${certificate.name} for ${hosts}`)];
      return [
        failed(
          scope.app,
          `no certificate for ${hosts}`,
          `The app must have Automated Certificate Management on (an AcmActivation, or acm: true) or an SSL certificate, because it ` +
            `serves custom domains (${hosts}).`,
        ),
      ];
    }),
});

export const HEROKU_CHECKS: readonly ChecklistEntry[] = [
  supportedStack,
  professionalDynos,
  webDynoRedundancy,
  postgresProductionTier,
  postgresHighAvailability,
  redisHighAvailability,
  appMonitoring,
  logDrain,
  customPages,
  sslCustomDomains,
];
