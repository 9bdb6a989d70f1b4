import type { Coupon, Plan } from "../../db/queries/catalog";
import type { Subscription } from "../../db/queries/subscriptions";
import type { Tenant } from "../../db/queries/types";

/**
 * What a customer may do with one subscription in the portal, from the merchant's
 * settings and the subscription's state. The pages show a button only when its
 * rule says yes, and every POST asks the same rule again on the server (a hidden
 * button whose POST still works is one of the peers' bugs we test for).
 */

export type PortalTenant = Pick<
  Tenant,
  | "allowSubscriptionChanges"
  | "allowBillingPortalCancellations"
  | "allowImmediateCancellation"
  | "allowSubscriptionPause"
  | "subscriptionChangePlans"
  | "subscriptionMinQuantity"
  | "subscriptionMaxQuantity"
  | "cancellationRetentionCoupon"
>;

/** The largest quantity the API takes; the merchant may only narrow it. */
const API_MAX_QUANTITY = 1_000_000;

const live = (s: Subscription) => s.canceledAt === null && s.status !== "finished";

export type Actions = {
  change: boolean;
  withdraw: boolean;
  cancel: boolean;
  cancelNow: boolean;
  undoCancel: boolean;
  pause: boolean;
  resume: boolean;
};

export function allowedActions(t: PortalTenant, s: Subscription): Actions {
  const open = live(s);
  const cancelable = t.allowBillingPortalCancellations && open;
  return {
    change: t.allowSubscriptionChanges && open && !s.paused && !s.cancelAtPeriodEnd,
    withdraw: t.allowSubscriptionChanges && open && s.pendingChange !== null,
    cancel: cancelable && !s.cancelAtPeriodEnd,
    cancelNow: cancelable && t.allowImmediateCancellation,
    undoCancel: cancelable && s.cancelAtPeriodEnd,
    pause: t.allowSubscriptionPause && open && !s.paused,
    resume: t.allowSubscriptionPause && open && s.paused,
  };
}

export function quantityBounds(t: PortalTenant): { min: number; max: number } {
  return { min: t.subscriptionMinQuantity, max: t.subscriptionMaxQuantity ?? API_MAX_QUANTITY };
}

/**
 * The plans this subscription may move to: the merchant's list, on the
 * subscription's own currency and billing interval (the engine refuses an
 * interval change from the portal as from the API), per-unit priced.
 */
export function changePlans(t: PortalTenant, s: Subscription, plans: Plan[]): Plan[] {
  return plans.filter(
    (p) =>
      t.subscriptionChangePlans.includes(p.id) &&
      p.currency === s.currency &&
      p.interval === s.interval &&
      p.intervalCount === s.intervalCount &&
      p.pricingMode === "per_unit",
  );
}

/** The retention coupon, when the merchant set one that can still be offered on this subscription. */
export function retentionOffer(t: PortalTenant, s: Subscription, coupon: Coupon | null, now: number): Coupon | null {
  if (!coupon || coupon.id !== t.cancellationRetentionCoupon) return null;
  if (s.discounts.some((d) => d.id === coupon.id)) return null;
  if (coupon.expirationDate !== null && coupon.expirationDate <= now) return null;
  if (!coupon.isPercent && coupon.currency && coupon.currency !== s.currency) return null;
  return coupon;
}

/** Reasons a customer may give for cancelling (a fixed list, as Stripe's portal has; free text beside it). */
export const CANCEL_REASONS = {
  too_expensive: "It is too expensive",
  missing_features: "It is missing features I need",
  switched_service: "I switched to another service",
  unused: "I do not use it enough",
  quality: "Quality was not good enough",
  other: "Other reason",
} as const;

export type CancelReason = keyof typeof CANCEL_REASONS;

/** The stored `canceled_reason` (255 characters at most, as the API takes it): the code, then the customer's words. */
export function canceledReasonText(reason: CancelReason | null, text: string | null): string | null {
  const words = text?.trim() ?? "";
  if (!reason && !words) return null;
  return [reason ?? "other", words].filter(Boolean).join(": ").slice(0, 255);
}
