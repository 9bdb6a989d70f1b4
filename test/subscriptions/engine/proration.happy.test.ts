import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../../src/lib/money";
import { changeLines, charge, credit, priceSubscriptionPeriod, unusedFraction } from "../../../src/services/subscriptions/engine";
import { DAY, plan, priceInput } from "./support";

const start = 1_800_000_000;
const period = { start, end: start + 30 * DAY };

describe("proration by the second", () => {
  it("the unused fraction counts seconds and is clamped to the span", () => {
    expect(unusedFraction(period, start + 10 * DAY)).toEqual({ num: 20 * DAY, den: 30 * DAY });
    expect(unusedFraction(period, start - 5)).toEqual({ num: 30 * DAY, den: 30 * DAY });
    expect(unusedFraction(period, period.end + 5)).toEqual({ num: 0, den: 30 * DAY });
    expect(charge(3000, period, start + 1)).toBe(3000); // 2,591,999/2,592,000 of 30.00 rounds to 30.00
    expect(charge(3_000_000, period, start + 1)).toBe(2_999_999); // ...but not of 30,000.00
  });

  for (const [currency, unit] of [
    ["USD", 100],
    ["JPY", 1],
  ] as const) {
    it(`${currency}: 30 → 60 at half the period credits 15 and charges 30`, () => {
      const t = start + 15 * DAY;
      const billed = { name: "basic", planId: "basic", catalogItem: null, amount: 30 * unit, subscription: 7, periodStart: start, periodEnd: period.end };
      const { lines } = changeLines({ subscriptionId: 7, period, t, inEffect: [billed], next: [plan("pro", 60 * unit)] });
      expect(lines.map((l) => [l.planId, l.amount, l.prorated, l.periodStart, l.periodEnd])).toEqual([
        ["basic", -15 * unit, true, t, period.end],
        ["pro", 30 * unit, true, t, period.end],
      ]);
      const draft = priceSubscriptionPeriod(priceInput({ currency, plan: plan("pro", 60 * unit), period: null, prorations: lines }));
      expect(draft.total).toBe(15 * unit);
      expect(draft.lines.map((l) => formatMoney(l.amount, currency))).toEqual(currency === "USD" ? ["-$15.00", "$30.00"] : ["-¥15", "¥30"]);
    });

    it(`${currency}: quantity 5 → 8 with a third left credits 5/3 units and charges 8/3, rounded once each`, () => {
      const t = start + 20 * DAY;
      const billed = { name: "seat", planId: "seat", catalogItem: null, amount: 5 * 10 * unit, subscription: 7, periodStart: start, periodEnd: period.end };
      const { lines } = changeLines({ subscriptionId: 7, period, t, inEffect: [billed], next: [plan("seat", 10 * unit, 8)] });
      // 50 / 3 = 16.666… and 80 / 3 = 26.666… in the currency's units, rounded to its minor unit
      expect(lines.map((l) => l.amount)).toEqual(currency === "USD" ? [-1667, 2667] : [-17, 27]);
      const draft = priceSubscriptionPeriod(priceInput({ currency, plan: plan("seat", 10 * unit, 8), period: null, prorations: lines }));
      expect(draft.total).toBe(currency === "USD" ? 1000 : 10);
    });
  }

  it("a line credited at its own start returns exactly what was invoiced (no 1-unit gap)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 400 * DAY }), fc.nat(), fc.nat(), (amount, len, a, b) => {
        const span = { start, end: start + len };
        const t1 = start + (a % len);
        const t2 = t1 + (b % (span.end - t1 + 1));
        const charged = charge(amount, span, t1);
        // the charge line is billed for [t1, end): crediting it at t1 gives it all back
        expect(credit(charged, { start: t1, end: span.end }, t1)).toBe(0 - charged);
        // and later, never more than was billed, never a negative credit
        const later = credit(charged, { start: t1, end: span.end }, t2);
        expect(later).toBeLessThanOrEqual(0);
        expect(-later).toBeLessThanOrEqual(charged);
        // one rounding rule: a credit is the exact opposite of the charge of the same arguments
        expect(credit(amount, span, t2)).toBe(0 - charge(amount, span, t2));
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it("a second change credits what the first one charged, at that amount", () => {
    const billed = { name: "basic", planId: "basic", catalogItem: null, amount: 3000, subscription: 7, periodStart: start, periodEnd: period.end };
    const first = changeLines({ subscriptionId: 7, period, t: start + 15 * DAY, inEffect: [billed], next: [plan("pro", 6000)] });
    expect(first.inEffect).toMatchObject([{ planId: "pro", amount: 3000, periodStart: start + 15 * DAY, periodEnd: period.end }]);
    const second = changeLines({ subscriptionId: 7, period, t: start + 20 * DAY, inEffect: first.inEffect, next: [plan("max", 9000)] });
    // 10 of the 15 remaining days of the 30.00 charge; 10 of 30 days of 90.00
    expect(second.lines.map((l) => [l.planId, l.amount])).toEqual([
      ["pro", -2000],
      ["max", 3000],
    ]);
  });
});
