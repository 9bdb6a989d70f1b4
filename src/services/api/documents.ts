import type { LineRow } from "../../db/queries/documents";
import type { Adjustment } from "../../db/schema";
import { percentFromBp, quantityFromE4 } from "../../lib/api/decimal";
import { fromMinor } from "../../lib/money";
import { portalOrigin } from "../../lib/origins";

/**
 * What invoices and estimates share on the wire (Invoiced's field names):
 * amounts as decimals of the currency (JPY without decimals), quantities as
 * decimals, percentages as percent values. Everything is converted from integers
 * exactly (S35).
 */

type OriginEnv = Parameters<typeof portalOrigin>[0];

/** Where the portal links of a document point: the tenant's portal origin, or what it is built from. */
export type LinkCtx = { env: OriginEnv; username: string } | { origin: string };
export const originOf = (ctx: LinkCtx) => ("origin" in ctx ? ctx.origin : portalOrigin(ctx.env, ctx.username));

/** A discount or tax entry. `coupon`/`tax_rate` is the rate's id (null for an ad-hoc entry). */
function adjustmentJson(a: Adjustment, kind: "discount" | "tax", currency: string) {
  return {
    id: a.id,
    object: kind,
    [kind === "discount" ? "coupon" : "tax_rate"]: a.rateId,
    name: a.name,
    value: a.percentBp !== null ? percentFromBp(a.percentBp) : fromMinor(a.amount, currency),
    is_percent: a.percentBp !== null,
    amount: fromMinor(a.amount, currency),
  };
}

function lineJson(l: LineRow, currency: string) {
  return {
    id: l.id,
    object: "line_item",
    catalog_item: l.catalogItem,
    type: l.type,
    name: l.name,
    description: l.description,
    quantity: quantityFromE4(l.quantityE4),
    unit_cost: fromMinor(l.unitCost, currency),
    amount: fromMinor(l.amount, currency),
    discountable: l.discountable,
    taxable: l.taxable,
    discounts: l.discounts.map((d) => adjustmentJson(d, "discount", currency)),
    taxes: l.taxes.map((t) => adjustmentJson(t, "tax", currency)),
    metadata: l.metadata,
    // issue 13: a line billed by a subscription says which one and for what time
    ...(l.subscriptionId !== null && {
      subscription: l.subscriptionId,
      period_start: l.periodStart,
      period_end: l.periodEnd,
      prorated: l.prorated,
    }),
  };
}

type DocumentRow = {
  id: number;
  publicId: string;
  customerId: number;
  name: string | null;
  number: string;
  currency: string;
  draft: boolean;
  date: number;
  paymentTerms: string | null;
  purchaseOrder: string | null;
  notes: string | null;
  terms: string | null;
  discounts: Adjustment[];
  taxes: Adjustment[];
  subtotal: number;
  totalDiscounts: number;
  totalTaxes: number;
  total: number;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
};

/** The fields common to both kinds; `path` is the portal path ("invoices" or "estimates"). */
export function documentJson(kind: "invoice" | "estimate", d: DocumentRow, lines: LineRow[], ctx: LinkCtx) {
  const cur = d.currency;
  const url = `${originOf(ctx)}/${kind}s/${d.publicId}`;
  return {
    id: d.id,
    object: kind,
    customer: d.customerId,
    name: d.name,
    number: d.number,
    currency: cur,
    draft: d.draft,
    date: d.date,
    payment_terms: d.paymentTerms,
    purchase_order: d.purchaseOrder,
    items: lines.map((l) => lineJson(l, cur)),
    notes: d.notes,
    terms: d.terms,
    subtotal: fromMinor(d.subtotal, cur),
    discounts: d.discounts.map((x) => adjustmentJson(x, "discount", cur)),
    taxes: d.taxes.map((x) => adjustmentJson(x, "tax", cur)),
    total_discounts: fromMinor(d.totalDiscounts, cur),
    total_taxes: fromMinor(d.totalTaxes, cur),
    total: fromMinor(d.total, cur),
    url,
    pdf_url: `${url}/pdf`,
    public_id: d.publicId,
    metadata: d.metadata,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

/** Lines grouped by their document id, for a list page. */
export function groupLines(lines: LineRow[], kind: "invoice" | "estimate"): Map<number, LineRow[]> {
  const out = new Map<number, LineRow[]>();
  for (const l of lines) {
    const id = kind === "invoice" ? l.invoiceId : l.estimateId;
    if (id === null) continue;
    const list = out.get(id);
    if (list) list.push(l);
    else out.set(id, [l]);
  }
  return out;
}
