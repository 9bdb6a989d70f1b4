import type { Coupon, Plan } from "../../db/queries/catalog";
import type { PendingProrationRows } from "../../db/queries/pending-line-items";
import type { NewSubscription, StoredLines, Subscription } from "../../db/queries/subscriptions";
import type { Customer } from "../../db/queries/types";
import { ApiError, conflict, invalidRequest } from "../../lib/api-error";
import type { CreateCtx } from "../subscriptions/create";
import { recurringTotalOf } from "../subscriptions/engine-input";
import { cancelSubscription, pauseSubscription, resumeSubscription, writeSubscription } from "../subscriptions/lifecycle";
import { applySubscriptionUpdate, planSubscriptionUpdate, type UpdatePlan } from "../subscriptions/update";
import { type Actions, allowedActions, changePlans, type PortalTenant, quantityBounds, retentionOffer } from "./rules";

/**
 * The customer's own subscription actions (issue 15), through the SAME engine
 * functions as the API's PATCH, DELETE, pause and resume: a portal change is
 * priced and written exactly as a merchant's would be.
 *
 * Every action re-checks on the server: the merchant's setting (off: 404, as if
 * the action did not exist), the subscription's state (409) and the version the
 * customer's page was drawn from (409 if anything changed since: a renewal, the
 * other tab, the second click of a double click). The write itself is
 * version-checked (`WHERE version = ?`), so of 20 concurrent confirms one
 * changes the subscription and the rest change nothing.
 */

export type PortalCtx = CreateCtx & { tenant: CreateCtx["tenant"] & PortalTenant };

/** How old a preview may be when it is confirmed: its figures are priced at the instant it was shown. */
const PREVIEW_TTL_SECONDS = 30 * 60;

const SETTING: Record<keyof Actions, (t: PortalTenant) => boolean> = {
  change: (t) => t.allowSubscriptionChanges,
  withdraw: (t) => t.allowSubscriptionChanges,
  cancel: (t) => t.allowBillingPortalCancellations,
  cancelNow: (t) => t.allowBillingPortalCancellations && t.allowImmediateCancellation,
  undoCancel: (t) => t.allowBillingPortalCancellations,
  pause: (t) => t.allowSubscriptionPause,
  resume: (t) => t.allowSubscriptionPause,
};

const STATE_REFUSAL: Record<keyof Actions, string> = {
  change: "This subscription cannot be changed now (it has ended, is paused or is set to cancel).",
  withdraw: "There is no scheduled change to withdraw.",
  cancel: "This subscription has already been canceled or is already set to cancel.",
  cancelNow: "This subscription has already been canceled.",
  undoCancel: "This subscription is not set to cancel.",
  pause: "This subscription cannot be paused (it has ended or is already paused).",
  resume: "This subscription is not paused.",
};

/** The setting off: 404 (no such action); the state wrong: 409. */
function allow(ctx: PortalCtx, sub: Subscription, action: keyof Actions) {
  if (!SETTING[action](ctx.tenant)) throw new ApiError(404, "invalid_request_error", "No such action");
  if (!allowedActions(ctx.tenant, sub)[action]) throw conflict(STATE_REFUSAL[action]);
}

function sameVersion(sub: Subscription, version: number) {
  if (sub.version !== version) {
    throw conflict("This subscription changed since this page was shown (a renewal or another change). Here it is as it is now.");
  }
}

const portalEvent = (data: Record<string, unknown>) => ({ ...data, via: "portal" });

/** `version` null: a preview (a GET: priced from the subscription as it is now); the confirm carries the previewed one. */
export type ChangeRequest = { plan: string; quantity: number; version: number | null; prorationDate: number | null };

export type ChangePreview = {
  plan: UpdatePlan;
  /** what the next renewal invoice will total, including tax */
  recurringTotal: number;
  renewsAt: number | null;
  /** the instant the proration is priced at; the confirm form carries it so the invoice equals the preview */
  prorationDate: number;
};

/** What the page's own batch read, so the preview needs no read of its own. */
export type ChangeReads = { plans: Plan[]; customer: Customer; stored: StoredLines; pending: PendingProrationRows };

/** The engine's plan of a change, not written: what the preview shows and the confirm writes. */
export async function previewChange(ctx: PortalCtx, sub: Subscription, reads: ChangeReads, req: ChangeRequest): Promise<ChangePreview> {
  const plans = reads.plans;
  allow(ctx, sub, "change");
  if (req.version !== null) sameVersion(sub, req.version);
  if (req.plan !== sub.plan && !changePlans(ctx.tenant, sub, plans).some((p) => p.id === req.plan)) {
    throw invalidRequest("That plan is not offered for this subscription.", "plan");
  }
  const { min, max } = quantityBounds(ctx.tenant);
  if (req.quantity < min || req.quantity > max) throw invalidRequest(`Quantity must be from ${min} to ${max}.`, "quantity");
  if (req.plan === sub.plan && req.quantity === sub.quantity) throw invalidRequest("Choose a different plan or quantity.", "plan");
  const t = req.prorationDate ?? ctx.now;
  if (t > ctx.now || t < ctx.now - PREVIEW_TTL_SECONDS) throw conflict("This preview has expired. Preview the change again.");

  const raw: Record<string, unknown> = {};
  if (req.plan !== sub.plan) raw.plan = req.plan;
  if (req.quantity !== sub.quantity) raw.quantity = req.quantity;
  const lookups = { customer: reads.customer, plans: new Map(plans.map((p) => [p.id, p])), coupons: new Map(), taxRates: new Map() };
  const plan = await planSubscriptionUpdate(ctx, sub, { ...raw, proration_date: t }, raw, { lookups, stored: reads.stored, pending: reads.pending });
  // a change now sets the price; one scheduled for the period end prices the next renewal
  const next = { ...sub, ...plan.set, ...(plan.set.pendingChange ?? {}) } as Subscription;
  return { plan, recurringTotal: recurringTotalOf(next), renewsAt: sub.renewsNext, prorationDate: t };
}

/** Writes the plan previewChange computed (version-checked against the read it was computed from). */
export async function confirmChange(ctx: PortalCtx, preview: ChangePreview): Promise<void> {
  const p = preview.plan;
  await writeSubscription(ctx, p.sub, p.set, "subscription.updated", portalEvent(p.data), p.extra);
}

export async function withdrawChange(ctx: PortalCtx, sub: Subscription, version: number): Promise<void> {
  allow(ctx, sub, "withdraw");
  sameVersion(sub, version);
  const previous = { pending_change: sub.pendingChange };
  await writeSubscription(ctx, sub, { pendingChange: null }, "subscription.updated", portalEvent({ fields: ["pending_change"], previous }));
}

export type CancelRequest = { when: "period_end" | "now"; reason: string | null; version: number };

/**
 * At the period end by default (Undo until then); now only when the merchant
 * allows it. A subscription that was never billed (a trial, a future start) has
 * no period to run out: "at the period end" ends it now, before its first bill.
 */
export async function cancelFromPortal(ctx: PortalCtx, sub: Subscription, req: CancelRequest): Promise<"now" | "period_end"> {
  allow(ctx, sub, req.when === "now" ? "cancelNow" : "cancel");
  sameVersion(sub, req.version);
  if (req.when === "now" || sub.periodsBilled === 0) {
    await cancelSubscription(ctx, sub.id, req.reason);
    return "now";
  }
  const set: Partial<NewSubscription> = { cancelAtPeriodEnd: true, canceledReason: req.reason };
  const previous = { cancel_at_period_end: false, canceled_reason: sub.canceledReason };
  await writeSubscription(
    ctx,
    sub,
    set,
    "subscription.updated",
    portalEvent({ fields: ["cancel_at_period_end", "canceled_reason"], previous, canceled_reason: req.reason }),
  );
  return "period_end";
}

export async function undoCancel(ctx: PortalCtx, sub: Subscription, version: number): Promise<void> {
  allow(ctx, sub, "undoCancel");
  sameVersion(sub, version);
  const previous = { cancel_at_period_end: true, canceled_reason: sub.canceledReason };
  await writeSubscription(
    ctx,
    sub,
    { cancelAtPeriodEnd: false, canceledReason: null },
    "subscription.updated",
    portalEvent({ fields: ["cancel_at_period_end", "canceled_reason"], previous }),
  );
}

/** The retention offer, accepted: the merchant's coupon joins the subscription's (the engine's coupon rules apply). */
export async function acceptRetention(ctx: PortalCtx, sub: Subscription, coupon: Coupon | null, version: number): Promise<void> {
  allow(ctx, sub, "cancel");
  sameVersion(sub, version);
  const offer = retentionOffer(ctx.tenant, sub, coupon, ctx.now);
  if (!offer) throw conflict("This offer is no longer available.");
  const raw = { discounts: [...sub.discounts.map((d) => d.id), offer.id] };
  await applySubscriptionUpdate(ctx, sub, raw, raw);
}

export async function pauseFromPortal(ctx: PortalCtx, sub: Subscription, version: number): Promise<void> {
  allow(ctx, sub, "pause");
  sameVersion(sub, version);
  await pauseSubscription(ctx, sub.id);
}

export async function resumeFromPortal(ctx: PortalCtx, sub: Subscription, version: number): Promise<void> {
  allow(ctx, sub, "resume");
  sameVersion(sub, version);
  await resumeSubscription(ctx, sub.id);
}
