import type { Subscription } from "../../db/queries/subscriptions";
import type { CouponRedemption } from "../../db/schema";
import {
  type CouponUse,
  consumeCoupons,
  type InvoiceDraft,
  mrr,
  type Period,
  type PriceInput,
  periodByIndex,
  type Recurring,
  recurringTotal,
  renewsNext,
  type Schedule,
  subscriptionStatus,
} from "./engine";

/**
 * The one translation between a stored subscription and the pure engine: the
 * preview, the API's `recurring_total`/`mrr`, a plan change and the renewal run
 * all go through these, so they price the same thing the same way.
 */

/** The columns the engine reads (a preview builds this without a stored row). */
export type Priceable = Pick<
  Subscription,
  | "id"
  | "plan"
  | "planName"
  | "planAmount"
  | "pricingMode"
  | "tiers"
  | "amount"
  | "quantity"
  | "currency"
  | "interval"
  | "intervalCount"
  | "addons"
  | "discounts"
  | "taxes"
>;

export type Scheduled = Pick<Subscription, "anchor" | "interval" | "intervalCount" | "snapToNthDay">;

export function scheduleOf(s: Scheduled, timeZone: string): Schedule {
  return { anchor: s.anchor, interval: s.interval, intervalCount: s.intervalCount, snapToNthDay: s.snapToNthDay, timeZone };
}

/**
 * The main plan as the engine prices it: the tiers sold (volume or tiered), else
 * the unit price; a custom amount, if set, replaces either as a unit price.
 */
export function mainRecurring(s: Pick<Priceable, "plan" | "planName" | "planAmount" | "pricingMode" | "tiers" | "amount" | "quantity">): Recurring {
  const custom = s.amount !== null && s.amount !== undefined;
  return {
    planId: s.plan,
    catalogItem: null,
    name: s.planName,
    amount: s.amount ?? s.planAmount,
    pricingMode: custom ? "per_unit" : (s.pricingMode ?? "per_unit"),
    tiers: custom ? null : (s.tiers ?? null),
    quantity: s.quantity,
  };
}

export function addonRecurring(s: Pick<Priceable, "addons">): Recurring[] {
  return s.addons.map((a) => ({
    planId: a.plan,
    catalogItem: a.catalogItem,
    name: a.name,
    description: a.description,
    amount: a.amount,
    pricingMode: "per_unit",
    tiers: null,
    quantity: a.quantity,
  }));
}

export function priceBase(s: Priceable): Omit<PriceInput, "period" | "prorations" | "pendingItems"> {
  return {
    currency: s.currency,
    subscriptionId: s.id > 0 ? s.id : null,
    plan: mainRecurring(s),
    addons: addonRecurring(s),
    coupons: s.discounts as CouponUse[],
    taxRates: s.taxes,
  };
}

export const recurringTotalOf = (s: Priceable) => recurringTotal(priceBase(s));
export const mrrOf = (s: Priceable) => mrr(priceBase(s), s.interval, s.intervalCount);

/** Period k of the subscription's schedule. */
export const periodOf = (s: Scheduled, timeZone: string, k: number): Period => periodByIndex(scheduleOf(s, timeZone), k);

/**
 * The coupon records after `draft` is issued: the engine decides which cycles are
 * consumed (never by a $0 or proration-only invoice); `uses` counts the invoices
 * each coupon discounted.
 */
export function afterInvoice(discounts: CouponRedemption[], draft: InvoiceDraft): CouponRedemption[] {
  const next = consumeCoupons(discounts, draft) as CouponRedemption[];
  return next.map((c) => (draft.couponsApplied.includes(c.id) ? { ...c, uses: c.uses + 1 } : c));
}

/** When period k is invoiced (the engine's rule: in advance, its start less local advance days; in arrears, its end). */
export function dueAt(s: Scheduled & Pick<Subscription, "billIn" | "billInAdvanceDays">, timeZone: string, k: number): number {
  return renewsNext(scheduleOf(s, timeZone), k, { billIn: s.billIn, advanceDays: s.billInAdvanceDays });
}

/** The stored status, from the engine's first-match rules. */
export function statusOf(s: Pick<Subscription, "canceledAt" | "status" | "paused" | "startDate" | "pastDue">, now: number): Subscription["status"] {
  return subscriptionStatus({
    now,
    canceledAt: s.canceledAt,
    pendingRenewal: s.status === "pending_renewal",
    paused: s.paused,
    startDate: s.startDate,
    trialEnd: null,
    hasOverdueRenewalInvoice: s.pastDue,
    finished: s.status === "finished",
  });
}
