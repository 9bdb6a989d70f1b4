import type { BatchStatements } from "../../db/batch";
import { findCustomer } from "../../db/queries/customers";
import type { PendingProrationRows } from "../../db/queries/pending-line-items";
import { couponRedemptions, type NewSubscription, type StoredLines, type Subscription, subscriptionLookups } from "../../db/queries/subscriptions";
import type { Customer } from "../../db/queries/types";
import { minorOf } from "../../lib/api/decimal";
import { invalidRequest } from "../../lib/api-error";
import { givenFields } from "../api/document-schemas";
import { refuseReadOnly } from "../api/wire";
import type { CreateCtx } from "./create";
import { changeLines, changeTiming, classifyChange, type InvoiceDraft, isIntervalChange, priceSubscriptionPeriod, recurringAmount } from "./engine";
import { addonRecurring, mainRecurring, priceBase } from "./engine-input";
import { SUBSCRIPTION_READ_ONLY, type SubscriptionUpdate } from "./input";
import { changeInterval, type IntervalChange } from "./interval-change";
import { invoiceFromDraft } from "./invoice-from-draft";
import { ALREADY_CANCELED, loadSubscription, pauseColumns, resumeColumns, writeSubscription } from "./lifecycle";
import { historyFrom, pendingProrationStatements, periodHistory } from "./period-history";
import { linkOf } from "./renew";
import { type Lookups, resolveAddons, resolveCoupons, resolveTaxes, subscribablePlan } from "./resolve";

/**
 * `PATCH /subscriptions/{id}` with only the changed keys (Invoiced's `save`).
 *
 * A change of price (plan, quantity, add-ons) in a billed period: upgrades apply
 * now, with proration lines from the engine (credit of the unused part at the
 * price billed, charge of the new price for the same time) invoiced at once in the
 * same batch as the change; downgrades wait for the period end (tenant setting)
 * as `pending_change`, applied by the renewal. A net credit never becomes a
 * negative charge: its lines wait on the customer as pending line items and
 * lower the next invoice. `prorate: false` applies the change at the period end.
 */

const wholeSum = (s: Pick<Subscription, "plan" | "planName" | "planAmount" | "pricingMode" | "tiers" | "amount" | "quantity" | "addons">) =>
  [mainRecurring(s), ...addonRecurring(s)].reduce((t, r) => t + recurringAmount(r), 0);

export async function updateSubscription(ctx: CreateCtx, id: number, body: SubscriptionUpdate, raw: Record<string, unknown>): Promise<void> {
  refuseReadOnly(raw, SUBSCRIPTION_READ_ONLY);
  await applySubscriptionUpdate(ctx, await loadSubscription(ctx, id), body, raw);
}

/**
 * What an update will write, computed and not executed: the portal's preview shows
 * exactly this (same draft, same lines), and its confirm writes exactly this.
 * `draft` is the prorated invoice (or net credit) of a change applied now.
 */
export type UpdatePlan = {
  sub: Subscription;
  set: Partial<NewSubscription>;
  data: Record<string, unknown>;
  extra: BatchStatements;
  effective: "none" | "now" | "period_end";
  draft: InvoiceDraft | null;
  invoice: string | null;
  /** a change to another billing interval: written by changeInterval (its own rule), not by this plan */
  interval?: IntervalChange;
};

/** Writes a plan computed from `sub` (version-checked against that read: a stale plan is a 409). */
export async function applySubscriptionUpdate(ctx: CreateCtx, sub: Subscription, body: SubscriptionUpdate, raw: Record<string, unknown>) {
  const plan = await planSubscriptionUpdate(ctx, sub, body, raw);
  if (plan.interval) {
    await changeInterval(ctx, plan.interval);
    return plan;
  }
  await writeSubscription(ctx, sub, plan.set, "subscription.updated", plan.data, plan.extra);
  return plan;
}

/**
 * What a caller already read in its own batch (the portal's page reads them with
 * the subscription, so a preview costs no round trip of its own): the lookups the
 * body names and the lines of the current period.
 */
export type UpdateReads = { lookups: Lookups & { customer: Customer | undefined }; stored: StoredLines; pending: PendingProrationRows };

export async function planSubscriptionUpdate(
  ctx: CreateCtx,
  sub: Subscription,
  body: SubscriptionUpdate,
  raw: Record<string, unknown>,
  reads?: UpdateReads,
): Promise<UpdatePlan> {
  const fields = givenFields(raw);
  if (sub.canceledAt !== null) throw invalidRequest(`${ALREADY_CANCELED} A canceled subscription cannot be reactivated or changed`, fields[0]);
  if (body.customer !== undefined && body.customer !== sub.customerId)
    throw invalidRequest("customer cannot be changed; cancel and create a new subscription", "customer");

  const lookups =
    reads?.lookups ??
    (await subscriptionLookups(ctx.scope, {
      customer: sub.customerId,
      plans: [...(body.plan ? [body.plan] : []), ...(body.addons ?? []).flatMap((a) => (a.plan ? [a.plan] : []))],
      coupons: body.discounts ?? [],
      taxRates: body.taxes ?? [],
    }));
  const price: Partial<NewSubscription> = {};
  if (body.plan !== undefined && body.plan !== sub.plan) {
    const plan = subscribablePlan(lookups, body.plan);
    if (plan.currency !== sub.currency) throw invalidRequest(`Plan ${plan.id} is in ${plan.currency}, the subscription in ${sub.currency}`, "plan");
    // the portal (reads given) offers same-interval moves only: its preview prices a proration, not a new anchor
    if (reads && isIntervalChange(sub, plan)) throw invalidRequest("A plan on another billing interval cannot be switched to here; ask the merchant", "plan");
    Object.assign(price, { plan: plan.id, planName: plan.name, planAmount: plan.amount, pricingMode: plan.pricingMode, tiers: plan.tiers });
    if (isIntervalChange(sub, plan)) Object.assign(price, { interval: plan.interval, intervalCount: plan.intervalCount });
  }
  if (body.quantity !== undefined && body.quantity !== sub.quantity) price.quantity = body.quantity;
  if (body.amount !== undefined) price.amount = body.amount === null ? null : minorOf(body.amount, sub.currency, "amount");
  if (body.addons !== undefined) price.addons = await resolveAddons(ctx.scope, lookups, sub, body.addons);

  const set: Partial<NewSubscription> = {};
  if (body.discounts !== undefined) {
    const redeemed = new Map<string, number>();
    for (const c of body.discounts)
      if (!sub.discounts.some((d) => d.id === c) && lookups.coupons.get(c)?.maxRedemptions != null) redeemed.set(c, await couponRedemptions(ctx.scope, c));
    set.discounts = resolveCoupons(lookups, body.discounts, sub, ctx.now, redeemed, sub.discounts);
  }
  if (body.taxes !== undefined) set.taxes = resolveTaxes(lookups, body.taxes, sub.currency);
  if (body.cancel_at_period_end !== undefined) set.cancelAtPeriodEnd = body.cancel_at_period_end;
  if (body.metadata !== undefined) set.metadata = body.metadata;
  if (body.ship_to !== undefined) set.shipTo = body.ship_to;
  if (body.paused === true && !sub.paused) Object.assign(set, pauseColumns(sub));
  if (body.paused === false && sub.paused) Object.assign(set, resumeColumns(sub, ctx.tenant.timeZone, ctx.now));

  const previous = Object.fromEntries(fields.map((f) => [f, (sub as Record<string, unknown>)[camel(f)] ?? null]));
  const data = { fields, previous };
  const plan = { sub, extra: [], draft: null, invoice: null };
  if (Object.keys(price).length === 0) return { ...plan, set, data, effective: "none" };

  const after = { ...sub, ...price } as Subscription;
  if (isIntervalChange(sub, after))
    return { ...plan, set, data, effective: "now", interval: { sub, after, set, data, prorate: body.prorate ?? true, t: body.proration_date ?? ctx.now } };
  const billedNow =
    sub.billIn === "advance" && !sub.paused && sub.periodsBilled > 0 && sub.periodStart !== null && sub.periodEnd !== null && ctx.now < sub.periodEnd;
  const t = body.proration_date ?? ctx.now;
  if (billedNow && (t < sub.periodStart! || t >= sub.periodEnd!))
    throw invalidRequest("proration_date must fall within the current billing period", "proration_date");
  const kind = classifyChange(
    { amount: wholeSum(sub), interval: sub.interval, intervalCount: sub.intervalCount },
    { amount: wholeSum(after), interval: sub.interval, intervalCount: sub.intervalCount },
  );
  const timing = billedNow ? changeTiming(kind, ctx.tenant.subscriptionDowngrades === "now" ? "immediately" : "period_end", body.prorate ?? true) : "now";

  if (timing === "period_end") {
    const pendingChange = { ...(sub.pendingChange ?? {}), ...price } as NonNullable<Subscription["pendingChange"]>;
    return { ...plan, set: { ...set, pendingChange }, data: { ...data, effective: "period_end" }, effective: "period_end" };
  }
  if (!billedNow) return { ...plan, set: { ...set, ...price, pendingChange: null }, data, effective: "now" };

  // Now, prorated: credit what is in effect at its billed amount, charge the new price for the same time.
  const history = reads ? historyFrom(reads.stored, reads.pending, sub.periodEnd!) : await periodHistory(ctx.scope, sub, sub.periodEnd!);
  const period = { start: sub.periodStart!, end: sub.periodEnd! };
  const { lines } = changeLines({ subscriptionId: sub.id, period, t, inEffect: history.inEffect, next: [mainRecurring(after), ...addonRecurring(after)] });
  const draft = priceSubscriptionPeriod({ ...priceBase({ ...after, ...set } as Subscription), period: null, prorations: lines, pendingItems: [] });
  const customer = lookups.customer ?? (await findCustomer(ctx.scope, sub.customerId))!;
  const change = { ...set, ...price, pendingChange: null };
  if (draft.total <= 0) {
    const credits = pendingProrationStatements(ctx.scope, sub, lines, history, ctx.now);
    return { ...plan, set: change, data: { ...data, effective: "now", credit: -draft.total }, extra: credits, effective: "now", draft };
  }
  const invoice = invoiceFromDraft(ctx.scope, draft, { customer, now: ctx.now, who: ctx.who, subscriptionId: sub.id, link: linkOf(ctx) });
  const invoiceData = { ...data, effective: "now", invoice: invoice.publicId };
  return { sub, set: change, data: invoiceData, extra: invoice.statements, effective: "now", draft, invoice: invoice.publicId };
}

const camel = (f: string) => f.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
