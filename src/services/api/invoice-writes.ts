import type { BatchStatements } from "../../db/batch";
import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { type Actor, eventStatement } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import {
  deleteLinesStmt,
  docIdByPublicId,
  findInvoiceByPublicId,
  type InvoiceRow,
  insertInvoiceStmt,
  insertLinesStmts,
  loadInvoice,
  type NewInvoice,
  unlocked,
  updateInvoiceStmt,
} from "../../db/queries/documents";
import { nextNumber } from "../../db/queries/numbering";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { currencyOf } from "../../lib/api/decimal";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { formatMoney } from "../../lib/money";
import type { portalOrigin } from "../../lib/origins";
import { publicId as newPublicId } from "../../lib/random";
import { DAY } from "../../lib/time";
import { buildContent, touchesContent } from "./document-content";
import { documentData, invoiceObject, type ObjectCtx } from "./document-events";
import { givenFields, type InvoiceCreate, type InvoiceUpdate, termsDays } from "./document-schemas";
import { invoiceJson } from "./invoices";
import { refuseTakenNumber } from "./numbering";

/**
 * Invoice writes of the merchant API. Each is ONE atomic batch: the invoice,
 * its lines, an audit event (S43, actor "api") and, for a change, a guard that
 * undoes everything unless the invoice was still as it was read (a payment
 * landing meanwhile turns the write into a 409 to retry, never a lost update).
 *
 * Rules (decided here, documented in the API README):
 * - `draft: false` issues a draft (status not_sent; `sent: true` or POST .../send makes it sent).
 *   An issued invoice never goes back to draft: void it instead.
 * - Send records an `invoice.sent` event; no email is sent by the API (the merchant
 *   mails the `url`, or the portal's own mail does).
 * - Changing lines when payments are applied is allowed as long as the new total is
 *   not below what is already paid (else 409); the balance becomes new total - paid.
 *   A payment in progress (portal lock, S37) blocks a change of amounts (409).
 * - Void is refused (409) when any payment is applied; a voided invoice's balance reads 0.
 * - Delete is refused (409) when any payment, even a voided one, refers to the invoice.
 */

export type WriteCtx = { now: number; who: Actor; tenant: Tenant; env: Parameters<typeof portalOrigin>[0] };

/** What the event's `data.object` is serialised with: the API's read context. */
export const objectCtx = (ctx: WriteCtx): ObjectCtx => ({ env: ctx.env, username: ctx.tenant.username, now: ctx.now });

export const changedMeanwhile = () =>
  conflict("This invoice changed while it was being updated (a payment, a view or another change); retrieve it and try again");

export async function run(scope: TenantScope, statements: BatchStatements, onGuard: () => Promise<Error> | Error) {
  try {
    await scope.batch(statements);
  } catch (err) {
    if (isGuardFailure(err)) throw await onGuard();
    throw err;
  }
}

function dueDateOf(date: number, dueDate: number | null | undefined, terms: string | null): number | null {
  if (dueDate !== undefined) return dueDate;
  const days = termsDays(terms);
  return days === null ? null : date + days * DAY;
}

/** The status an issued or draft invoice takes from its balance (paid at zero). */
export function settle(status: InvoiceRow["status"], draft: boolean, balance: number): InvoiceRow["status"] {
  if (draft) return "draft";
  if (balance === 0) return "paid";
  if (status === "paid") return "sent";
  return status === "draft" ? "not_sent" : status;
}

export async function createInvoice(scope: TenantScope, body: InvoiceCreate, ctx: WriteCtx): Promise<number> {
  const customer = await findCustomer(scope, body.customer);
  if (!customer) throw invalidRequest(`No such customer: ${body.customer}`, "customer");
  const currency = currencyOf(body.currency ?? customer.currency ?? ctx.tenant.currency);
  const content = await buildContent(scope, body, { currency, tenantCurrency: ctx.tenant.currency, now: ctx.now });
  const date = body.date ?? ctx.now;
  const paymentTerms = body.payment_terms !== undefined ? body.payment_terms : customer.paymentTerms;
  const draft = body.draft ?? false;
  let status = settle("not_sent", draft, content.total);
  if (status === "not_sent" && body.sent) status = "sent";
  const pid = newPublicId();

  // no number given: the next one is computed inside the INSERT (concurrent creates cannot collide)
  const number = body.number ?? (nextNumber(scope, "invoice") as unknown as string);
  await refuseTakenNumber("invoice", body.number, () => {
    const row: NewInvoice = {
      publicId: pid,
      customerId: customer.id,
      name: body.name ?? null,
      number,
      currency,
      draft,
      closed: body.closed ?? false,
      date,
      dueDate: dueDateOf(date, body.due_date, paymentTerms),
      paymentTerms,
      purchaseOrder: body.purchase_order ?? null,
      notes: body.notes ?? null,
      terms: body.terms ?? null,
      discounts: content.discounts,
      taxes: content.taxes,
      subtotal: content.subtotal,
      totalDiscounts: content.totalDiscounts,
      totalTaxes: content.totalTaxes,
      total: content.total,
      status,
      paid: status === "paid",
      balance: content.total,
      metadata: body.metadata ?? {},
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    const event = {
      type: "invoice.created",
      customerId: customer.id,
      objectType: "invoice",
      objectId: pid,
      // the invoice as GET /invoices/{id} will show it; id, number and line ids come from the inserts
      data: documentData(scope, "invoice", pid, invoiceObject({ ...row, number: "" }, content.lines, objectCtx(ctx))),
    };
    return scope.batch([
      insertInvoiceStmt(scope, row),
      ...insertLinesStmts(scope, "invoice", docIdByPublicId(scope, "invoice", pid), content.lines),
      eventStatement(scope, event, ctx.who, ctx.now),
    ]);
  });
  return (await findInvoiceByPublicId(scope, pid))!.id;
}

export async function updateInvoice(scope: TenantScope, id: number, body: InvoiceUpdate, ctx: WriteCtx): Promise<void> {
  const current = await loadInvoice(scope, id);
  if (!current) throw notFound("invoice");
  const i = current.row;
  if (body.customer !== undefined && body.customer !== i.customerId) {
    throw invalidRequest("customer cannot be changed; create a new invoice for the other customer", "customer");
  }
  if (body.currency !== undefined && body.currency.toLowerCase() !== i.currency) {
    throw invalidRequest("currency cannot be changed after an invoice is created", "currency");
  }
  const fields = givenFields(body);
  if (i.voided && fields.some((f) => f !== "metadata"))
    throw conflict(
      "A voided invoice cannot be changed (only its metadata)",
      fields.find((f) => f !== "metadata"),
    );
  if (body.draft === true && !i.draft) throw conflict("An issued invoice cannot go back to draft; void it instead", "draft");

  const paid = i.total - i.balance;
  const content = touchesContent(body)
    ? await buildContent(
        scope,
        body,
        { currency: i.currency, tenantCurrency: ctx.tenant.currency, now: ctx.now },
        { lines: current.lines, discounts: i.discounts, taxes: i.taxes },
      )
    : null;
  if (content && content.total < paid) {
    throw conflict(
      `The new total (${formatMoney(content.total, i.currency)}) would be below the ${formatMoney(paid, i.currency)} already paid on this invoice`,
      "items",
    );
  }
  const total = content?.total ?? i.total;
  const balance = total - paid;
  const draft = body.draft ?? i.draft;
  let status = settle(i.status, draft, balance);
  if (body.sent && status === "not_sent") status = "sent";
  const date = body.date ?? i.date;
  const paymentTerms = body.payment_terms !== undefined ? body.payment_terms : i.paymentTerms;
  const recomputeDue = body.due_date !== undefined || body.payment_terms !== undefined || body.date !== undefined;

  const set: Partial<NewInvoice> = {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.number !== undefined && { number: body.number }),
    ...(body.closed !== undefined && { closed: body.closed }),
    ...(body.purchase_order !== undefined && { purchaseOrder: body.purchase_order }),
    ...(body.notes !== undefined && { notes: body.notes }),
    ...(body.terms !== undefined && { terms: body.terms }),
    ...(body.metadata !== undefined && { metadata: body.metadata }),
    ...(recomputeDue && { dueDate: dueDateOf(date, body.due_date, paymentTerms) }),
    date,
    paymentTerms,
    draft,
    status,
    paid: status === "paid",
    balance,
    updatedAt: ctx.now,
    ...(content && {
      discounts: content.discounts,
      taxes: content.taxes,
      subtotal: content.subtotal,
      totalDiscounts: content.totalDiscounts,
      totalTaxes: content.totalTaxes,
      total: content.total,
    }),
  };
  const event = {
    type: "invoice.updated",
    customerId: i.customerId,
    objectType: "invoice",
    objectId: i.publicId,
    data: documentData(
      scope,
      "invoice",
      i.publicId,
      invoiceObject({ ...i, ...set }, content ? content.lines : current.lines, objectCtx(ctx)),
      invoiceJson(i, current.lines, objectCtx(ctx)),
      { extra: { fields } },
    ),
  };
  const statements = [
    updateInvoiceStmt(scope, i, set, content ? unlocked(ctx.now) : undefined),
    assertOneRowChanged(scope),
    ...(content ? [deleteLinesStmt(scope, "invoice", i.id), ...insertLinesStmts(scope, "invoice", i.id, content.lines)] : []),
    eventStatement(scope, event, ctx.who, ctx.now),
  ];
  await refuseTakenNumber("invoice", body.number, () => run(scope, statements, changedMeanwhile));
}
