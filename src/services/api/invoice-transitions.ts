import { assertOneRowChanged, isForeignKeyViolation } from "../../db/batch";
import { previousOf } from "../../db/event-objects";
import { eventStatement } from "../../db/events";
import {
  deleteInvoiceStmt,
  deleteLinesStmt,
  findInvoice,
  type InvoiceRow,
  loadInvoice,
  unlinkEstimateStmt,
  unlocked,
  updateInvoiceStmt,
} from "../../db/queries/documents";
import type { TenantScope } from "../../db/scope";
import { conflict, notFound } from "../../lib/api-error";
import { formatMoney } from "../../lib/money";
import { changedMeanwhile, objectCtx, run, settle, type WriteCtx } from "./invoice-writes";
import { invoiceJson } from "./invoices";

/** An invoice's state changes through the API: sent, voided, deleted (creates and edits: invoice-writes.ts). */

export async function sendInvoice(scope: TenantScope, id: number, ctx: WriteCtx): Promise<void> {
  const current = await loadInvoice(scope, id);
  if (!current) throw notFound("invoice");
  const i = current.row;
  if (i.voided) throw conflict("A voided invoice cannot be sent");
  const status = i.draft || i.status === "not_sent" || i.status === "draft" ? settle("sent", false, i.balance) : i.status;
  const unchanged = status === i.status && !i.draft;
  const set = { draft: false, status, paid: status === "paid", updatedAt: ctx.now };
  const object = invoiceJson(unchanged ? i : { ...i, ...set }, current.lines, objectCtx(ctx));
  const event = eventStatement(
    scope,
    { type: "invoice.sent", customerId: i.customerId, objectType: "invoice", objectId: i.publicId, data: { number: i.number, object } },
    ctx.who,
    ctx.now,
  );
  if (unchanged) {
    await event;
    return;
  }
  await run(scope, [updateInvoiceStmt(scope, i, set), assertOneRowChanged(scope), event], changedMeanwhile);
}

export async function voidInvoice(scope: TenantScope, id: number, ctx: WriteCtx): Promise<void> {
  const current = await loadInvoice(scope, id);
  if (!current) throw notFound("invoice");
  const i = current.row;
  if (i.voided) return; // already void: a retry changes nothing
  const withPayments = (row: InvoiceRow) =>
    conflict(`This invoice has ${formatMoney(row.total - row.balance, row.currency)} of payments applied and cannot be voided; delete those payments first`);
  if (i.balance !== i.total) throw withPayments(i);
  const set = { status: "voided" as const, voided: true, paid: false, updatedAt: ctx.now };
  const before = invoiceJson(i, current.lines, objectCtx(ctx));
  const after = invoiceJson({ ...i, ...set }, current.lines, objectCtx(ctx));
  const data = { number: i.number, object: after, previous: previousOf(before, after) };
  const event = { type: "invoice.voided", customerId: i.customerId, objectType: "invoice", objectId: i.publicId, data };
  await run(
    scope,
    [updateInvoiceStmt(scope, i, set, unlocked(ctx.now)), assertOneRowChanged(scope), eventStatement(scope, event, ctx.who, ctx.now)],
    async () => {
      const now = await findInvoice(scope, id);
      if (now && now.balance !== now.total) return withPayments(now);
      return conflict("A payment of this invoice is in progress, or it changed meanwhile; retry in a few minutes");
    },
  );
}

export async function deleteInvoice(scope: TenantScope, id: number, ctx: WriteCtx): Promise<void> {
  const current = await loadInvoice(scope, id);
  if (!current) throw notFound("invoice");
  const i = current.row;
  if (i.balance !== i.total) throw conflict("This invoice has payments applied and cannot be deleted; void it or delete the payments first");
  // the invoice as it was: the event's statement runs after the row is gone
  const data = { number: i.number, object: invoiceJson(i, current.lines, objectCtx(ctx)) };
  const event = { type: "invoice.deleted", customerId: i.customerId, objectType: "invoice", objectId: i.publicId, data };
  try {
    await run(
      scope,
      [
        deleteLinesStmt(scope, "invoice", i.id),
        unlinkEstimateStmt(scope, i.id, ctx.now),
        deleteInvoiceStmt(scope, i, ctx.now),
        assertOneRowChanged(scope),
        eventStatement(scope, event, ctx.who, ctx.now),
      ],
      () => conflict("A payment of this invoice is in progress, or it changed meanwhile; retry in a few minutes"),
    );
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict("Payments (voided ones too) refer to this invoice, so it cannot be deleted; void it instead");
    throw err;
  }
}
