import type { LineRow, NewLine } from "../../db/queries/documents";
import type { Adjustment } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { lookupsFor, type ResolvedLine, type ResolveInput, resolveAdjustment, resolveLine, storedAdjustments, totalsOf } from "./document-input";

/** What a document stores about its content: lines with their amounts, adjustments and totals. */
export type DocumentContent = {
  lines: NewLine[];
  discounts: Adjustment[];
  taxes: Adjustment[];
  subtotal: number;
  totalDiscounts: number;
  totalTaxes: number;
  total: number;
};

export type CurrentContent = { lines: LineRow[]; discounts: Adjustment[]; taxes: Adjustment[] };

/** What a line item is, apart from where it is billed: the columns document lines, subscription lines and pending items share. */
export type ItemColumns = Pick<NewLine, "catalogItem" | "type" | "name" | "description" | "quantityE4" | "unitCost" | "discountable" | "taxable">;

export const itemColumns = <L extends ItemColumns>(l: L): Pick<L, keyof ItemColumns> => ({
  catalogItem: l.catalogItem,
  type: l.type,
  name: l.name,
  description: l.description,
  quantityE4: l.quantityE4,
  unitCost: l.unitCost,
  discountable: l.discountable,
  taxable: l.taxable,
});

const fromRow = (l: LineRow): ResolvedLine => ({
  ...itemColumns(l),
  discounts: storedAdjustments(l.discounts),
  taxes: storedAdjustments(l.taxes),
  metadata: l.metadata,
});

/**
 * The content of a document from the request, falling back to what is stored for
 * each part the request leaves out (`items`, `discounts`, `taxes`): totals are
 * always recomputed from the whole. Fixed amounts are in `currency`.
 */
export async function buildContent(
  scope: TenantScope,
  input: ResolveInput,
  ctx: { currency: string; tenantCurrency: string; now: number },
  current?: CurrentContent,
): Promise<DocumentContent> {
  const lookups = await lookupsFor(scope, input.items, input.discounts, input.taxes);
  const c = { ...ctx, currency: ctx.currency.toLowerCase(), lookups };
  const lines = input.items !== undefined ? input.items.map((l, i) => resolveLine(l, `items[${i}]`, c)) : (current?.lines ?? []).map(fromRow);
  const discounts =
    input.discounts !== undefined
      ? input.discounts.map((d, i) => resolveAdjustment("discount", d, `discounts[${i}]`, c))
      : storedAdjustments(current?.discounts ?? []);
  const taxes = input.taxes !== undefined ? input.taxes.map((t, i) => resolveAdjustment("tax", t, `taxes[${i}]`, c)) : storedAdjustments(current?.taxes ?? []);

  const totals = totalsOf(lines, discounts, taxes);
  return {
    lines: lines.map((l, i) => ({
      position: i,
      catalogItem: l.catalogItem,
      type: l.type,
      name: l.name,
      description: l.description,
      quantityE4: l.quantityE4,
      unitCost: l.unitCost,
      amount: totals.lines[i]!.amount,
      discountable: l.discountable,
      taxable: l.taxable,
      discounts: totals.lines[i]!.discounts,
      taxes: totals.lines[i]!.taxes,
      metadata: l.metadata,
    })),
    discounts: totals.discounts,
    taxes: totals.taxes,
    subtotal: totals.subtotal,
    totalDiscounts: totals.totalDiscounts,
    totalTaxes: totals.totalTaxes,
    total: totals.total,
  };
}

/** True when the request touches the content (and so the totals). */
export const touchesContent = (input: ResolveInput) => input.items !== undefined || input.discounts !== undefined || input.taxes !== undefined;

/** A stored document's lines copied for another document (an estimate becoming an invoice). */
export const copyLines = (lines: LineRow[]): NewLine[] =>
  lines.map((l, i) => ({
    position: i,
    catalogItem: l.catalogItem,
    type: l.type,
    name: l.name,
    description: l.description,
    quantityE4: l.quantityE4,
    unitCost: l.unitCost,
    amount: l.amount,
    discountable: l.discountable,
    taxable: l.taxable,
    discounts: l.discounts,
    taxes: l.taxes,
    metadata: l.metadata,
  }));
