import type { NewLine } from "../../db/queries/documents";
import type { InvoiceDraft } from "./engine";

/** What a line item is, apart from where it is billed: the columns invoice lines and pending items share. */
export type ItemColumns = Pick<NewLine, "catalogItem" | "type" | "name" | "description" | "quantityE4" | "unitCost" | "discountable" | "taxable">;

export const itemColumns = (l: ItemColumns): ItemColumns => ({
  catalogItem: l.catalogItem,
  type: l.type,
  name: l.name,
  description: l.description,
  quantityE4: l.quantityE4,
  unitCost: l.unitCost,
  discountable: l.discountable,
  taxable: l.taxable,
});

/**
 * The engine's draft lines as stored invoice lines, with the subscription and period
 * each bills. The renewal invoice and the preview both use this one mapping, so the
 * preview shows exactly the lines the invoice will hold.
 */
export const draftLineRows = (draft: InvoiceDraft): NewLine[] =>
  draft.lines.map((l, i) => ({
    ...itemColumns(l),
    position: i,
    amount: l.amount,
    discounts: [],
    taxes: [],
    metadata: (l.planId ? { plan: l.planId } : {}) as Record<string, string>,
    subscriptionId: l.subscription,
    periodStart: l.periodStart,
    periodEnd: l.periodEnd,
    prorated: l.prorated,
  }));
