/**
 * Heroku facts the program reasons with. Prices are list prices in US dollars for a full month (Heroku bills per
 * second, up to these caps), from heroku.com/pricing and the Dev Center's usage-and-billing and Postgres plan pages
 * as of 2025-2026. Check them against heroku.com/pricing before relying on a figure for a budget.
 */

export interface DynoSize {
  readonly name: string;
  /** Professional dynos scale horizontally, support preboot and carry app metrics. */
  readonly professional: boolean;
  readonly memoryMb: number;
  readonly usdPerMonth: number;
}

/** Common Runtime dyno sizes. Private- and Shield-space sizes are left out: the program does not create spaces. */
export const DYNO_SIZES: Readonly<Record<string, DynoSize>> = Object.fromEntries(
  (
    [
      ["eco", false, 512, 5],
      ["basic", false, 512, 7],
      ["standard-1x", true, 512, 25],
      ["standard-2x", true, 1024, 50],
      ["performance-m", true, 2560, 250],
      ["performance-l", true, 14336, 500],
      ["performance-l-ram", true, 30720, 500],
      ["performance-xl", true, 63488, 750],
      ["performance-2xl", true, 129024, 1500],
    ] as const
  ).map(([name, professional, memoryMb, usdPerMonth]) => [name, { name, professional, memoryMb, usdPerMonth }]),
);

export const PROFESSIONAL_DYNO_SIZES: readonly string[] = Object.values(DYNO_SIZES)
  .filter((s) => s.professional)
  .map((s) => s.name);

export type PostgresTier = "essential" | "standard" | "premium" | "private" | "shield";

export interface PostgresPlan {
  /** The plan part of `heroku-postgresql:<plan>`. */
  readonly name: string;
  readonly tier: PostgresTier;
  /** A standby in another availability zone that Heroku fails over to. */
  readonly highAvailability: boolean;
  /** `undefined` where Heroku does not publish a price (Private and Shield are sold under Enterprise contracts). */
  readonly usdPerMonth: number | undefined;
}

const TIER_HA: Readonly<Record<PostgresTier, boolean>> = {
  essential: false,
  standard: false,
  premium: true,
  private: true,
  shield: true,
};

// Sizes 0 and 2-10: Heroku retired size 1 of the Standard and Premium lines.
const SIZED_PRICES: Readonly<Record<"standard" | "premium", readonly (readonly [number, number])[]>> = {
  standard: [
    [0, 50], [2, 200], [3, 400], [4, 750], [5, 1400], [6, 2000], [7, 3500], [8, 4500], [9, 5800], [10, 12000],
  ],
  premium: [
    [0, 200], [2, 350], [3, 750], [4, 1200], [5, 2500], [6, 3500], [7, 6000], [8, 8500], [9, 11000], [10, 24000],
  ],
};

function plans(): PostgresPlan[] {
  const out: PostgresPlan[] = [
    { name: "essential-0", tier: "essential", highAvailability: false, usdPerMonth: 5 },
    { name: "essential-1", tier: "essential", highAvailability: false, usdPerMonth: 9 },
    { name: "essential-2", tier: "essential", highAvailability: false, usdPerMonth: 20 },
  ];
  for (const tier of ["standard", "premium"] as const) {
    for (const [size, usd] of SIZED_PRICES[tier]) {
      out.push({ name: `${tier}-${size}`, tier, highAvailability: TIER_HA[tier], usdPerMonth: usd });
    }
  }
  for (const tier of ["private", "shield"] as const) {
    for (const size of [0, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      out.push({ name: `${tier}-${size}`, tier, highAvailability: TIER_HA[tier], usdPerMonth: undefined });
    }
  }
  return out;
}

export const POSTGRES_PLANS: Readonly<Record<string, PostgresPlan>> = Object.fromEntries(
  plans().map((p) => [p.name, p]),
);

/** The smallest plan with a high-availability standby. */
export const DEFAULT_POSTGRES_PLAN = "premium-0";

export const HA_POSTGRES_PLANS: readonly string[] = Object.values(POSTGRES_PLANS)
  .filter((p) => p.highAvailability)
  .map((p) => p.name);

/** Stacks Heroku still builds on. heroku-18 and heroku-20 are end-of-life. */
export const SUPPORTED_STACKS: readonly string[] = ["heroku-24", "heroku-22", "container"];

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
  return {
    lines,
    totalUsdPerMonth: lines.reduce((sum, l) => sum + (l.usdPerMonth ?? 0), 0),
    unpriced: lines.filter((l) => l.usdPerMonth === undefined).map((l) => l.item),
  };
}
