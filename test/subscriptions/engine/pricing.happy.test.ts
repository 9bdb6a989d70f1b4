import { describe, expect, it } from "vitest";
import { mrr, priceSubscriptionPeriod, recurringAmount, recurringTotal, type TaxRateInput } from "../../../src/services/subscriptions/engine";
import { plan, priceInput } from "./support";

const vat = (bp: number, inclusive: boolean, id = `vat${bp}`): TaxRateInput => ({ id, name: id, isPercent: true, value: bp, inclusive });

describe("one pricing function for preview and renewal", () => {
  it("a renewal draft: plan and add-on lines carry the subscription, the period and prorated=false", () => {
    const input = priceInput({ plan: plan("pro", 2500, 3), addons: [{ ...plan("storage", 500, 2), planId: null, catalogItem: "storage" }] });
    const d = priceSubscriptionPeriod(input);
    expect(d.lines.map((l) => [l.kind, l.quantityE4, l.unitCost, l.amount, l.subscription, l.periodStart, l.periodEnd, l.prorated])).toEqual([
      ["plan", 30_000, 2500, 7500, 7, input.period!.start, input.period!.end, false],
      ["addon", 20_000, 500, 1000, 7, input.period!.start, input.period!.end, false],
    ]);
    expect([d.subtotal, d.total, d.currency]).toEqual([8500, 8500, "usd"]);
  });

  it("the customer's pending items are swept in, with their ids and no subscription", () => {
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("pro", 2500), pendingItems: [{ id: 41, name: "Setup", quantityE4: 15_000, unitCost: 1001 }] }));
    expect(d.lines[1]).toMatchObject({ kind: "pending", pendingItemId: 41, subscription: null, periodStart: null, amount: 1502, prorated: false });
    expect(d.total).toBe(2500 + 1502);
  });

  it("volume and tiered prices", () => {
    const tiers = [
      { maxQty: 10, unitCost: 1000 },
      { maxQty: 50, unitCost: 800 },
      { maxQty: null, unitCost: 500 },
    ];
    expect(recurringAmount({ amount: 0, pricingMode: "volume", tiers, quantity: 12 })).toBe(12 * 800);
    expect(recurringAmount({ amount: 0, pricingMode: "tiered", tiers, quantity: 12 })).toBe(10 * 1000 + 2 * 800);
    expect(recurringAmount({ amount: 0, pricingMode: "tiered", tiers, quantity: 60 })).toBe(10 * 1000 + 40 * 800 + 10 * 500);
    expect(recurringAmount({ amount: 0, pricingMode: "volume", tiers, quantity: 60 })).toBe(60 * 500);
    // 10,000 + 3 x 800 = 12,400 over 13 units does not divide: one line of quantity 1 keeps amount = qty x unit
    const d = priceSubscriptionPeriod(priceInput({ plan: { ...plan("t", 0, 13), pricingMode: "tiered", tiers } }));
    expect(d.lines[0]).toMatchObject({ quantityE4: 10_000, unitCost: 12_400, amount: 12_400, description: "13 units" });
  });

  it("recurring_total is the renewal draft's total; mrr is per month before tax", () => {
    const input = priceInput({
      plan: plan("yearly", 120_000),
      taxRates: [vat(1000, false)],
      coupons: [{ id: "ten", name: "10%", isPercent: true, value: 1000, remainingCycles: null }],
    });
    expect(recurringTotal(input)).toBe(priceSubscriptionPeriod(input).total);
    expect(recurringTotal(input)).toBe(120_000 - 12_000 + 10_800);
    expect(mrr(input, "year", 1)).toBe(9_000);
    expect(mrr(input, "month", 3)).toBe(36_000);
    expect(mrr(priceInput({ plan: plan("w", 1000) }), "week", 1)).toBe(4345); // 1000 x 365 / 84 = 4345.2
    // a used-up coupon no longer lowers the next renewal
    expect(recurringTotal({ ...input, coupons: [{ ...input.coupons[0]!, remainingCycles: 0 }] })).toBe(132_000);
  });
});

describe("preview and renewal agree", () => {
  for (const currency of ["USD", "JPY"]) {
    it(`${currency}: the preview (no id yet) and the renewal invoice have the same amounts, line by line`, () => {
      const base = {
        currency,
        plan: plan("seat", 1999, 7),
        addons: [plan("support", 4999)],
        coupons: [
          { id: "p", name: "12.5%", isPercent: true, value: 1250, remainingCycles: 3 },
          { id: "f", name: "5 off", isPercent: false, value: 500, remainingCycles: null },
        ],
        taxRates: [vat(825, false), vat(1900, true)],
      };
      const preview = priceSubscriptionPeriod(priceInput({ ...base, subscriptionId: null }));
      const renewal = priceSubscriptionPeriod(priceInput({ ...base, subscriptionId: 42 }));
      const amounts = (d: typeof preview) => ({ ...d, lines: d.lines.map((l) => ({ ...l, subscription: null })) });
      expect(amounts(renewal)).toEqual(amounts(preview));
      expect(renewal.lines.every((l) => l.subscription === 42)).toBe(true);
      expect(recurringTotal({ ...base, subscriptionId: 42 })).toBe(preview.total);
    });
  }

  it("JPY inclusive tax has no minor unit to round to", () => {
    const d = priceSubscriptionPeriod(priceInput({ currency: "JPY", plan: plan("a", 1000), taxRates: [vat(1000, true)] }));
    expect([d.taxes[0]!.amount, d.total, d.currency]).toEqual([91, 1000, "jpy"]); // 1000 x 10/110 = 90.9
  });
});

describe("taxes: exclusive on top, inclusive contained, rounded once per invoice per rate", () => {
  it("an exclusive rate is rounded once for the invoice, not per line", () => {
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("a", 1005), addons: [plan("b", 1005), plan("c", 1005)], taxRates: [vat(500, false)] }));
    // per line: 50.25 → 50 three times = 150; once: 3015 x 5 % = 150.75 → 151
    expect(d.taxes).toMatchObject([{ rateId: "vat500", amount: 151, inclusive: false, percentBp: 500 }]);
    expect(d.total).toBe(3015 + 151);
  });

  it("an inclusive rate is contained in the price and not added", () => {
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("a", 10_000), taxRates: [vat(2000, true)] }));
    expect(d.taxes[0]).toMatchObject({ amount: 1667, inclusive: true }); // 100 x 20/120 = 16.666…
    expect([d.totalTaxes, d.inclusiveTaxes, d.total]).toEqual([0, 1667, 10_000]);
  });

  it("two inclusive rates share the contained amount; an exclusive one is on the net", () => {
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("a", 11_500), taxRates: [vat(1000, true), vat(500, true), vat(200, false, "local")] }));
    expect(d.taxes.map((t) => t.amount)).toEqual([1000, 500, 200]); // net 100.00
    expect(d.total).toBe(11_700);
  });

  it("taxes apply after the coupon, at full precision", () => {
    const d = priceSubscriptionPeriod(
      priceInput({
        plan: plan("a", 10_000),
        taxRates: [vat(825, false)],
        coupons: [{ id: "ten", name: "10%", isPercent: true, value: 1000, remainingCycles: null }],
      }),
    );
    expect([d.totalDiscounts, d.totalTaxes, d.total]).toEqual([1000, 743, 9743]); // 90 x 8.25 % = 7.425 → 7.43
  });

  it("non-taxable pending items carry their share of the discount out of the tax base", () => {
    const d = priceSubscriptionPeriod(
      priceInput({
        plan: plan("a", 10_000),
        pendingItems: [{ id: 1, name: "exempt", quantityE4: 10_000, unitCost: 10_000, taxable: false }],
        taxRates: [vat(1000, false)],
        coupons: [{ id: "fix", name: "50 off", isPercent: false, value: 5000, remainingCycles: null }],
      }),
    );
    // discount 50.00 shared 25/25; taxable base 75.00; tax 7.50
    expect([d.totalDiscounts, d.totalTaxes, d.total]).toEqual([5000, 750, 15_750]);
  });
});

describe("coupons on the draft", () => {
  const coupon = (id: string, isPercent: boolean, value: number, remainingCycles: number | null = null) => ({
    id,
    name: id,
    isPercent,
    value,
    remainingCycles,
  });

  it("percent and fixed coupons, fixed ones never beyond the amount", () => {
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("a", 5000), coupons: [coupon("half", true, 5000), coupon("big", false, 9000)] }));
    expect(d.discounts.map((x) => x.amount)).toEqual([2500, 2500]);
    expect(d.total).toBe(0);
    expect(d.couponsApplied).toEqual(["half", "big"]);
  });

  it("used-up coupons discount nothing and are not counted as applied", () => {
    const d = priceSubscriptionPeriod(priceInput({ plan: plan("a", 5000), coupons: [coupon("once", true, 5000, 0), coupon("rep", false, 1000, 2)] }));
    expect(d.total).toBe(4000);
    expect(d.couponsApplied).toEqual(["rep"]);
  });

  it("a percent coupon lowers a net credit proportionally; a fixed one does not turn it into a charge", () => {
    const credit = {
      kind: "proration" as const,
      planId: "a",
      catalogItem: null,
      type: null,
      name: "a",
      description: null,
      quantityE4: 10_000,
      unitCost: -3000,
      amount: -3000,
      discountable: true,
      taxable: true,
      subscription: 7,
      periodStart: 1,
      periodEnd: 2,
      prorated: true,
      pendingItemId: null,
    };
    const d = priceSubscriptionPeriod(
      priceInput({ plan: plan("a", 0), period: null, prorations: [credit], coupons: [coupon("half", true, 5000), coupon("fix", false, 500)] }),
    );
    expect(d.discounts.map((x) => x.amount)).toEqual([-1500, 0]);
    expect(d.total).toBe(-1500);
  });
});
