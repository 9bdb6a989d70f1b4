import type { NewLine } from "../../db/queries/documents";
import { itemColumns } from "../api/document-content";
import type { InvoiceDraft } from "./engine";

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
