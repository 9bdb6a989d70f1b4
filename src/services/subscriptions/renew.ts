import type { BatchStatements } from "../../db/batch";
import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { type Actor, eventStatement } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import { pendingItemsOf, sweepPendingItemsStmt } from "../../db/queries/pending-line-items";
import {
  assertRowsChanged,
  findSubscription,
  insertRenewalStmt,
  type NewSubscription,
  type Subscription,
  updateSubscriptionStmt,
} from "../../db/queries/subscriptions";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { priceSubscriptionPeriod, renewalDecision } from "./engine";
import { afterInvoice, dueAt, periodOf, priceBase, statusOf } from "./engine-input";
import { invoiceFromDraft, invoiceIdOf, isAlreadyBilled } from "./invoice-from-draft";
import { subscriptionEventData } from "./wire";

/**
 * Renewal of one subscription: each due period is ONE atomic D1 batch holding
 * the invoice and its lines (priced by the engine's one function), the ledger row
 * unique on (subscription, period_start), the sweep of the customer's pending
 * line items, the version-checked advance of the subscription and the events.
 *
 * Safe to run twice and at once (Cloudflare may fire a cron twice, a queue
 * message may be redelivered): a second batch for the same period fails on the
 * ledger row and is rolled back whole, which counts as done; a batch computed
 * from a row that changed meanwhile (a plan change) fails its version guard and
 * is recomputed from the new row. Periods missed during downtime are billed in
 * order, at most CATCH_UP_CAP per call (the next run continues).
 */

const CATCH_UP_CAP = 12;

/** `origin`: the tenant's portal origin, for the URLs in the API objects events carry (the cron has no request). */
export type RenewCtx = { scope: TenantScope; tenant: Tenant; now: number; who: Actor; origin: string };

/** "caught_up": billed, and the next period is not due yet (no need to read the subscription again). */
type Outcome = "billed" | "caught_up" | "ended" | "duplicate" | "conflict";

async function commit(scope: TenantScope, statements: BatchStatements): Promise<Outcome | null> {
  try {
    await scope.batch(statements);
    return null;
  } catch (err) {
    if (isAlreadyBilled(err)) return "duplicate";
    if (isGuardFailure(err)) return "conflict";
    throw err;
  }
}

/** The tenant's portal origin for the API objects events carry. */
export const linkOf = (ctx: RenewCtx) => ({ origin: ctx.origin });

/** The event of a guarded update of `sub` by `set`: the subscription as the API shows it after, and `previous`. */
const subEvent = (ctx: RenewCtx, sub: Subscription, set: Partial<NewSubscription>, type: string, extra: Record<string, unknown>) => {
  const after = { ...sub, ...set, version: sub.version + 1 } as Subscription;
  const data = subscriptionEventData(sub, after, ctx.origin, extra);
  return eventStatement(ctx.scope, { type, customerId: sub.customerId, objectType: "subscription", objectId: sub.id, data }, ctx.who, ctx.now);
};

/** Ends a subscription without billing (cancel at period end, contract finished or waiting for renewal). */
async function end(ctx: RenewCtx, sub: Subscription, set: Partial<NewSubscription>, type: string): Promise<Outcome> {
  const next = { ...sub, ...set };
  const status = statusOf(next, ctx.now);
  const change = { ...set, status, renewsNext: null, updatedAt: ctx.now };
  const write = updateSubscriptionStmt(ctx.scope, sub, change);
  return (await commit(ctx.scope, [write, assertOneRowChanged(ctx.scope), subEvent(ctx, sub, change, type, {})])) ?? "ended";
}

async function renewOnce(ctx: RenewCtx, sub: Subscription): Promise<Outcome> {
  const tz = ctx.tenant.timeZone;
  const k = sub.periodsBilled;
  if (sub.billIn === "advance" && sub.cancelAtPeriodEnd && k > 0) {
    return end(ctx, sub, { canceledAt: sub.periodEnd ?? ctx.now }, "subscription.deleted");
  }
  const decision = renewalDecision(
    { cycles: sub.cycles, renewalMode: sub.contractRenewalMode, renewalCycles: sub.contractRenewalCycles, termStartIndex: sub.termStartIndex },
    k,
  );
  if (decision.action === "finish") return end(ctx, sub, { status: "finished" }, "subscription.updated");
  if (decision.action === "pending_renewal") return end(ctx, sub, { status: "pending_renewal" }, "subscription.updated");

  const customer = await findCustomer(ctx.scope, sub.customerId);
  if (!customer) throw new Error(`subscription ${sub.id}: customer ${sub.customerId} is missing`);
  // a downgrade scheduled for the period end takes effect with this period
  const priced: Subscription = { ...sub, ...(sub.pendingChange ?? {}) };
  const period = periodOf(sub, tz, k);
  const pending = await pendingItemsOf(ctx.scope, customer.id, sub.currency);
  const draft = priceSubscriptionPeriod({ ...priceBase(priced), period, prorations: [], pendingItems: pending });

  const arrearsCancel = sub.billIn === "arrears" && sub.cancelAtPeriodEnd;
  const set: Partial<NewSubscription> = {
    plan: priced.plan,
    planName: priced.planName,
    planAmount: priced.planAmount,
    pricingMode: priced.pricingMode,
    tiers: priced.tiers,
    quantity: priced.quantity,
    addons: priced.addons,
    pendingChange: null,
    discounts: afterInvoice(priced.discounts, draft),
    periodsBilled: k + 1,
    contractRenewalMode: decision.contract.renewalMode,
    termStartIndex: decision.contract.termStartIndex,
    ...(sub.billIn === "advance"
      ? { periodStart: period.start, periodEnd: period.end }
      : (({ start, end: e }) => ({ periodStart: start, periodEnd: e }))(periodOf(sub, tz, k + 1))),
    renewsNext: arrearsCancel ? null : dueAt(sub, tz, k + 1),
    ...(arrearsCancel ? { canceledAt: period.end } : {}),
    updatedAt: ctx.now,
  };
  set.status = statusOf({ ...sub, ...set } as Subscription, ctx.now);

  const invoice = invoiceFromDraft(ctx.scope, draft, { customer, now: ctx.now, who: ctx.who, subscriptionId: sub.id, link: linkOf(ctx) });
  const invoiceId = invoiceIdOf(ctx.scope, invoice.publicId);
  const outcome: Outcome | null = await commit(ctx.scope, [
    ...invoice.statements,
    insertRenewalStmt(ctx.scope, { subscriptionId: sub.id, periodStart: period.start, periodEnd: period.end, invoiceId, createdAt: ctx.now }),
    ...(pending.length
      ? [
          sweepPendingItemsStmt(
            ctx.scope,
            pending.map((p) => p.id),
            invoiceId,
          ),
          assertRowsChanged(ctx.scope, pending.length),
        ]
      : []),
    updateSubscriptionStmt(ctx.scope, sub, set),
    assertOneRowChanged(ctx.scope),
    subEvent(ctx, sub, set, "subscription.renewed", { invoice: invoice.publicId, period_start: period.start, period_end: period.end, total: draft.total }),
  ]);
  if (outcome) return outcome;
  return set.renewsNext === null || (set.renewsNext ?? 0) > ctx.now ? "caught_up" : "billed";
}

/** Bills every due period of one subscription, in order; returns how many invoices this call created. */
export async function renewSubscription(ctx: RenewCtx, id: number): Promise<number> {
  let billed = 0;
  // each pass either bills a period, ends the subscription, or re-reads after a concurrent write
  for (let pass = 0; pass < CATCH_UP_CAP * 2 && billed < CATCH_UP_CAP; pass++) {
    const sub = await findSubscription(ctx.scope, id);
    if (!sub || sub.renewsNext === null || sub.renewsNext > ctx.now || sub.canceledAt !== null || sub.paused) break;
    const outcome = await renewOnce(ctx, sub);
    if (outcome === "billed" || outcome === "caught_up") billed++;
    if (outcome === "ended" || outcome === "caught_up") break;
  }
  return billed;
}
