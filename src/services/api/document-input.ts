import { catalogLookups } from "../../db/queries/documents";
import type { Adjustment } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { basisPointsOf, minorOf, quantityE4Of } from "../../lib/api/decimal";
import { invalidRequest } from "../../lib/api-error";
import * as z from "../../lib/zod";
import { type AdjustmentInput, computeTotals, type DocumentTotals } from "../totals";

/**
 * Lines, discounts and taxes of an invoice or estimate as the API receives them
 * (Invoiced's shapes), validated and turned into integer minor units with the
 * server's own totals (S35). Catalog items, coupons and tax rates are read from
 * their tables in one round trip.
 *
 * Discount and tax entries take one of:
 *   {coupon: "<id>"} / {tax_rate: "<id>"}   a stored rate (also {coupon: {id, ...}} as Invoiced echoes it)
 *   {value, is_percent, name?}              an ad-hoc rate (is_percent defaults to true)
 *   {amount, name?}                         an ad-hoc fixed amount
 * in that order of precedence; `id`, `object` and a computed `amount` sent back
 * with a stored or valued entry are accepted and ignored, so a retrieved
 * document can be sent back unchanged.
 */

// built on first use (z.once): the portal's estimate approval and the renewal engine reach this module
const schemas = z.once(() => {
  const decimal = z.union([z.number(), z.string().max(40)]);
  const rateRef = z.union([z.string().min(1).max(100), z.looseObject({ id: z.string().min(1).max(100) })]);
  const metadataSchema = z.record(z.string().min(1).max(40), z.string().max(500)).refine((m) => Object.keys(m).length <= 50, "at most 50 keys");

  const adjustmentFields = {
    id: z.number().int().optional(),
    name: z.string().min(1).max(200).optional(),
    value: decimal.optional(),
    is_percent: z.boolean().optional(),
    amount: decimal.optional(),
  };
  const discountSchema = z.strictObject({
    ...adjustmentFields,
    object: z.literal("discount").optional(),
    coupon: rateRef.nullable().optional(),
    expires: z.number().int().nullable().optional(),
  });
  const taxSchema = z.strictObject({ ...adjustmentFields, object: z.literal("tax").optional(), tax_rate: rateRef.nullable().optional() });

  const lineSchema = z.strictObject({
    id: z.number().int().optional(),
    object: z.literal("line_item").optional(),
    catalog_item: z.string().min(1).max(100).nullable().optional(),
    type: z.string().max(50).nullable().optional(),
    name: z.string().min(1).max(500).optional(),
    description: z.string().max(5000).nullable().optional(),
    quantity: decimal.optional(),
    unit_cost: decimal.optional(),
    /** computed by the server; accepted so a retrieved line can be sent back */
    amount: decimal.optional(),
    discountable: z.boolean().optional(),
    taxable: z.boolean().optional(),
    discounts: z.array(discountSchema).max(10).optional(),
    taxes: z.array(taxSchema).max(10).optional(),
    metadata: metadataSchema.optional(),
  });

  const itemsSchema = z.array(lineSchema).max(200);
  const discountsSchema = z.array(discountSchema).max(10);
  const taxesSchema = z.array(taxSchema).max(10);
  return { metadataSchema, discountSchema, taxSchema, lineSchema, itemsSchema, discountsSchema, taxesSchema };
});

export const metadataSchema = () => schemas().metadataSchema;
export const lineSchema = () => schemas().lineSchema;
export const itemsSchema = () => schemas().itemsSchema;
export const discountsSchema = () => schemas().discountsSchema;
export const taxesSchema = () => schemas().taxesSchema;

export type LineWire = z.infer<ReturnType<typeof lineSchema>>;
type DiscountWire = z.infer<ReturnType<typeof schemas>["discountSchema"]>;
type TaxWire = z.infer<ReturnType<typeof schemas>["taxSchema"]>;

/** A line ready to store: everything but the totals, which come from computeTotals. */
export type ResolvedLine = {
  catalogItem: string | null;
  type: string | null;
  name: string;
  description: string | null;
  quantityE4: number;
  unitCost: number;
  discountable: boolean;
  taxable: boolean;
  discounts: AdjustmentInput[];
  taxes: AdjustmentInput[];
  metadata: Record<string, string>;
};

const refId = (r: string | { id: string } | null | undefined) => (r == null ? null : typeof r === "string" ? r : r.id);

type Lookups = Awaited<ReturnType<typeof catalogLookups>>;
type Ctx = { currency: string; tenantCurrency: string; now: number; lookups: Lookups };

/** Everything a document's lines and adjustments name, looked up in one round trip. */
export function lookupsFor(scope: TenantScope, items: LineWire[] | undefined, discounts: DiscountWire[] | undefined, taxes: TaxWire[] | undefined) {
  const lines = items ?? [];
  const all = {
    discounts: [...(discounts ?? []), ...lines.flatMap((l) => l.discounts ?? [])],
    taxes: [...(taxes ?? []), ...lines.flatMap((l) => l.taxes ?? [])],
  };
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  return catalogLookups(scope, {
    items: uniq(lines.map((l) => l.catalog_item ?? null)),
    coupons: uniq(all.discounts.map((d) => refId(d.coupon))),
    taxRates: uniq(all.taxes.map((t) => refId(t.tax_rate))),
  });
}

/** A fixed rate is in minor units of its currency (the tenant's when it names none). */
function sameCurrency(rateCurrency: string | null, ctx: Ctx) {
  return (rateCurrency ?? ctx.tenantCurrency).toLowerCase() === ctx.currency;
}

function percent(value: number | string, param: string): number {
  const bp = basisPointsOf(value, param);
  if (bp < 0 || bp > 10_000) throw invalidRequest(`${param} must be a percentage from 0 to 100`, param);
  return bp;
}

function fixed(value: number | string, param: string, ctx: Ctx): number {
  const minor = minorOf(value, ctx.currency, param);
  if (minor < 0) throw invalidRequest(`${param} must not be negative`, param);
  return minor;
}

export function resolveAdjustment(kind: "discount" | "tax", e: DiscountWire | TaxWire, param: string, ctx: Ctx): AdjustmentInput {
  const ref = refId(kind === "discount" ? (e as DiscountWire).coupon : (e as TaxWire).tax_rate);
  const refParam = `${param}.${kind === "discount" ? "coupon" : "tax_rate"}`;
  if (ref !== null) {
    const rate = kind === "discount" ? ctx.lookups.coupons.get(ref) : ctx.lookups.taxRates.get(ref);
    if (!rate) throw invalidRequest(`No such ${kind === "discount" ? "coupon" : "tax rate"}: ${ref}`, refParam);
    if ("inclusive" in rate && rate.inclusive) throw invalidRequest(`Tax rate ${ref} is inclusive; inclusive tax rates are not supported`, refParam);
    if ("expirationDate" in rate && rate.expirationDate !== null && rate.expirationDate <= ctx.now) {
      throw invalidRequest(`Coupon ${ref} has expired`, refParam);
    }
    if (rate.isPercent) return { rateId: ref, name: rate.name, percentBp: rate.value };
    if (!sameCurrency(rate.currency, ctx)) {
      throw invalidRequest(`${ref} is a fixed amount in ${(rate.currency ?? ctx.tenantCurrency).toUpperCase()}, not ${ctx.currency.toUpperCase()}`, refParam);
    }
    return { rateId: ref, name: rate.name, percentBp: null, amount: rate.value };
  }
  const name = e.name ?? (kind === "discount" ? "Discount" : "Tax");
  if (e.value !== undefined) {
    if (e.is_percent ?? true) return { rateId: null, name, percentBp: percent(e.value, `${param}.value`) };
    return { rateId: null, name, percentBp: null, amount: fixed(e.value, `${param}.value`, ctx) };
  }
  if (e.amount !== undefined) return { rateId: null, name, percentBp: null, amount: fixed(e.amount, `${param}.amount`, ctx) };
  throw invalidRequest(`${param} needs a ${kind === "discount" ? "coupon" : "tax_rate"}, a value or an amount`, param);
}

export function resolveLine(l: LineWire, param: string, ctx: Ctx): ResolvedLine {
  const item = l.catalog_item ? ctx.lookups.items.get(l.catalog_item) : undefined;
  if (l.catalog_item && !item) throw invalidRequest(`No such catalog item: ${l.catalog_item}`, `${param}.catalog_item`);
  const name = l.name ?? item?.name;
  if (!name) throw invalidRequest(`${param}.name is required (or give a catalog_item)`, `${param}.name`);
  let unitCost: number;
  if (l.unit_cost !== undefined) unitCost = minorOf(l.unit_cost, ctx.currency, `${param}.unit_cost`);
  else if (item) {
    if (!sameCurrency(item.currency, ctx)) {
      throw invalidRequest(
        `Catalog item ${item.id} is priced in ${(item.currency ?? ctx.tenantCurrency).toUpperCase()}; give unit_cost in ${ctx.currency.toUpperCase()}`,
        `${param}.unit_cost`,
      );
    }
    unitCost = item.unitCost;
  } else throw invalidRequest(`${param}.unit_cost is required (or give a catalog_item)`, `${param}.unit_cost`);
  const quantityE4 = quantityE4Of(l.quantity ?? 1, `${param}.quantity`);
  if (quantityE4 < 0) throw invalidRequest(`${param}.quantity must not be negative`, `${param}.quantity`);
  return {
    catalogItem: l.catalog_item ?? null,
    type: l.type !== undefined ? l.type : (item?.type ?? null),
    name,
    description: l.description !== undefined ? l.description : (item?.description ?? null),
    quantityE4,
    unitCost,
    discountable: l.discountable ?? item?.discountable ?? true,
    taxable: l.taxable ?? item?.taxable ?? true,
    discounts: (l.discounts ?? []).map((d, j) => resolveAdjustment("discount", d, `${param}.discounts[${j}]`, ctx)),
    taxes: (l.taxes ?? []).map((t, j) => resolveAdjustment("tax", t, `${param}.taxes[${j}]`, ctx)),
    metadata: l.metadata ?? {},
  };
}

/** Stored adjustments fed back to the totals engine (percentages recomputed, fixed amounts kept). */
export const storedAdjustments = (list: Adjustment[]): AdjustmentInput[] =>
  list.map((a) => ({ rateId: a.rateId, name: a.name, percentBp: a.percentBp, amount: a.amount }));

/**
 * Totals of resolved lines and document adjustments. A total that does not fit
 * or is negative is a 400 naming `items`.
 */
export function totalsOf(lines: ResolvedLine[], discounts: AdjustmentInput[], taxes: AdjustmentInput[]): DocumentTotals {
  let totals: DocumentTotals;
  try {
    totals = computeTotals({ lines, discounts, taxes });
  } catch (err) {
    if (err instanceof RangeError) throw invalidRequest("The amounts of this document are too large", "items");
    throw err;
  }
  if (totals.total < 0) throw invalidRequest("The total of a document must not be negative", "items");
  return totals;
}

export type ResolveInput = { items?: LineWire[]; discounts?: DiscountWire[]; taxes?: TaxWire[] };
