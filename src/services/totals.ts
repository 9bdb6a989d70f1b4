import type { Adjustment } from "../db/schema";

/**
 * Document totals from lines, in integer minor units only (S35). Pure: no I/O, no
 * currency knowledge needed, because every input is already in minor units of the
 * document's currency (quantities are quantity x 10,000; percents are basis points).
 *
 * Order, as Invoiced computes it:
 *   line amount    = round(quantity_e4 x unit_cost / 10,000)
 *   line discounts  on the line amount (discountable lines only)
 *   doc discounts   on the sum of discountable lines after their own discounts
 *   line taxes      on the line amount after line discounts (taxable lines only)
 *   doc taxes       on the taxable lines after all discounts, the document discount
 *                   being shared out over lines in proportion to their net amount
 *   total = subtotal - total_discounts + total_taxes
 *
 * Every division rounds half away from zero, once, at the point where it happens,
 * so every part is an integer and the parts add up to the total by construction.
 * Inclusive tax rates are refused by the API (they would change the line prices);
 * see the README of the merchant API.
 */

/** A discount or tax as asked: a percentage in basis points, or a fixed amount in minor units. */
export type AdjustmentInput = {
  rateId?: string | null;
  name: string;
  percentBp?: number | null;
  /** fixed amount in minor units; ignored when percentBp is set */
  amount?: number;
};

type LineInput = {
  quantityE4: number;
  unitCost: number;
  discountable?: boolean;
  taxable?: boolean;
  discounts?: AdjustmentInput[];
  taxes?: AdjustmentInput[];
};

export type DocumentInput = {
  lines: LineInput[];
  discounts?: AdjustmentInput[];
  taxes?: AdjustmentInput[];
};

type LineTotals = {
  amount: number;
  discounts: Adjustment[];
  taxes: Adjustment[];
};

export type DocumentTotals = {
  lines: LineTotals[];
  subtotal: number;
  discounts: Adjustment[];
  taxes: Adjustment[];
  /** line discounts + document discounts */
  totalDiscounts: number;
  /** line taxes + document taxes */
  totalTaxes: number;
  total: number;
};

/** n / d rounded half away from zero, on integers of any size. */
export function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) return divRound(-n, -d);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

function toSafe(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError("amount is too large");
  }
  return Number(n);
}

/** quantity_e4 x unit_cost / 10,000, rounded half away from zero to the minor unit. */
export function lineAmount(quantityE4: number, unitCost: number): number {
  return toSafe(divRound(BigInt(quantityE4) * BigInt(unitCost), 10_000n));
}

/** A percentage (basis points) of an amount, rounded half away from zero. */
export function percentOf(amount: number, percentBp: number): number {
  return toSafe(divRound(BigInt(amount) * BigInt(percentBp), 10_000n));
}

function apply(base: number, list: AdjustmentInput[] | undefined, firstId: number): Adjustment[] {
  return (list ?? []).map((a, i) => ({
    id: firstId + i,
    rateId: a.rateId ?? null,
    name: a.name,
    percentBp: a.percentBp ?? null,
    amount: a.percentBp != null ? percentOf(base, a.percentBp) : (a.amount ?? 0),
  }));
}

const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);

/** Computes every amount of a document. Adjustment ids are positions (1-based) within their list. */
export function computeTotals(doc: DocumentInput): DocumentTotals {
  // 1. lines and their own discounts
  const stage = doc.lines.map((l) => {
    const amount = lineAmount(l.quantityE4, l.unitCost);
    const discountable = l.discountable ?? true;
    const discounts = discountable ? apply(amount, l.discounts, 1) : [];
    return { l, amount, discountable, taxable: l.taxable ?? true, discounts, net: amount - sum(discounts) };
  });
  const subtotal = stage.reduce((s, x) => s + x.amount, 0);

  // 2. document discounts on the discountable lines' net amounts
  const discountableNet = stage.filter((x) => x.discountable).reduce((s, x) => s + x.net, 0);
  const docDiscounts = apply(discountableNet, doc.discounts, 1);
  const docDiscountTotal = sum(docDiscounts);

  // 3. share the document discount over discountable lines (largest remainder keeps the sum exact)
  const shares = shareOut(
    docDiscountTotal,
    stage.map((x) => (x.discountable ? x.net : 0)),
  );

  // 4. line taxes on each line's net after its own discounts; document taxes on taxable lines after all discounts
  const lines: LineTotals[] = stage.map((x) => ({
    amount: x.amount,
    discounts: x.discounts,
    taxes: x.taxable ? apply(x.net, x.l.taxes, 1) : [],
  }));
  const taxableBase = stage.reduce((s, x, i) => (x.taxable ? s + x.net - shares[i]! : s), 0);
  const docTaxes = apply(taxableBase, doc.taxes, 1);

  const totalDiscounts = stage.reduce((s, x) => s + sum(x.discounts), 0) + docDiscountTotal;
  const totalTaxes = lines.reduce((s, x) => s + sum(x.taxes), 0) + sum(docTaxes);
  return {
    lines,
    subtotal,
    discounts: docDiscounts,
    taxes: docTaxes,
    totalDiscounts,
    totalTaxes,
    total: subtotal - totalDiscounts + totalTaxes,
  };
}

/**
 * Splits `amount` over `weights` proportionally in integers whose sum is exactly
 * `amount` (largest remainder method). All-zero weights give all zeros.
 */
export function shareOut(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const a = BigInt(amount);
  const t = BigInt(total);
  const floors = weights.map((w) => (BigInt(w) * a) / t); // truncates toward zero
  let rest = a - floors.reduce((s, f) => s + f, 0n);
  const order = weights.map((w, i) => ({ i, rem: (BigInt(w) * a) % t })).sort((x, y) => (x.rem === y.rem ? x.i - y.i : x.rem > y.rem ? -1 : 1));
  const step = rest > 0n ? 1n : -1n;
  for (let k = 0; rest !== 0n && k < order.length * 2; k++) {
    const o = order[k % order.length]!;
    if (weights[o.i] === 0) continue;
    floors[o.i]! += step;
    rest -= step;
  }
  return floors.map(toSafe);
}
