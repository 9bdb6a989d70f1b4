import { type Interval, MONTHS_PER_INTERVAL } from "./periods";
import type { CouponUse, InvoiceDraft } from "./pricing";

/**
 * Subscription status, contract terms and coupon bookkeeping: the decisions
 * around an invoice, as pure functions of facts the caller reads from storage.
 */

export type SubscriptionStatus = "canceled" | "pending_renewal" | "paused" | "not_started" | "past_due" | "finished" | "active";

export type StatusFacts = {
  now: number;
  canceledAt: number | null;
  /** a manual contract whose term ended and that the merchant has not renewed */
  pendingRenewal: boolean;
  paused: boolean;
  startDate: number;
  /** end of a trial, if any; before it the subscription has not started billing */
  trialEnd: number | null;
  /** an unpaid renewal invoice past its due date (or dunning exhausted) */
  hasOverdueRenewalInvoice: boolean;
  /** the contract ended with renewal mode none */
  finished: boolean;
};

/** Invoiced's status, first match wins: canceled › pending_renewal › paused › not_started › past_due › finished › active. */
export function subscriptionStatus(f: StatusFacts): SubscriptionStatus {
  if (f.canceledAt !== null && f.canceledAt <= f.now) return "canceled";
  if (f.pendingRenewal) return "pending_renewal";
  if (f.paused) return "paused";
  if (f.startDate > f.now || (f.trialEnd !== null && f.trialEnd > f.now)) return "not_started";
  if (f.hasOverdueRenewalInvoice) return "past_due";
  if (f.finished) return "finished";
  return "active";
}

type ContractRenewalMode = "none" | "auto" | "renew_once" | "manual";

export type Contract = {
  /** periods in the current term; null: no contract, renews forever */
  cycles: number | null;
  renewalMode: ContractRenewalMode;
  /** length of a renewed term; null: the same as `cycles` */
  renewalCycles: number | null;
  /** index of the first period of the current term */
  termStartIndex: number;
};

export type RenewalDecision = { action: "bill"; contract: Contract } | { action: "finish" } | { action: "pending_renewal" };

/**
 * What to do when period `index` is due. Within the term: bill. At the term's end:
 * none → finished; auto → a new term, bill; renew_once → a new term, then manual;
 * manual → pending_renewal until the merchant renews (nothing billed meanwhile).
 */
export function renewalDecision(c: Contract, index: number): RenewalDecision {
  if (c.cycles === null || index - c.termStartIndex < c.cycles) return { action: "bill", contract: c };
  switch (c.renewalMode) {
    case "none":
      return { action: "finish" };
    case "manual":
      return { action: "pending_renewal" };
    case "auto":
    case "renew_once": {
      const next: Contract = {
        cycles: c.renewalCycles ?? c.cycles,
        renewalMode: c.renewalMode === "renew_once" ? "manual" : "auto",
        renewalCycles: c.renewalCycles,
        termStartIndex: index,
      };
      return { action: "bill", contract: next };
    }
  }
}

/** A coupon as the catalog stores it (src/db/schema/catalog.ts). */
export type CatalogCoupon = {
  id: string;
  name: string;
  isPercent: boolean;
  value: number;
  duration: "forever" | "once" | "repeating";
  durationInMonths: number | null;
};

/**
 * The redemption record of a coupon newly attached to a subscription: forever →
 * unlimited; once → one paid invoice; repeating → the billing cycles that cover
 * `durationInMonths` (rounded up: 3 months on a yearly plan is one cycle).
 */
export function couponUse(c: CatalogCoupon, plan: { interval: Interval; intervalCount: number }): CouponUse {
  let remainingCycles: number | null = null;
  if (c.duration === "once") remainingCycles = 1;
  if (c.duration === "repeating") {
    const months = BigInt(Math.max(1, c.durationInMonths ?? 1));
    const [num, den] = MONTHS_PER_INTERVAL[plan.interval];
    const perCycleNum = BigInt(plan.intervalCount) * num; // months per cycle = perCycleNum / den
    remainingCycles = Number((months * den + perCycleNum - 1n) / perCycleNum);
  }
  return { id: c.id, name: c.name, isPercent: c.isPercent, value: c.value, remainingCycles };
}

/**
 * Keeps the counters of coupons already attached when a PATCH sends the coupon list
 * again: a "once" coupon used up stays used up (a peer re-applied it on update).
 */
export function mergeCouponUses<T extends CouponUse>(existing: T[], next: T[]): T[] {
  return next.map((n) => existing.find((e) => e.id === n.id) ?? n);
}

/**
 * Whether an invoice uses up a billing cycle of its coupons: only a period's
 * invoice with something to pay before discounts. A $0 trial invoice or an
 * invoice of proration lines alone never consumes a "once" coupon.
 */
function consumesCouponCycle(draft: Pick<InvoiceDraft, "lines" | "subtotal">): boolean {
  return draft.subtotal > 0 && draft.lines.some((l) => l.kind === "plan");
}

/** The coupon records after `draft` is issued (other fields of each record are kept as they are). */
export function consumeCoupons<T extends CouponUse>(uses: T[], draft: Pick<InvoiceDraft, "lines" | "subtotal" | "couponsApplied">): T[] {
  if (!consumesCouponCycle(draft)) return uses;
  return uses.map((u) =>
    u.remainingCycles !== null && u.remainingCycles > 0 && draft.couponsApplied.includes(u.id) ? { ...u, remainingCycles: u.remainingCycles - 1 } : u,
  );
}
