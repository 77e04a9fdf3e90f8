import { DYNO_SIZES, POSTGRES_PLANS } from "../policy/facts";

/**
 * Heroku facts the program reasons with. Prices are list prices in US dollars for a full month (Heroku bills per
 * second, up to these caps), from heroku.com/pricing and the Dev Center's usage-and-billing and Postgres plan pages
 * as of 2025-2026. Check them against heroku.com/pricing before relying on a figure for a budget.
 */

export {
  DYNO_SIZES,
  HA_POSTGRES_PLANS,
  POSTGRES_PLANS,
  PROFESSIONAL_DYNO_SIZES,
  SUPPORTED_STACKS,
  type DynoSize,
  type PostgresPlan,
  type PostgresTier,
} from "../policy/facts";

/** The smallest plan with a high-availability standby. */
export const DEFAULT_POSTGRES_PLAN = "premium-0";

/** Common Runtime regions; the others belong to Private Spaces. */
export const REGIONS: readonly string[] = ["us", "eu"];

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitUsdPerMonth: number | undefined;
  readonly usdPerMonth: number | undefined;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  /** The sum of the priced lines. */
  readonly totalUsdPerMonth: number;
  /** Items whose price Heroku does not publish; the total leaves them out. */
  readonly unpriced: readonly string[];
}

export interface CostInput {
  readonly formation: readonly { readonly type: string; readonly size: string; readonly quantity: number }[];
  readonly postgresPlan: string;
  /** Further add-ons as `service:plan`. @default `[]` */
  readonly addons?: readonly string[];
}

export function estimateMonthlyCost(input: CostInput): CostEstimate {
  const lines: CostLine[] = input.formation.map((f) => {
    const unit = DYNO_SIZES[f.size]?.usdPerMonth;
    return {
      item: `${f.type} dynos (${f.size})`,
      quantity: f.quantity,
      unitUsdPerMonth: unit,
      usdPerMonth: unit === undefined ? undefined : unit * f.quantity,
    };
  });
  const pg = POSTGRES_PLANS[input.postgresPlan]?.usdPerMonth;
  lines.push({
    item: `heroku-postgresql:${input.postgresPlan}`,
    quantity: 1,
    unitUsdPerMonth: pg,
    usdPerMonth: pg,
  });
  for (const id of input.addons ?? []) {
    const price = addonPrice(id);
    lines.push({ item: id, quantity: 1, unitUsdPerMonth: price, usdPerMonth: price });
  }
  return {
    lines,
    totalUsdPerMonth: lines.reduce((sum, l) => sum + (l.usdPerMonth ?? 0), 0),
    unpriced: lines.filter((l) => l.usdPerMonth === undefined).map((l) => l.item),
  };
}

/** What Heroku's add-on services in the catalog are, and the config vars each one sets on the app. */
export interface AddonService {
  readonly service: string;
  /** Holds data the app cannot lose: protected and retained on delete, never replaced. */
  readonly data: boolean;
  /** The config vars the add-on attaches, for a well-formed dummy in the offline Django check. */
  readonly configVars: Readonly<Record<string, string>>;
  /** Plan → price and standby. A service absent from the catalog is accepted and left unpriced. */
  readonly plans: Readonly<Record<string, { readonly highAvailability: boolean; readonly usdPerMonth: number | undefined }>>;
}

const redisPlans = (): AddonService["plans"] => {
  // Heroku Key-Value Store (heroku-redis) list prices, 2025-2026, from memory of heroku.com/pricing: check them.
  const out: Record<string, { highAvailability: boolean; usdPerMonth: number | undefined }> = {
    mini: { highAvailability: false, usdPerMonth: 3 },
  };
  const premium: [number, number][] = [
    [0, 15], [1, 30], [2, 60], [3, 120], [5, 200], [7, 750], [9, 1450], [10, 3500], [12, 4500], [14, 7000],
  ];
  for (const [size, usd] of premium) out[`premium-${size}`] = { highAvailability: true, usdPerMonth: usd };
  for (const tier of ["private", "shield"]) {
    for (const [size] of premium) out[`${tier}-${size}`] = { highAvailability: true, usdPerMonth: undefined };
  }
  return out;
};

export const ADDON_SERVICES: Readonly<Record<string, AddonService>> = {
  "heroku-postgresql": {
    service: "heroku-postgresql",
    data: true,
    configVars: { DATABASE_URL: "postgres://offline:offline-password@db.offline.invalid:5432/offline" },
    plans: Object.fromEntries(
      Object.values(POSTGRES_PLANS).map((p) => [p.name, { highAvailability: p.highAvailability, usdPerMonth: p.usdPerMonth }]),
    ),
  },
  "heroku-redis": {
    service: "heroku-redis",
    data: true,
    configVars: { REDIS_URL: "rediss://:offline-password@redis.offline.invalid:6380" },
    plans: redisPlans(),
  },
  "heroku-kafka": {
    service: "heroku-kafka",
    data: true,
    configVars: {
      KAFKA_URL: "kafka+ssl://kafka.offline.invalid:9096",
      KAFKA_PREFIX: "offline-",
      KAFKA_TRUSTED_CERT: "offline-certificate",
      KAFKA_CLIENT_CERT: "offline-certificate",
      KAFKA_CLIENT_CERT_KEY: "offline-key",
    },
    plans: {
      "basic-0": { highAvailability: true, usdPerMonth: 100 },
      "basic-1": { highAvailability: true, usdPerMonth: 175 },
      "basic-2": { highAvailability: true, usdPerMonth: 475 },
      "standard-0": { highAvailability: true, usdPerMonth: 1500 },
      "standard-1": { highAvailability: true, usdPerMonth: 1800 },
      "standard-2": { highAvailability: true, usdPerMonth: 3500 },
    },
  },
  // The Scheduler itself is free; the one-off dynos it starts are billed as dyno time.
  scheduler: { service: "scheduler", data: false, configVars: {}, plans: { standard: { highAvailability: false, usdPerMonth: 0 } } },
};

/** `service:plan` split; the plan is "" when none is named. */
export function splitAddonPlan(id: string): { service: string; plan: string } {
  const colon = id.indexOf(":");
  return colon === -1 ? { service: id, plan: "" } : { service: id.slice(0, colon), plan: id.slice(colon + 1) };
}

export const isDataAddon = (service: string): boolean =>
  Object.prototype.hasOwnProperty.call(ADDON_SERVICES, service) && ADDON_SERVICES[service].data;

/** The list price of `service:plan`, or undefined when the catalog has none. */
export function addonPrice(id: string): number | undefined {
  const { service, plan } = splitAddonPlan(id);
  if (!Object.prototype.hasOwnProperty.call(ADDON_SERVICES, service)) return undefined;
  const plans = ADDON_SERVICES[service].plans;
  return Object.prototype.hasOwnProperty.call(plans, plan) ? plans[plan].usdPerMonth : undefined;
}

/** One release line and the day its security support ends, with where that date comes from. */
export interface SupportWindow {
  readonly version: string;
  readonly securityEnds: string;
  readonly source: string;
}

const DJANGO_SOURCE = "djangoproject.com/download, via endoflife.date (2026-12)";
const PYTHON_SOURCE = "python/devguide include/release-cycle.json (2026-12)";

/** Django release lines. A line newer than the table is judged unknown, never supported by default. */
export const DJANGO_SUPPORT: readonly SupportWindow[] = [
  { version: "3.2", securityEnds: "2024-04-01", source: DJANGO_SOURCE },
  { version: "4.0", securityEnds: "2023-04-01", source: DJANGO_SOURCE },
  { version: "4.1", securityEnds: "2023-12-01", source: DJANGO_SOURCE },
  { version: "4.2", securityEnds: "2026-04-30", source: DJANGO_SOURCE },
  { version: "5.0", securityEnds: "2025-04-02", source: DJANGO_SOURCE },
  { version: "5.1", securityEnds: "2025-12-03", source: DJANGO_SOURCE },
  { version: "5.2", securityEnds: "2028-04-30", source: DJANGO_SOURCE },
  { version: "6.0", securityEnds: "2027-04-30", source: DJANGO_SOURCE },
];

/** CPython release lines; each ends at the end of its month. */
export const PYTHON_SUPPORT: readonly SupportWindow[] = [
  { version: "3.8", securityEnds: "2024-10-07", source: PYTHON_SOURCE },
  { version: "3.9", securityEnds: "2025-10-31", source: PYTHON_SOURCE },
  { version: "3.10", securityEnds: "2026-10-31", source: PYTHON_SOURCE },
  { version: "3.11", securityEnds: "2027-10-31", source: PYTHON_SOURCE },
  { version: "3.12", securityEnds: "2028-10-31", source: PYTHON_SOURCE },
  { version: "3.13", securityEnds: "2029-10-31", source: PYTHON_SOURCE },
  { version: "3.14", securityEnds: "2030-10-31", source: PYTHON_SOURCE },
];

/** How close to its end a supported line is reported with a warning. */
export const SUPPORT_WARNING_DAYS = 180;
