import { lastInsertedId } from "../../db/batch";
import { asInserted, objectDataWith } from "../../db/event-objects";
import { eventStatement } from "../../db/events";
import { couponRedemptions, insertSubscriptionStmt, type NewSubscription, type Subscription, subscriptionLookups } from "../../db/queries/subscriptions";
import type { Customer } from "../../db/queries/types";
import { subscriptions } from "../../db/schema";
import { minorOf } from "../../lib/api/decimal";
import { invalidRequest } from "../../lib/api-error";
import { publicId } from "../../lib/random";
import { refuseReadOnly } from "../api/wire";
import { periodAt, scheduleError } from "./engine";
import { dueAt, periodOf, scheduleOf, statusOf } from "./engine-input";
import { MAX_BACKDATE_SECONDS, SUBSCRIPTION_READ_ONLY, type SubscriptionCreate } from "./input";
import { type RenewCtx, renewSubscription } from "./renew";
import { resolveAddons, resolveCoupons, resolveTaxes, subscribablePlan } from "./resolve";
import { subscriptionToWire } from "./wire";

/**
 * `POST /subscriptions` (and the same rules for `POST /subscriptions/preview`).
 * The subscription row is written in one batch with `subscription.created`; its
 * first invoice is then made by the renewal itself (the same code path, ledger and
 * pricing as every later period), so a crash between the two leaves a due
 * subscription that the next run bills, never a second invoice.
 */

export type CreateCtx = RenewCtx;

/** The columns of a new subscription, every create rule checked (400 with `param`). */
export async function newSubscriptionColumns(
  ctx: CreateCtx,
  body: SubscriptionCreate,
  raw: Record<string, unknown>,
  /** a customer not written yet (a sign-up page prices before anything is stored) */
  newCustomer?: Customer,
): Promise<{ row: NewSubscription; customer: Customer }> {
  refuseReadOnly(raw, SUBSCRIPTION_READ_ONLY);
  const lookups = await subscriptionLookups(ctx.scope, {
    customer: body.customer,
    plans: [body.plan, ...(body.addons ?? []).flatMap((a) => (a.plan ? [a.plan] : []))],
    coupons: body.discounts ?? [],
    taxRates: body.taxes ?? [],
  });
  const customer = newCustomer ?? lookups.customer;
  if (!customer) throw invalidRequest(`No such customer: ${body.customer}`, "customer");
  const plan = subscribablePlan(lookups, body.plan);
  const startDate = body.start_date ?? ctx.now;
  if (startDate < ctx.now - MAX_BACKDATE_SECONDS) throw invalidRequest("start_date may not be more than 5 years in the past", "start_date");
  const snap = body.snap_to_nth_day ?? null;
  if (snap !== null && plan.interval !== "month") throw invalidRequest("snap_to_nth_day is only for monthly plans", "snap_to_nth_day");
  if (snap !== null && plan.intervalCount > 1) throw invalidRequest("snap_to_nth_day cannot be used with an interval_count above 1", "snap_to_nth_day");
  if (body.contract_renewal_mode && body.contract_renewal_mode !== "none" && !body.cycles) {
    throw invalidRequest("contract_renewal_mode needs cycles (the contract term)", "contract_renewal_mode");
  }

  const main = { currency: plan.currency, interval: plan.interval, intervalCount: plan.intervalCount };
  const addons = await resolveAddons(ctx.scope, lookups, main, body.addons ?? []);
  const redeemed = new Map<string, number>();
  for (const id of body.discounts ?? []) {
    if (lookups.coupons.get(id)?.maxRedemptions != null) redeemed.set(id, await couponRedemptions(ctx.scope, id));
  }
  const discounts = resolveCoupons(lookups, body.discounts ?? [], main, ctx.now, redeemed);
  const taxes = resolveTaxes(lookups, body.taxes ?? [], plan.currency);
  const amount = body.amount === undefined || body.amount === null ? null : minorOf(body.amount, plan.currency, "amount");
  if (amount !== null && amount < 0) throw invalidRequest("amount must not be negative", "amount");

  const timeZone = ctx.tenant.timeZone;
  const base = {
    anchor: startDate,
    interval: plan.interval,
    intervalCount: plan.intervalCount,
    snapToNthDay: snap,
    billIn: body.bill_in ?? ("advance" as const),
    billInAdvanceDays: body.bill_in_advance_days ?? 0,
  };
  const bad = scheduleError(scheduleOf(base, timeZone));
  if (bad) throw invalidRequest(bad.message, bad.param === "anchor" ? "start_date" : bad.param);

  // Backdated: bill from the period containing now (earlier periods are not invoiced).
  const k = startDate > ctx.now ? 0 : periodAt(scheduleOf(base, timeZone), ctx.now).index;
  const shown = periodOf(base, timeZone, k);
  const row: NewSubscription = {
    // set here, not left to the column's default, so the created event's url carries it (S32)
    publicId: publicId(),
    customerId: customer.id,
    plan: plan.id,
    planName: plan.name,
    currency: plan.currency,
    planAmount: plan.amount,
    pricingMode: plan.pricingMode,
    tiers: plan.pricingMode === "per_unit" ? null : plan.tiers,
    quantity: body.quantity ?? 1,
    amount,
    addons,
    discounts,
    taxes,
    startDate,
    ...base,
    cycles: body.cycles ?? null,
    contractRenewalMode: body.contract_renewal_mode ?? "none",
    contractRenewalCycles: body.contract_renewal_cycles ?? null,
    periodsBilled: k,
    periodStart: shown.start,
    periodEnd: shown.end,
    renewsNext: dueAt(base, timeZone, k),
    cancelAtPeriodEnd: body.cancel_at_period_end ?? false,
    paused: body.paused ?? false,
    metadata: body.metadata ?? {},
    shipTo: body.ship_to ?? null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  row.status = statusOf({ canceledAt: null, status: "active", paused: row.paused ?? false, startDate, pastDue: false }, ctx.now);
  return { row, customer };
}

export async function createSubscription(ctx: CreateCtx, body: SubscriptionCreate, raw: Record<string, unknown>): Promise<number> {
  const { row, customer } = await newSubscriptionColumns(ctx, body, raw);
  const [inserted] = (await ctx.scope.batch([
    insertSubscriptionStmt(ctx.scope, row),
    eventStatement(
      ctx.scope,
      {
        type: "subscription.created",
        customerId: customer.id,
        objectType: "subscription",
        objectId: lastInsertedId(ctx.scope, subscriptions),
        // the subscription as the API shows it once inserted (before its first invoice); the id comes from the insert,
        // the url (public id, S32) from the row
        data: objectDataWith(subscriptionToWire(asInserted(subscriptions, { ...row, id: 0 }), { origin: ctx.origin }), {
          id: lastInsertedId(ctx.scope, subscriptions),
        }),
      },
      ctx.who,
      ctx.now,
    ),
  ])) as [Subscription[], unknown];
  const sub = inserted[0]!;
  // the first invoice, now if due (in advance: at the start; the run bills anything left)
  await renewSubscription(ctx, sub.id);
  return sub.id;
}
