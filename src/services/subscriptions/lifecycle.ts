import type { BatchStatements } from "../../db/batch";
import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { eventStatement } from "../../db/events";
import { findSubscription, type NewSubscription, type Subscription, updateSubscriptionStmt } from "../../db/queries/subscriptions";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import type { CreateCtx } from "./create";
import { changeLines, periodAt } from "./engine";
import { dueAt, scheduleOf, statusOf } from "./engine-input";
import { pendingProrationStatements, periodHistory } from "./period-history";
import { subscriptionEventData } from "./wire";

/**
 * Cancel, pause and resume: one version-checked write and its event in one batch.
 * A write computed from a stale read (a renewal or another change landed) is a
 * 409 to retry, never a lost update.
 */

export const ALREADY_CANCELED = "This subscription has already been canceled.";

export async function loadSubscription(ctx: CreateCtx, id: number): Promise<Subscription> {
  const sub = await findSubscription(ctx.scope, id);
  if (!sub) throw notFound("subscription");
  return sub;
}

/** The write plus its event; `set` gets status, version and updated_at here. */
export async function writeSubscription(
  ctx: CreateCtx,
  sub: Subscription,
  set: Partial<NewSubscription>,
  type: string,
  data: Record<string, unknown>,
  extra: BatchStatements = [],
): Promise<void> {
  const next = { ...sub, ...set };
  const status = statusOf(next, ctx.now);
  // the row as the guarded update leaves it: the event carries it as the API shows it
  const after: Subscription = { ...next, status, updatedAt: ctx.now, version: sub.version + 1 };
  const eventData = subscriptionEventData(sub, after, ctx.origin, data);
  try {
    await ctx.scope.batch([
      updateSubscriptionStmt(ctx.scope, sub, { ...set, status, updatedAt: ctx.now }),
      assertOneRowChanged(ctx.scope),
      ...extra,
      eventStatement(ctx.scope, { type, customerId: sub.customerId, objectType: "subscription", objectId: sub.id, data: eventData }, ctx.who, ctx.now),
    ]);
  } catch (err) {
    if (isGuardFailure(err)) throw conflict("This subscription changed while it was being updated (a renewal or another change); retrieve it and try again");
    throw err;
  }
}

/**
 * `DELETE /subscriptions/{id}`: cancel now. A second cancel is refused as Invoiced
 * refuses it. Invoiced does not prorate a cancel (the default here too); with
 * `prorate: true` the unused time of what the current period billed (at the price
 * billed) waits on the customer as pending credit lines, in the cancel's batch.
 */
export async function cancelSubscription(ctx: CreateCtx, id: number, reason: string | null, prorate = false): Promise<void> {
  const sub = await loadSubscription(ctx, id);
  if (sub.canceledAt !== null) throw invalidRequest(ALREADY_CANCELED);
  let credit = 0;
  let credits: BatchStatements = [];
  const billedNow = sub.billIn === "advance" && !sub.paused && sub.periodsBilled > 0 && sub.periodStart !== null && sub.periodEnd !== null;
  if (prorate && billedNow && ctx.now >= sub.periodStart! && ctx.now < sub.periodEnd!) {
    const history = await periodHistory(ctx.scope, sub, sub.periodEnd!);
    const period = { start: sub.periodStart!, end: sub.periodEnd! };
    const { lines } = changeLines({ subscriptionId: sub.id, period, t: ctx.now, inEffect: history.inEffect, next: [] });
    credit = -lines.reduce((s, l) => s + l.amount, 0);
    credits = pendingProrationStatements(ctx.scope, sub, lines, history, ctx.now);
  }
  await writeSubscription(
    ctx,
    sub,
    { canceledAt: ctx.now, canceledReason: reason, renewsNext: null },
    "subscription.deleted",
    { canceled_reason: reason, previous: { status: sub.status }, ...(prorate ? { credit } : {}) },
    credits,
  );
}

/** The columns of a pause (nothing is billed while paused: the due index leaves it out). */
export function pauseColumns(sub: Subscription): Partial<NewSubscription> {
  if (sub.canceledAt !== null) throw invalidRequest("A canceled subscription cannot be paused", "paused");
  return { paused: true };
}

/**
 * The columns of a resume: periods that began while paused are not billed; the
 * next one billed is the first to start after now (ours: the rest of the current
 * period is free), unless billing had not reached it yet.
 */
export function resumeColumns(sub: Subscription, timeZone: string, now: number): Partial<NewSubscription> {
  if (sub.canceledAt !== null) throw invalidRequest("A canceled subscription cannot be reactivated", "paused");
  if (sub.renewsNext === null) return { paused: false };
  const current = now < sub.anchor ? -1 : periodAt(scheduleOf(sub, timeZone), now).index;
  const k = Math.max(sub.periodsBilled, current + 1);
  return { paused: false, periodsBilled: k, renewsNext: dueAt(sub, timeZone, k) };
}

/** Pause and resume are safe to retry: pausing a paused subscription changes nothing (no event). */
export async function pauseSubscription(ctx: CreateCtx, id: number): Promise<void> {
  const sub = await loadSubscription(ctx, id);
  if (sub.paused && sub.canceledAt === null) return;
  await writeSubscription(ctx, sub, pauseColumns(sub), "subscription.paused", { previous: { status: sub.status } });
}

export async function resumeSubscription(ctx: CreateCtx, id: number): Promise<void> {
  const sub = await loadSubscription(ctx, id);
  if (!sub.paused && sub.canceledAt === null) return;
  await writeSubscription(ctx, sub, resumeColumns(sub, ctx.tenant.timeZone, ctx.now), "subscription.resumed", { previous: { status: sub.status } });
}
