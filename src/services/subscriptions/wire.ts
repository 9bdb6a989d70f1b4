import { previousOf } from "../../db/event-objects";
import type { Subscription } from "../../db/queries/subscriptions";
import { type LinkCtx, originOf } from "../api/documents";
import { money, percent } from "../api/wire";
import { mrrOf, recurringTotalOf } from "./engine-input";

/**
 * A subscription as Invoiced's API sends it. Amounts out as decimals of the
 * subscription's currency; `recurring_total` and `mrr` come from the engine's one
 * pricing function, so they are what the next renewal invoice will say.
 */

export type WireCtx = LinkCtx;

const rate = (r: { isPercent: boolean; value: number }, currency: string) => (r.isPercent ? percent(r.value) : money(r.value, currency));

export function subscriptionToWire(s: Subscription, ctx: WireCtx) {
  const c = s.currency;
  return {
    id: s.id,
    object: "subscription" as const,
    customer: s.customerId,
    plan: s.plan,
    quantity: s.quantity,
    amount: s.amount === null ? null : money(s.amount, c),
    addons: s.addons.map((a) => ({
      id: a.id,
      object: "subscription_addon" as const,
      plan: a.plan,
      catalog_item: a.catalogItem,
      quantity: a.quantity,
      amount: money(a.amount, c),
      description: a.description,
    })),
    discounts: s.discounts.map((d) => ({
      id: d.id,
      object: "coupon" as const,
      name: d.name,
      is_percent: d.isPercent,
      value: rate(d, c),
      remaining_cycles: d.remainingCycles,
      uses: d.uses,
    })),
    taxes: s.taxes.map((t) => ({ id: t.id, object: "tax_rate" as const, name: t.name, is_percent: t.isPercent, value: rate(t, c), inclusive: t.inclusive })),
    currency: c,
    start_date: s.startDate,
    bill_in: s.billIn,
    bill_in_advance_days: s.billInAdvanceDays,
    cycles: s.cycles,
    contract_renewal_mode: s.contractRenewalMode,
    contract_renewal_cycles: s.contractRenewalCycles,
    period_start: s.periodStart,
    period_end: s.periodEnd,
    renews_next: s.renewsNext,
    snap_to_nth_day: s.snapToNthDay,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    canceled_at: s.canceledAt,
    canceled_reason: s.canceledReason,
    paused: s.paused,
    status: s.status,
    ship_to: s.shipTo ?? null,
    recurring_total: money(recurringTotalOf(s), c),
    mrr: money(mrrOf(s), c),
    url: `${originOf(ctx)}/subscriptions/${s.publicId}`,
    metadata: s.metadata,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/**
 * `data` of a subscription event: the subscription as `GET /subscriptions/{id}` shows
 * it right after the write, `previous` (the changed fields' old values) when it
 * existed before, and `extra` keys kept for the audit trail (the invoice billed, say).
 */
export function subscriptionEventData(before: Subscription | null, after: Subscription, origin: string, extra: Record<string, unknown> = {}) {
  const object = subscriptionToWire(after, { origin });
  const { previous: _recorded, ...rest } = extra;
  return before ? { ...rest, object, previous: previousOf(subscriptionToWire(before, { origin }), object) } : { ...rest, object };
}
