import { describe, expect, it } from "vitest";
import {
  type CatalogCoupon,
  consumeCoupons,
  couponUse,
  mergeCouponUses,
  priceSubscriptionPeriod,
  renewalDecision,
  type StatusFacts,
  subscriptionStatus,
} from "../../../src/services/subscriptions/engine";
import { plan, priceInput } from "./support";

const now = 1_800_000_000;
const calm: StatusFacts = {
  now,
  canceledAt: null,
  pendingRenewal: false,
  paused: false,
  startDate: now - 1000,
  trialEnd: null,
  hasOverdueRenewalInvoice: false,
  finished: false,
};

describe("status, first match wins", () => {
  it.each<[string, Partial<StatusFacts>]>([
    ["canceled", { canceledAt: now, pendingRenewal: true, paused: true, startDate: now + 5, hasOverdueRenewalInvoice: true, finished: true }],
    ["pending_renewal", { pendingRenewal: true, paused: true, startDate: now + 5, hasOverdueRenewalInvoice: true, finished: true }],
    ["paused", { paused: true, startDate: now + 5, hasOverdueRenewalInvoice: true, finished: true }],
    ["not_started", { startDate: now + 5, hasOverdueRenewalInvoice: true, finished: true }],
    ["not_started", { trialEnd: now + 5, hasOverdueRenewalInvoice: true }],
    ["past_due", { hasOverdueRenewalInvoice: true, finished: true }],
    ["finished", { finished: true }],
    ["active", { trialEnd: now }],
    ["active", { canceledAt: now + 60 }],
  ])("%s for %o", (status, facts) => {
    expect(subscriptionStatus({ ...calm, ...facts })).toBe(status);
  });
});

describe("contracts", () => {
  const c = { cycles: 3, renewalCycles: null, termStartIndex: 0 };
  it("bills within the term whatever the mode", () => {
    for (const renewalMode of ["none", "auto", "renew_once", "manual"] as const) {
      expect(renewalDecision({ ...c, renewalMode }, 2).action).toBe("bill");
    }
  });
  it("at the term's end: none finishes, manual waits, auto and renew_once start a new term", () => {
    expect(renewalDecision({ ...c, renewalMode: "none" }, 3)).toEqual({ action: "finish" });
    expect(renewalDecision({ ...c, renewalMode: "manual" }, 3)).toEqual({ action: "pending_renewal" });
    expect(renewalDecision({ ...c, renewalMode: "auto", renewalCycles: 12 }, 3)).toEqual({
      action: "bill",
      contract: { cycles: 12, renewalMode: "auto", renewalCycles: 12, termStartIndex: 3 },
    });
    const once = renewalDecision({ ...c, renewalMode: "renew_once" }, 3);
    expect(once).toEqual({ action: "bill", contract: { cycles: 3, renewalMode: "manual", renewalCycles: null, termStartIndex: 3 } });
    if (once.action !== "bill") throw new Error("unreachable");
    expect(renewalDecision(once.contract, 5).action).toBe("bill");
    expect(renewalDecision(once.contract, 6)).toEqual({ action: "pending_renewal" });
  });
  it("no contract renews forever", () => {
    expect(renewalDecision({ cycles: null, renewalMode: "none", renewalCycles: null, termStartIndex: 0 }, 500).action).toBe("bill");
  });
});

describe("coupon durations", () => {
  const cat = (duration: CatalogCoupon["duration"], durationInMonths: number | null = null): CatalogCoupon => ({
    id: duration,
    name: duration,
    isPercent: true,
    value: 5000,
    duration,
    durationInMonths,
  });

  it("cycles per duration and interval", () => {
    expect(couponUse(cat("forever"), { interval: "month", intervalCount: 1 }).remainingCycles).toBeNull();
    expect(couponUse(cat("once"), { interval: "year", intervalCount: 1 }).remainingCycles).toBe(1);
    expect(couponUse(cat("repeating", 3), { interval: "month", intervalCount: 1 }).remainingCycles).toBe(3);
    expect(couponUse(cat("repeating", 3), { interval: "year", intervalCount: 1 }).remainingCycles).toBe(1);
    expect(couponUse(cat("repeating", 6), { interval: "month", intervalCount: 3 }).remainingCycles).toBe(2);
    expect(couponUse(cat("repeating", 3), { interval: "week", intervalCount: 1 }).remainingCycles).toBe(14); // 3 x 365/84 = 13.04
  });

  it("a $0 trial invoice never consumes a once coupon; the first paid renewal does, and the next is full price", () => {
    let uses = [couponUse(cat("once"), { interval: "month", intervalCount: 1 })];
    const trial = priceSubscriptionPeriod(priceInput({ plan: plan("trial", 0), coupons: uses }));
    uses = consumeCoupons(uses, trial);
    expect(uses[0]!.remainingCycles).toBe(1);
    const proration = priceSubscriptionPeriod(
      priceInput({ plan: plan("p", 1000), period: null, coupons: uses, pendingItems: [{ id: 1, name: "x", quantityE4: 10_000, unitCost: 100 }] }),
    );
    expect(consumeCoupons(uses, proration)[0]!.remainingCycles).toBe(1); // not a period's invoice
    const first = priceSubscriptionPeriod(priceInput({ plan: plan("p", 1000), coupons: uses }));
    expect(first.total).toBe(500);
    uses = consumeCoupons(uses, first);
    expect(uses[0]!.remainingCycles).toBe(0);
    expect(priceSubscriptionPeriod(priceInput({ plan: plan("p", 1000), coupons: uses })).total).toBe(1000);
  });

  it("sending the coupon list again on update keeps the used-up state", () => {
    const fresh = couponUse(cat("once"), { interval: "month", intervalCount: 1 });
    const used = { ...fresh, remainingCycles: 0 };
    const other = couponUse(cat("forever"), { interval: "month", intervalCount: 1 });
    expect(mergeCouponUses([used], [fresh, other])).toEqual([used, other]);
  });
});
