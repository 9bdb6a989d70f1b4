import type { SQL } from "drizzle-orm";
import { asInserted, previousOf } from "../../db/event-objects";
import { type DocumentEventOptions, documentEventData } from "../../db/queries/document-events";
import type { ApprovalRow, EstimateRow, InvoiceRow, LineRow, NewLine } from "../../db/queries/documents";
import { estimates, invoices, lineItems } from "../../db/schema";
import type { LinkCtx } from "./documents";
import { estimateJson } from "./estimates";
import { invoiceJson } from "./invoices";

/**
 * Events about invoices and estimates carry the document as `GET /invoices/{id}` or
 * `GET /estimates/{id}` returns it, serialised by the API's own serialisers from the
 * row and lines the write is about to store (the database fills in the ids and the
 * automatic number inside the event's statement, see db/queries/document-events.ts).
 */

export type ObjectCtx = LinkCtx & { now: number };

type StoredOrNew = LineRow | NewLine;
const asLines = (lines: StoredOrNew[]): LineRow[] => lines.map((l) => asInserted(lineItems, { id: 0, tenantId: 0, invoiceId: null, estimateId: null, ...l }));

/** An invoice as the API will show it once `row` and `lines` are stored. */
export const invoiceObject = (row: Partial<InvoiceRow>, lines: StoredOrNew[], ctx: ObjectCtx) =>
  invoiceJson(asInserted(invoices, { id: 0, tenantId: 0, ...row }), asLines(lines), ctx);

/** An estimate as the API will show it once `row` and `lines` are stored. */
export const estimateObject = (row: Partial<EstimateRow>, lines: StoredOrNew[], approval: ApprovalRow | null, ctx: ObjectCtx) =>
  estimateJson(asInserted(estimates, { id: 0, tenantId: 0, ...row }), asLines(lines), approval, ctx);

/** An invoice as the API shows it right after a payment paid it off (`invoice.paid`). */
export const paidOffInvoiceObject = (row: InvoiceRow, lines: LineRow[], now: number, ctx: ObjectCtx) =>
  invoiceJson({ ...row, balance: 0, paid: true, status: "paid", updatedAt: now }, lines, ctx);

/**
 * `data` for the event of a document written in the same batch (it must still exist
 * when the event's statement runs): `{object, previous?}` plus `extra` keys kept for
 * the audit trail. `before` is the document's wire object before an update.
 */
export function documentData(
  scope: Parameters<typeof documentEventData>[0],
  kind: "invoice" | "estimate",
  publicId: string,
  after: Record<string, unknown>,
  before?: Record<string, unknown>,
  opts: Omit<DocumentEventOptions, "previous"> = {},
): SQL {
  return documentEventData(scope, kind, publicId, after, { ...opts, previous: before ? previousOf(before, after) : undefined });
}
