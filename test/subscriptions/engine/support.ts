import type { PriceInput, Recurring } from "../../../src/services/subscriptions/engine";

export const DAY = 86_400;

/** A per-unit plan priced `amount` minor units per period. */
export function plan(id: string, amount: number, quantity = 1): Recurring {
  return { planId: id, catalogItem: null, name: id, amount, pricingMode: "per_unit", tiers: null, quantity };
}

/** A renewal input with no coupons, taxes, prorations or pending items unless given. */
export function priceInput(over: Partial<PriceInput> & Pick<PriceInput, "plan">): PriceInput {
  return {
    currency: "usd",
    subscriptionId: 7,
    addons: [],
    coupons: [],
    taxRates: [],
    period: { start: 1_800_000_000, end: 1_800_000_000 + 30 * DAY },
    prorations: [],
    pendingItems: [],
    ...over,
  };
}
