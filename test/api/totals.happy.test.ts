import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeTotals, divRound, lineAmount, percentOf, shareOut } from "../../src/services/totals";

const adjustment = fc.oneof(
  fc.record({ name: fc.constant("pct"), percentBp: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ name: fc.constant("fixed"), amount: fc.integer({ min: 0, max: 50_000 }) }),
);
const line = fc.record({
  quantityE4: fc.integer({ min: 0, max: 1_000 * 10_000 }),
  unitCost: fc.integer({ min: -100_000, max: 10_000_000 }),
  discountable: fc.boolean(),
  taxable: fc.boolean(),
  discounts: fc.array(adjustment, { maxLength: 2 }),
  taxes: fc.array(adjustment, { maxLength: 2 }),
});
const documentInput = fc.record({
  lines: fc.array(line, { minLength: 0, maxLength: 8 }),
  discounts: fc.array(adjustment, { maxLength: 2 }),
  taxes: fc.array(adjustment, { maxLength: 3 }),
});

describe("document totals", () => {
  it("S35: random lines, quantities, discounts and taxes give integer totals that add up", () => {
    fc.assert(
      fc.property(documentInput, (doc) => {
        const t = computeTotals(doc);
        const parts = [t.subtotal, t.totalDiscounts, t.totalTaxes, t.total];
        for (const l of t.lines) parts.push(l.amount, ...l.discounts.map((d) => d.amount), ...l.taxes.map((x) => x.amount));
        parts.push(...t.discounts.map((d) => d.amount), ...t.taxes.map((x) => x.amount));
        for (const p of parts) expect(Number.isSafeInteger(p)).toBe(true);
        expect(t.subtotal - t.totalDiscounts + t.totalTaxes).toBe(t.total);
        expect(t.subtotal).toBe(t.lines.reduce((s, l) => s + l.amount, 0));
        const lineDiscounts = t.lines.reduce((s, l) => s + l.discounts.reduce((a, d) => a + d.amount, 0), 0);
        const lineTaxes = t.lines.reduce((s, l) => s + l.taxes.reduce((a, d) => a + d.amount, 0), 0);
        expect(t.totalDiscounts).toBe(lineDiscounts + t.discounts.reduce((a, d) => a + d.amount, 0));
        expect(t.totalTaxes).toBe(lineTaxes + t.taxes.reduce((a, d) => a + d.amount, 0));
      }),
      { numRuns: 500 },
    );
  });

  it("shares a document discount out to exactly the discount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 10 }), (amount, weights) => {
        const shares = shareOut(amount, weights);
        const total = weights.reduce((s, w) => s + w, 0);
        expect(shares.reduce((s, x) => s + x, 0)).toBe(total === 0 ? 0 : amount);
      }),
    );
  });

  it("rounds a line half away from zero to the minor unit", () => {
    expect(lineAmount(15_000, 333)).toBe(500); // 1.5 x 3.33 = 4.995 -> 5.00
    expect(lineAmount(15_000, -333)).toBe(-500);
    expect(lineAmount(3_333, 100)).toBe(33); // 0.3333 x 1.00 = 0.3333 -> 0.33
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(percentOf(1005, 1000)).toBe(101); // 10 % of 10.05 = 1.005 -> 1.01
  });

  it("applies line discounts, then document discounts, then taxes on the discounted amount", () => {
    const t = computeTotals({
      lines: [
        { quantityE4: 20_000, unitCost: 5_000, discounts: [{ name: "10%", percentBp: 1_000 }] }, // 100.00 - 10.00
        { quantityE4: 10_000, unitCost: 10_000, taxable: false }, // 100.00, no tax
      ],
      discounts: [{ name: "fixed", amount: 1_900 }], // 19.00 over 190.00 net: 9.00 on line 1, 10.00 on line 2
      taxes: [{ name: "VAT", percentBp: 2_000 }], // 20 % of (90.00 - 9.00) = 16.20
    });
    expect(t.subtotal).toBe(20_000);
    expect(t.totalDiscounts).toBe(1_000 + 1_900);
    expect(t.taxes[0]!.amount).toBe(1_620);
    expect(t.total).toBe(20_000 - 2_900 + 1_620);
  });

  it("works the same for a currency without minor units (JPY amounts are yen)", () => {
    const t = computeTotals({ lines: [{ quantityE4: 30_000, unitCost: 333 }], taxes: [{ name: "JCT", percentBp: 1_000 }] });
    expect(t.subtotal).toBe(999);
    expect(t.totalTaxes).toBe(100); // 99.9 -> 100
    expect(t.total).toBe(1_099);
  });
});
