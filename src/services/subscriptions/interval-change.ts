import { findCustomer } from "../../db/queries/customers";
import { insertRenewalStmt, type NewSubscription, type Subscription } from "../../db/queries/subscriptions";
import { invalidRequest } from "../../lib/api-error";
import type { CreateCtx } from "./create";
import { intervalChange, priceSubscriptionPeriod } from "./engine";
import { afterInvoice, dueAt, periodOf, priceBase } from "./engine-input";
import { invoiceFromDraft, invoiceIdOf } from "./invoice-from-draft";
import { writeSubscription } from "./lifecycle";
import { pendingProrationStatements, periodHistory } from "./period-history";
import { linkOf } from "./renew";

/**
 * A plan change to another billing interval (monthly -> yearly), by the shared
 * doc's rule: the current period ends now with a credit for its unused part (at
 * the price billed), a new anchor at that instant starts the new plan's schedule,
 * and its first period is invoiced at once, in the same batch as the change, with
 * a ledger row for the new period like any renewal. A credit larger than the new
 * period's price is not a negative invoice: the invoice bills the new period in
 * full and the credit lines wait on the customer as pending items.
 *
 * A subscription not billed yet (future start) simply takes the new plan; one
 * billed in arrears or paused has no billed period to end and is refused.
 */

export type IntervalChange = {
  sub: Subscription;
  /** the subscription with the new plan's columns (interval included) */
  after: Subscription;
  set: Partial<NewSubscription>;
  data: Record<string, unknown>;
  prorate: boolean;
  t: number;
};

export async function changeInterval(ctx: CreateCtx, c: IntervalChange): Promise<void> {
  const { sub, after } = c;
  const priceCols = { plan: after.plan, planName: after.planName, planAmount: after.planAmount, pricingMode: after.pricingMode, tiers: after.tiers };
  const cols = { ...c.set, ...priceCols, interval: after.interval, intervalCount: after.intervalCount, quantity: after.quantity, addons: after.addons };
  if (sub.periodsBilled === 0 || sub.periodStart === null || sub.periodEnd === null)
    return writeSubscription(ctx, sub, { ...cols, snapToNthDay: null, pendingChange: null }, "subscription.updated", c.data);
  if (sub.billIn !== "advance" || sub.paused)
    throw invalidRequest("A plan on another billing interval can only replace an active plan billed in advance; cancel and create a new subscription", "plan");
  if (after.addons.length > 0)
    throw invalidRequest("Add-ons bill on the main plan's interval: remove them (addons: []) to change to a plan on another interval", "addons");
  if (c.t < sub.periodStart || c.t >= sub.periodEnd) throw invalidRequest("proration_date must fall within the current billing period", "proration_date");

  const history = await periodHistory(ctx.scope, sub, sub.periodEnd);
  const old = { start: sub.periodStart, end: sub.periodEnd };
  const { credits, newAnchor } = c.prorate
    ? intervalChange({ subscriptionId: sub.id, period: old, t: c.t, inEffect: history.inEffect })
    : { credits: [], newAnchor: c.t };
  const schedule = { anchor: newAnchor, interval: after.interval, intervalCount: after.intervalCount, snapToNthDay: null };
  const tz = ctx.tenant.timeZone;
  const period = periodOf(schedule, tz, 0);
  const priced = { ...after, ...c.set } as Subscription;
  const withCredits = priceSubscriptionPeriod({ ...priceBase(priced), period, prorations: credits, pendingItems: [] });
  const creditsWait = withCredits.total < 0;
  const draft = creditsWait ? priceSubscriptionPeriod({ ...priceBase(priced), period, prorations: [], pendingItems: [] }) : withCredits;

  const customer = (await findCustomer(ctx.scope, sub.customerId))!;
  const invoice = invoiceFromDraft(ctx.scope, draft, { customer, now: ctx.now, who: ctx.who, subscriptionId: sub.id, link: linkOf(ctx) });
  const next: Partial<NewSubscription> = {
    ...cols,
    anchor: newAnchor,
    snapToNthDay: null,
    pendingChange: null,
    discounts: afterInvoice(priced.discounts, draft),
    periodsBilled: 1,
    termStartIndex: 0,
    periodStart: period.start,
    periodEnd: period.end,
    renewsNext: dueAt({ ...schedule, billIn: sub.billIn, billInAdvanceDays: sub.billInAdvanceDays }, tz, 1),
  };
  await writeSubscription(ctx, sub, next, "subscription.updated", { ...c.data, effective: "now", invoice: invoice.publicId }, [
    ...invoice.statements,
    // the new period's ledger row, as a renewal writes it; a change at the old period's very
    // start shares that period's start (and row): the version guard alone keeps it once then
    ...(period.start === old.start
      ? []
      : [
          insertRenewalStmt(ctx.scope, {
            subscriptionId: sub.id,
            periodStart: period.start,
            periodEnd: period.end,
            invoiceId: invoiceIdOf(ctx.scope, invoice.publicId),
            createdAt: ctx.now,
          }),
        ]),
    ...(creditsWait ? pendingProrationStatements(ctx.scope, sub, credits, history, ctx.now) : []),
  ]);
}
