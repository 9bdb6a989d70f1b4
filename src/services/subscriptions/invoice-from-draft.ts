import { type BatchStatements, isUniqueViolation } from "../../db/batch";
import { type Actor, eventStatement } from "../../db/events";
import { docIdByPublicId, insertInvoiceStmt, insertLinesStmts, type NewInvoice } from "../../db/queries/documents";
import { nextNumber } from "../../db/queries/numbering";
import type { Customer } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { publicId as newPublicId } from "../../lib/random";
import { DAY } from "../../lib/time";
import { documentData, invoiceObject } from "../api/document-events";
import { termsDays } from "../api/document-schemas";
import type { LinkCtx } from "../api/documents";
import type { InvoiceDraft } from "./engine";
import { draftLineRows } from "./line-columns";

/**
 * An engine draft as stored invoice rows: the invoice, its lines (with the
 * subscription and period they bill) and its `invoice.created` event, unexecuted,
 * for the caller's one atomic batch. The event carries the invoice as
 * `GET /invoices/{id}` shows it, serialised from these very rows (`link` gives the
 * portal origin of its `url` and `payment_url`; the database fills in id, number and line ids).
 */

export type DraftInvoice = { publicId: string; statements: BatchStatements; total: number };

export function invoiceFromDraft(
  scope: TenantScope,
  draft: InvoiceDraft,
  ctx: { customer: Customer; now: number; who: Actor; subscriptionId: number | null; link: LinkCtx },
): DraftInvoice {
  const pid = newPublicId();
  const days = termsDays(ctx.customer.paymentTerms);
  const row: NewInvoice = {
    publicId: pid,
    customerId: ctx.customer.id,
    name: null,
    // allocated inside the INSERT by the tenant's atomic counter (no guess, no retry)
    number: nextNumber(scope, "invoice") as unknown as string,
    currency: draft.currency,
    draft: false,
    closed: false,
    date: ctx.now,
    // AutoPay charges an invoice on its due date; without terms that is its date
    dueDate: ctx.now + (days ?? 0) * DAY,
    paymentTerms: ctx.customer.paymentTerms,
    purchaseOrder: null,
    notes: null,
    terms: null,
    discounts: draft.discounts,
    taxes: draft.taxes.map(({ inclusive: _i, ...t }) => t),
    subtotal: draft.subtotal,
    totalDiscounts: draft.totalDiscounts,
    totalTaxes: draft.totalTaxes,
    total: draft.total,
    status: draft.total === 0 ? "paid" : "not_sent",
    paid: draft.total === 0,
    balance: draft.total,
    metadata: ctx.subscriptionId ? { subscription: String(ctx.subscriptionId) } : {},
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const lines = draftLineRows(draft);
  const event = {
    type: "invoice.created",
    customerId: ctx.customer.id,
    objectType: "invoice",
    objectId: pid,
    data: documentData(scope, "invoice", pid, invoiceObject({ ...row, number: "" }, lines, { ...ctx.link, now: ctx.now }), undefined, {
      extra: { subscription: ctx.subscriptionId },
    }),
  };
  return {
    publicId: pid,
    total: draft.total,
    statements: [
      insertInvoiceStmt(scope, row),
      ...insertLinesStmts(scope, "invoice", docIdByPublicId(scope, "invoice", pid), lines),
      eventStatement(scope, event, ctx.who, ctx.now),
    ],
  };
}

/** The subquery naming an invoice inserted earlier in the same batch. */
export const invoiceIdOf = (scope: TenantScope, publicId: string) => docIdByPublicId(scope, "invoice", publicId);

/** True when a batch failed because the period was already billed (the ledger's unique key). */
export function isAlreadyBilled(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return isUniqueViolation(err) && /subscription_renewals/.test(text);
}
