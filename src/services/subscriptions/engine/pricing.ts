import type { PlanTier } from "../../../db/schema";
import { divRound, lineAmount } from "../../totals";
import { type CouponInput, type DraftTotals, draftTotals, type TaxRateInput } from "./invoice-totals";
import { type Interval, MONTHS_PER_INTERVAL } from "./periods";
import type { Span } from "./proration";

/**
 * THE price of a subscription invoice: the preview API, the renewal run, a plan
 * change and the sign-up page all call priceSubscriptionPeriod, so what a
 * customer is shown is what they are invoiced, to the minor unit. Pure: prices
 * come in as minor units of `currency`, time as unix seconds.
 */

type PricingMode = "per_unit" | "volume" | "tiered";

/** Something billed every period: a plan (or an add-on's plan or catalog item). */
export type Recurring = {
  /** plan id, or null for an add-on sold from a catalog item */
  planId: string | null;
  catalogItem: string | null;
  name: string;
  description?: string | null;
  /** unit price per period in minor units (a custom subscription amount replaces the plan's) */
  amount: number;
  pricingMode: PricingMode;
  tiers: PlanTier[] | null;
  /** whole units >= 0 */
  quantity: number;
};

/** A coupon attached to the subscription, with how many paid invoices it still discounts. */
export type CouponUse = CouponInput & {
  /** null: forever; 0: used up (kept for the record, discounts nothing) */
  remainingCycles: number | null;
};

/** A customer's pending line item (`/customers/{id}/line_items`), swept into the next invoice once. */
type PendingItem = {
  id: number;
  name: string;
  description?: string | null;
  catalogItem?: string | null;
  type?: string | null;
  quantityE4: number;
  unitCost: number;
  discountable?: boolean;
  taxable?: boolean;
};

type DraftLineKind = "plan" | "addon" | "proration" | "pending";

/** One invoice line of a draft; field names follow the line_items table. */
export type DraftLine = {
  kind: DraftLineKind;
  planId: string | null;
  catalogItem: string | null;
  type: string | null;
  name: string;
  description: string | null;
  quantityE4: number;
  unitCost: number;
  amount: number;
  discountable: boolean;
  taxable: boolean;
  /** the subscription this line bills (null on a customer's pending item and in a preview before creation) */
  subscription: number | null;
  periodStart: number | null;
  periodEnd: number | null;
  prorated: boolean;
  /** the swept pending item, so the caller can delete it in the same batch */
  pendingItemId: number | null;
};

export type PriceInput = {
  currency: string;
  subscriptionId: number | null;
  plan: Recurring;
  addons: Recurring[];
  coupons: CouponUse[];
  taxRates: TaxRateInput[];
  /** the period billed in full; null for an invoice of proration lines only */
  period: Span | null;
  /** from changes.ts */
  prorations: DraftLine[];
  pendingItems: PendingItem[];
};

export type InvoiceDraft = DraftTotals & {
  currency: string;
  lines: DraftLine[];
  /** ids of the coupons that discounted this draft (their cycles are consumed if it is a paid renewal) */
  couponsApplied: string[];
};

/** A quantity's price per period: per unit, volume (one tier's price for all units) or tiered (graduated). */
export function recurringAmount(r: Pick<Recurring, "amount" | "pricingMode" | "tiers" | "quantity">): number {
  if (!Number.isSafeInteger(r.quantity) || r.quantity < 0) throw new RangeError("quantity must be a whole number >= 0");
  if (r.pricingMode === "per_unit" || !r.tiers || r.tiers.length === 0) return r.amount * r.quantity;
  if (r.pricingMode === "volume") {
    const tier = r.tiers.find((t) => t.maxQty === null || r.quantity <= t.maxQty) ?? r.tiers[r.tiers.length - 1]!;
    return tier.unitCost * r.quantity;
  }
  let total = 0;
  let done = 0;
  for (const t of r.tiers) {
    if (done >= r.quantity) break;
    const upTo = t.maxQty === null ? r.quantity : Math.min(r.quantity, t.maxQty);
    total += (upTo - done) * t.unitCost;
    done = upTo;
  }
  return total;
}

function recurringLine(r: Recurring, kind: "plan" | "addon", subscription: number | null, period: Span): DraftLine {
  const total = recurringAmount(r);
  // A line is quantity x unit cost (line_items' rule); a tiered price that does not
  // divide evenly becomes one line of quantity 1 so that rule still holds exactly.
  const even = r.quantity > 0 && total % r.quantity === 0;
  const quantityE4 = even ? r.quantity * 10_000 : 10_000;
  const unitCost = even ? total / r.quantity : total;
  return {
    kind,
    planId: r.planId,
    catalogItem: r.catalogItem,
    type: null,
    name: r.name,
    description: r.description ?? (even ? null : `${r.quantity} units`),
    quantityE4,
    unitCost,
    amount: lineAmount(quantityE4, unitCost),
    discountable: true,
    taxable: true,
    subscription,
    periodStart: period.start,
    periodEnd: period.end,
    prorated: false,
    pendingItemId: null,
  };
}

function pendingLine(p: PendingItem): DraftLine {
  return {
    kind: "pending",
    planId: null,
    catalogItem: p.catalogItem ?? null,
    type: p.type ?? null,
    name: p.name,
    description: p.description ?? null,
    quantityE4: p.quantityE4,
    unitCost: p.unitCost,
    amount: lineAmount(p.quantityE4, p.unitCost),
    discountable: p.discountable ?? true,
    taxable: p.taxable ?? true,
    subscription: null,
    periodStart: null,
    periodEnd: null,
    prorated: false,
    pendingItemId: p.id,
  };
}

/** Coupons that still discount: forever, or with cycles left. */
function activeCoupons(coupons: CouponUse[]): CouponUse[] {
  return coupons.filter((c) => c.remainingCycles === null || c.remainingCycles > 0);
}

/** Builds the invoice draft for one period (and/or prorations and pending items). */
export function priceSubscriptionPeriod(input: PriceInput): InvoiceDraft {
  const lines: DraftLine[] = [];
  if (input.period) {
    lines.push(recurringLine(input.plan, "plan", input.subscriptionId, input.period));
    for (const a of input.addons) lines.push(recurringLine(a, "addon", input.subscriptionId, input.period));
  }
  lines.push(...input.prorations, ...input.pendingItems.map(pendingLine));
  const coupons = activeCoupons(input.coupons);
  const totals = draftTotals(lines, coupons, input.taxRates);
  return {
    currency: input.currency.toLowerCase(),
    lines,
    ...totals,
    couponsApplied: totals.discounts.filter((d) => d.amount !== 0).map((d) => d.rateId!),
  };
}

/** What the next renewal invoice will total (`recurring_total`): a full period, no prorations or pending items. */
export function recurringTotal(input: Omit<PriceInput, "period" | "prorations" | "pendingItems">): number {
  return priceSubscriptionPeriod({ ...input, period: { start: 0, end: 1 }, prorations: [], pendingItems: [] }).total;
}

/**
 * Monthly recurring revenue (`mrr`): the renewal's amount after discounts,
 * before tax, per month, rounded once.
 */
export function mrr(input: Omit<PriceInput, "period" | "prorations" | "pendingItems">, interval: Interval, intervalCount: number): number {
  const d = priceSubscriptionPeriod({ ...input, period: { start: 0, end: 1 }, prorations: [], pendingItems: [] });
  const net = d.subtotal - d.totalDiscounts - d.inclusiveTaxes;
  const [num, den] = MONTHS_PER_INTERVAL[interval];
  // per month = net / (intervalCount x months-per-interval) = net x den / (intervalCount x num)
  return Number(divRound(BigInt(net) * den, BigInt(intervalCount) * num));
}
