import { describe, expect, it } from "vitest";
import { DYNO_SIZES, estimateMonthlyCost, HA_POSTGRES_PLANS, POSTGRES_PLANS, PROFESSIONAL_DYNO_SIZES } from "../lib/catalog";

describe("catalog", () => {
  it("knows which dyno sizes are professional", () => {
    expect(PROFESSIONAL_DYNO_SIZES).toEqual([
      "standard-1x",
      "standard-2x",
      "performance-m",
      "performance-l",
      "performance-l-ram",
      "performance-xl",
      "performance-2xl",
    ]);
    expect(DYNO_SIZES["standard-2x"]).toEqual({ name: "standard-2x", professional: true, memoryMb: 1024, usdPerMonth: 50 });
    expect(DYNO_SIZES.basic.professional).toBe(false);
  });

  it("gives HA only to premium, private and shield plans", () => {
    expect(POSTGRES_PLANS["premium-0"]).toEqual({ name: "premium-0", tier: "premium", highAvailability: true, usdPerMonth: 200 });
    expect(POSTGRES_PLANS["standard-0"]).toEqual({ name: "standard-0", tier: "standard", highAvailability: false, usdPerMonth: 50 });
    expect(POSTGRES_PLANS["essential-2"].highAvailability).toBe(false);
    expect(POSTGRES_PLANS["premium-1"]).toBeUndefined();
    expect(new Set(HA_POSTGRES_PLANS.map((p) => p.split("-")[0]))).toEqual(new Set(["premium", "private", "shield"]));
    expect(HA_POSTGRES_PLANS).toHaveLength(30);
  });

  it("estimates a month with one line per dyno type and add-on", () => {
    expect(
      estimateMonthlyCost({
        formation: [
          { type: "web", size: "standard-2x", quantity: 2 },
          { type: "worker", size: "performance-m", quantity: 1 },
        ],
        postgresPlan: "premium-2",
      }),
    ).toEqual({
      lines: [
        { item: "web dynos (standard-2x)", quantity: 2, unitUsdPerMonth: 50, usdPerMonth: 100 },
        { item: "worker dynos (performance-m)", quantity: 1, unitUsdPerMonth: 250, usdPerMonth: 250 },
        { item: "heroku-postgresql:premium-2", quantity: 1, unitUsdPerMonth: 350, usdPerMonth: 350 },
      ],
      totalUsdPerMonth: 700,
      unpriced: [],
    });
  });

  it("leaves unpublished prices out of the total and says so", () => {
    const e = estimateMonthlyCost({ formation: [{ type: "web", size: "standard-1x", quantity: 2 }], postgresPlan: "shield-0" });
    expect(e.totalUsdPerMonth).toBe(50);
    expect(e.unpriced).toEqual(["heroku-postgresql:shield-0"]);
  });
});
