import type { Adjustment } from "../../../db/schema";
import { divRound, percentOf } from "../../totals";

/**
 * Totals of a subscription invoice draft: coupons and tax rates at the document
 * level, as Invoiced puts them on subscription invoices.
 *
 * - Percent coupons take their share of the discountable lines' sum (a credit
 *   line lowers it; a net credit gets a proportionally smaller credit, since the
 *   charge it reverses was discounted too). Fixed coupons apply only to a
 *   positive base and never beyond it: a discount never turns into a charge.
 * - Taxes: the taxable base after discounts is kept as an exact fraction and
 *   every rate is rounded ONCE for the invoice. Exclusive rates add on top;
 *   inclusive rates are contained in the prices, so with inclusive percents
 *   summing to I basis points every percent rate r (either kind) is
 *   round(base x r / (10,000 + I)): the net base is base x 10,000 / (10,000 + I).
 * total = subtotal - discounts + exclusive taxes.
 */

export type CouponInput = {
  id: string;
  name: string;
  isPercent: boolean;
  /** basis points when isPercent, else minor units */
  value: number;
};

export type TaxRateInput = {
  id: string;
  name: string;
  isPercent: boolean;
  /** basis points when isPercent, else minor units */
  value: number;
  inclusive: boolean;
};

type TaxAmount = Adjustment & { inclusive: boolean };

export type TotalsLine = { amount: number; discountable: boolean; taxable: boolean };

export type DraftTotals = {
  subtotal: number;
  discounts: Adjustment[];
  totalDiscounts: number;
  taxes: TaxAmount[];
  /** exclusive taxes only: the ones the total adds */
  totalTaxes: number;
  /** inclusive taxes contained in the subtotal (shown, not added) */
  inclusiveTaxes: number;
  total: number;
};

const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);

function discountsFor(base: number, coupons: CouponInput[]): Adjustment[] {
  let percentLeft = 10_000; // several percent coupons never take off more than 100 %
  const out = coupons.map((c, i): Adjustment => {
    const bp = c.isPercent ? Math.min(Math.max(0, c.value), percentLeft) : 0;
    percentLeft -= bp;
    return { id: i + 1, rateId: c.id, name: c.name, percentBp: c.isPercent ? c.value : null, amount: c.isPercent ? percentOf(base, bp) : 0 };
  });
  // fixed coupons take what the percents left, in order, never below zero
  let room = Math.max(0, base - sum(out));
  coupons.forEach((c, i) => {
    if (c.isPercent) return;
    const amount = Math.min(Math.max(0, c.value), room);
    out[i]!.amount = amount;
    room -= amount;
  });
  return out;
}

/** Computes discounts, taxes and total of a draft's lines. */
export function draftTotals(lines: TotalsLine[], coupons: CouponInput[], taxRates: TaxRateInput[]): DraftTotals {
  const subtotal = sum(lines);
  const discountBase = sum(lines.filter((l) => l.discountable));
  const discounts = discountsFor(discountBase, coupons);
  const totalDiscounts = sum(discounts);

  // Taxable base after the discount, shared over discountable lines pro rata,
  // as the exact fraction baseNum / baseDen (no rounding before the rates).
  const taxable = sum(lines.filter((l) => l.taxable));
  const taxableDiscountable = sum(lines.filter((l) => l.taxable && l.discountable));
  let baseNum: bigint;
  let baseDen: bigint;
  if (discountBase !== 0) {
    baseNum = BigInt(taxable) * BigInt(discountBase) - BigInt(totalDiscounts) * BigInt(taxableDiscountable);
    baseDen = BigInt(discountBase);
  } else {
    baseNum = BigInt(taxable);
    baseDen = 1n;
  }
  const inclusivePercent = taxRates.filter((r) => r.inclusive && r.isPercent).reduce((s, r) => s + r.value, 0);
  const divisor = BigInt(10_000 + inclusivePercent);
  const taxes: TaxAmount[] = taxRates.map((r, i) => ({
    id: i + 1,
    rateId: r.id,
    name: r.name,
    percentBp: r.isPercent ? r.value : null,
    inclusive: r.inclusive,
    amount: r.isPercent ? Number(divRound(baseNum * BigInt(r.value), baseDen * divisor)) : baseNum > 0n ? r.value : 0,
  }));
  const totalTaxes = sum(taxes.filter((t) => !t.inclusive));
  const inclusiveTaxes = sum(taxes.filter((t) => t.inclusive));
  return { subtotal, discounts, totalDiscounts, taxes, totalTaxes, inclusiveTaxes, total: subtotal - totalDiscounts + totalTaxes };
}
