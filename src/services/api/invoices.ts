import { type InvoiceRow, type LineRow, listDocuments, listExtras, loadInvoice } from "../../db/queries/documents";
import type { TenantScope } from "../../db/scope";
import type { ListQuery } from "../../lib/api/pagination";
import { fromMinor } from "../../lib/money";
import { documentJson, groupLines, type LinkCtx, originOf } from "./documents";

/**
 * An invoice on the wire. `status`, `paid` and `closed` are derived when read,
 * so a due date passing needs no job: an open invoice whose due date is before
 * `now` with a balance left reads as `past_due`.
 */

export type InvoiceStatus = InvoiceRow["status"];

function invoiceStatus(i: Pick<InvoiceRow, "status" | "voided" | "draft" | "paid" | "balance" | "dueDate">, now: number): InvoiceStatus {
  if (i.voided || i.status === "voided") return "voided";
  if (i.draft || i.status === "draft") return "draft";
  if (i.paid || i.status === "paid") return "paid";
  if (i.status === "pending") return "pending";
  if (i.balance > 0 && i.dueDate !== null && i.dueDate < now) return "past_due";
  return i.status;
}

/** Issued and handed to the customer: Invoiced's `sent` flag. */
const isSent = (status: InvoiceStatus) => !["draft", "not_sent"].includes(status);

export function invoiceJson(i: InvoiceRow, lines: LineRow[], ctx: LinkCtx & { now: number }) {
  const status = invoiceStatus(i, ctx.now);
  const base = documentJson("invoice", i, lines, ctx);
  return {
    ...base,
    status,
    sent: isSent(i.status),
    paid: status === "paid",
    closed: i.closed || status === "paid" || status === "voided",
    due_date: i.dueDate,
    amount_paid: fromMinor(i.total - i.balance, i.currency),
    balance: fromMinor(status === "voided" ? 0 : i.balance, i.currency),
    payment_url: `${originOf(ctx)}/pay?invoice=${i.publicId}`,
    estimate: i.estimateId,
  };
}

type ReadCtx = Parameters<typeof invoiceJson>[2];

/** One invoice as the API shows it, or undefined (a 404 for the route). */
export async function readInvoice(scope: TenantScope, id: number, ctx: ReadCtx) {
  const found = await loadInvoice(scope, id);
  return found && invoiceJson(found.row, found.lines, ctx);
}

/** A page of invoices with their lines: two round trips. */
export async function readInvoices(scope: TenantScope, q: ListQuery, ctx: ReadCtx) {
  const { rows, total } = await listDocuments(scope, "invoice", { where: q.where, order: q.order, limit: q.perPage, offset: q.offset });
  const { lines } = await listExtras(
    scope,
    "invoice",
    rows.map((r) => r.id),
  );
  const byDoc = groupLines(lines, "invoice");
  return { total, data: (rows as InvoiceRow[]).map((r) => invoiceJson(r, byDoc.get(r.id) ?? [], ctx)) };
}
