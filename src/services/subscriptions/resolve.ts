import { inList } from "../../db/conditions";
import type { Coupon, Plan, TaxRate } from "../../db/queries/catalog";
import { catalogItems } from "../../db/queries/catalog";
import type { CouponRedemption, SubscriptionAddon, SubscriptionTax } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { minorOf } from "../../lib/api/decimal";
import { invalidRequest } from "../../lib/api-error";
import { couponUse, type Interval } from "./engine";
import type { AddonInput } from "./input";

/**
 * Turns the ids a request names into what the subscription pins: the plan's price,
 * each add-on's price, each coupon's and tax rate's value, copied now so that a
 * later catalogue change never reprices what was sold. Every refusal is a 400 with
 * the `param` at fault.
 */

export type Lookups = { plans: Map<string, Plan>; coupons: Map<string, Coupon>; taxRates: Map<string, TaxRate> };

/** The main plan, usable for a subscription (volume and tiered plans' tiers are copied onto it at sale). */
export function subscribablePlan(lookups: Lookups, id: string, param = "plan"): Plan {
  const plan = lookups.plans.get(id);
  if (!plan) throw invalidRequest(`No such plan: ${id}`, param);
  if (plan.pricingMode !== "per_unit" && !plan.tiers?.length) throw invalidRequest(`Plan ${id} has pricing_mode ${plan.pricingMode} but no tiers`, param);
  return plan;
}

/** An add-on plan: per unit only (an add-on pins one unit price). */
function addonPlan(lookups: Lookups, id: string, param: string): Plan {
  const plan = subscribablePlan(lookups, id, param);
  if (plan.pricingMode !== "per_unit") throw invalidRequest(`Add-on plan ${id} has pricing_mode ${plan.pricingMode}; add-ons take per_unit plans only`, param);
  return plan;
}

export async function resolveAddons(
  scope: TenantScope,
  lookups: Lookups,
  main: Pick<Plan, "currency" | "interval" | "intervalCount">,
  input: AddonInput[],
): Promise<SubscriptionAddon[]> {
  const itemIds = input.flatMap((a) => (a.catalog_item ? [a.catalog_item] : []));
  const items = itemIds.length ? new Map((await scope.select(catalogItems, inList(catalogItems.id, itemIds)).all()).map((r) => [r.id, r])) : new Map();
  return input.map((a, i) => {
    const param = `addons[${i}]`;
    let amount: number;
    let name: string;
    if (a.plan) {
      const plan = addonPlan(lookups, a.plan, `${param}.plan`);
      if (plan.interval !== main.interval || plan.intervalCount !== main.intervalCount) {
        throw invalidRequest(
          `Add-on plan ${plan.id} bills every ${plan.intervalCount} ${plan.interval}; it must be on the main plan's interval`,
          `${param}.plan`,
        );
      }
      if (plan.currency !== main.currency)
        throw invalidRequest(`Add-on plan ${plan.id} is in ${plan.currency}, the subscription in ${main.currency}`, `${param}.plan`);
      amount = plan.amount;
      name = plan.name;
    } else {
      const item = items.get(a.catalog_item!);
      if (!item) throw invalidRequest(`No such item: ${a.catalog_item}`, `${param}.catalog_item`);
      if (item.currency && item.currency !== main.currency) {
        throw invalidRequest(`Item ${item.id} is in ${item.currency}, the subscription in ${main.currency}`, `${param}.catalog_item`);
      }
      amount = item.unitCost;
      name = item.name;
    }
    if (a.amount !== undefined && a.amount !== null) amount = minorOf(a.amount, main.currency, `${param}.amount`);
    if (amount < 0) throw invalidRequest(`${param}.amount must not be negative`, `${param}.amount`);
    return {
      id: i + 1,
      plan: a.plan ?? null,
      catalogItem: a.catalog_item ?? null,
      description: a.description ?? null,
      quantity: a.quantity ?? 1,
      amount,
      name,
    };
  });
}

/**
 * Coupons as redeemed now: expiry, max_redemptions and currency are checked when
 * attached (never again at renewal). `redeemed` counts existing redemptions.
 */
export function resolveCoupons(
  lookups: Lookups,
  ids: string[],
  plan: { currency: string; interval: Interval; intervalCount: number },
  now: number,
  redeemed: Map<string, number>,
  kept: CouponRedemption[] = [],
): CouponRedemption[] {
  return ids.map((id, i) => {
    const param = `discounts[${i}]`;
    const already = kept.find((k) => k.id === id);
    if (already) return already; // still attached: keeps its use count (never re-applied from zero)
    const c = lookups.coupons.get(id);
    if (!c) throw invalidRequest(`No such coupon: ${id}`, param);
    if (c.expirationDate !== null && c.expirationDate <= now) throw invalidRequest(`Coupon ${id} has expired`, param);
    if (c.maxRedemptions !== null && (redeemed.get(id) ?? 0) >= c.maxRedemptions) {
      throw invalidRequest(`Coupon ${id} has reached its maximum number of redemptions`, param);
    }
    if (!c.isPercent && c.currency && c.currency !== plan.currency)
      throw invalidRequest(`Coupon ${id} is in ${c.currency}, the subscription in ${plan.currency}`, param);
    return { ...couponUse(c, plan), uses: 0 };
  });
}

export function resolveTaxes(lookups: Lookups, ids: string[], currency: string): SubscriptionTax[] {
  return ids.map((id, i) => {
    const param = `taxes[${i}]`;
    const r = lookups.taxRates.get(id);
    if (!r) throw invalidRequest(`No such tax rate: ${id}`, param);
    if (!r.isPercent && r.currency && r.currency !== currency)
      throw invalidRequest(`Tax rate ${id} is in ${r.currency}, the subscription in ${currency}`, param);
    return { id: r.id, name: r.name, isPercent: r.isPercent, value: r.value, inclusive: r.inclusive };
  });
}
