import { describe, expect, it } from "vitest";
import {
  changeLines,
  changeTiming,
  classifyChange,
  intervalChange,
  isIntervalChange,
  linesInEffect,
  periodByIndex,
  priceSubscriptionPeriod,
} from "../../../src/services/subscriptions/engine";
import { DAY, plan, priceInput } from "./support";

const start = 1_800_000_000;
const period = { start, end: start + 30 * DAY };
const line = (planId: string, amount: number, periodStart: number, periodEnd = period.end) => ({
  name: planId,
  planId,
  catalogItem: null,
  amount,
  subscription: 7,
  periodStart,
  periodEnd,
});

describe("plan and quantity changes", () => {
  it("upgrade or downgrade by price per month, across intervals", () => {
    expect(classifyChange({ amount: 3000, interval: "month", intervalCount: 1 }, { amount: 6000, interval: "month", intervalCount: 1 })).toBe("upgrade");
    expect(classifyChange({ amount: 3000, interval: "month", intervalCount: 1 }, { amount: 30_000, interval: "year", intervalCount: 1 })).toBe("downgrade");
    expect(classifyChange({ amount: 3000, interval: "month", intervalCount: 1 }, { amount: 36_000, interval: "year", intervalCount: 1 })).toBe("same");
    expect(classifyChange({ amount: 700, interval: "week", intervalCount: 1 }, { amount: 100, interval: "day", intervalCount: 1 })).toBe("same");
  });

  it("downgrades wait for the period end unless the tenant says otherwise; upgrades are now", () => {
    expect(changeTiming("upgrade", "period_end")).toBe("now");
    expect(changeTiming("downgrade", "period_end")).toBe("period_end");
    expect(changeTiming("downgrade", "immediately")).toBe("now");
    expect(changeTiming("upgrade", "immediately", false)).toBe("period_end");
  });

  it("the lines in effect are the positive ones of the last document of the current period", () => {
    const renewal = [line("basic", 3000, start), line("addon", 500, start)].map((l) => ({ ...l, seq: 10 }));
    const change = changeLines({ subscriptionId: 7, period, t: start + 15 * DAY, inEffect: renewal, next: [plan("pro", 6000)] });
    const stored = [
      { ...line("old", 3000, start - 30 * DAY, start), seq: 9 },
      ...renewal,
      ...change.lines.map((l) => ({ ...l, periodStart: l.periodStart!, periodEnd: l.periodEnd!, seq: 11 })),
      { ...line("pending", 9, start), periodStart: null, periodEnd: null, seq: 12 },
    ];
    expect(linesInEffect(stored, period.end)).toEqual(change.inEffect);
    expect(linesInEffect(renewal, period.end).map((l) => l.planId)).toEqual(["basic", "addon"]);
    expect(linesInEffect([], period.end)).toEqual([]);
  });

  it("a change at the period's very start, then a cancel, credits the change's charge only", () => {
    const renewal = [{ ...line("basic", 3000, start), seq: 1 }];
    const change = changeLines({ subscriptionId: 7, period, t: start, inEffect: linesInEffect(renewal, period.end), next: [plan("pro", 6000)] });
    expect(change.lines.map((l) => l.amount)).toEqual([-3000, 6000]);
    const stored = [...renewal, ...change.lines.map((l) => ({ ...l, periodStart: l.periodStart!, periodEnd: l.periodEnd!, seq: 2 }))];
    const cancel = changeLines({ subscriptionId: 7, period, t: start + 10 * DAY, inEffect: linesInEffect(stored, period.end), next: [] });
    expect(cancel.lines.map((l) => [l.planId, l.amount])).toEqual([["pro", -4000]]);
  });

  it("after a pause nothing is in effect, so a cancel while paused credits nothing twice", () => {
    const renewal = [{ ...line("basic", 3000, start), seq: 1 }];
    const pause = changeLines({ subscriptionId: 7, period, t: start + 10 * DAY, inEffect: linesInEffect(renewal, period.end), next: [] });
    const stored = [...renewal, ...pause.lines.map((l) => ({ ...l, periodStart: l.periodStart!, periodEnd: l.periodEnd!, seq: 2 }))];
    expect(linesInEffect(stored, period.end)).toEqual([]);
  });

  it("pause credits, resume charges the rest of the period", () => {
    const paused = changeLines({ subscriptionId: 7, period, t: start + 10 * DAY, inEffect: [line("basic", 3000, start)], next: [] });
    expect(paused.lines.map((l) => l.amount)).toEqual([-2000]);
    expect(paused.inEffect).toEqual([]);
    const resumed = changeLines({ subscriptionId: 7, period, t: start + 25 * DAY, inEffect: paused.inEffect, next: [plan("basic", 3000)] });
    expect(resumed.lines.map((l) => l.amount)).toEqual([500]);
  });

  it("monthly → yearly ends the period now with a credit and starts a new anchor now, invoiced at once", () => {
    const t = start + 10 * DAY;
    expect(isIntervalChange({ interval: "month", intervalCount: 1 }, { interval: "year", intervalCount: 1 })).toBe(true);
    expect(isIntervalChange({ interval: "month", intervalCount: 1 }, { interval: "month", intervalCount: 1 })).toBe(false);
    const { credits, newAnchor } = intervalChange({ subscriptionId: 7, period, t, inEffect: [line("monthly", 3000, start)] });
    expect(newAnchor).toBe(t);
    const yearly = periodByIndex({ anchor: newAnchor, interval: "year", intervalCount: 1, snapToNthDay: null, timeZone: "UTC" }, 0);
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("yearly", 30_000), period: yearly, prorations: credits }));
    expect(d.lines.map((l) => [l.kind, l.amount, l.periodStart, l.periodEnd])).toEqual([
      ["plan", 30_000, t, yearly.end],
      ["proration", -2000, t, period.end],
    ]);
    expect(d.total).toBe(28_000);
  });

  it("a change outside the current period is refused", () => {
    expect(() => changeLines({ subscriptionId: 7, period, t: period.end + 1, inEffect: [], next: [] })).toThrow(RangeError);
  });
});
