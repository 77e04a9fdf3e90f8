/**
 * The Heroku facts the policy pack judges with: dyno sizes, Postgres plans, supported stacks, the HSTS year, and the
 * shape of a judged resource. They live in the pack so that it is self-contained (`pulumi policy publish` ships this
 * directory alone); the program's catalog re-exports them.
 */

/** One year, the value hstspreload.org asks for. */
export const DEFAULT_HSTS_SECONDS = 31_536_000;

/**
 * The part of `@pulumi/policy`'s `PolicyResource` the checklist judges. Props are the resource's inputs with secrets
 * unwrapped, as the engine hands them to a policy pack.
 */
export interface JudgedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly opts: { readonly protect: boolean };
}

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

export const HA_POSTGRES_PLANS: readonly string[] = Object.values(POSTGRES_PLANS)
  .filter((p) => p.highAvailability)
  .map((p) => p.name);

/** Stacks Heroku still builds on. heroku-18 and heroku-20 are end-of-life. */
export const SUPPORTED_STACKS: readonly string[] = ["heroku-24", "heroku-22", "container"];

