import type { BatchStatements } from "../../db/batch";
import { assertOneRowChanged, isForeignKeyViolation, isGuardFailure } from "../../db/batch";
import { previousOf } from "../../db/event-objects";
import { eventStatement } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import {
  deleteEstimateStmt,
  deleteLinesStmt,
  docIdByPublicId,
  type EstimateRow,
  findEstimateByPublicId,
  insertEstimateStmt,
  insertLinesStmts,
  loadEstimate,
  type NewEstimate,
  notYetInvoiced,
  updateEstimateStmt,
} from "../../db/queries/documents";
import { nextNumber } from "../../db/queries/numbering";
import type { TenantScope } from "../../db/scope";
import { currencyOf, minorOf } from "../../lib/api/decimal";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { publicId as newPublicId } from "../../lib/random";
import { buildContent, type DocumentContent, touchesContent } from "./document-content";
import { documentData, estimateObject } from "./document-events";
import { type EstimateCreate, type EstimateUpdate, givenFields } from "./document-schemas";
import { estimateJson } from "./estimates";
import { objectCtx, type WriteCtx } from "./invoice-writes";
import { refuseTakenNumber } from "./numbering";

/**
 * Estimate writes of the merchant API: each one atomic batch with its audit event
 * (S43) and a guard on the revision and status read, so a merchant change and a
 * customer's answer can never both win. Every write bumps `revision`.
 *
 * Decision (issue 5): once the customer has answered (approved, declined) or the
 * estimate is invoiced or voided, its content can no longer change through the
 * API: a PATCH touching anything but `metadata` or `closed` is a 409 saying why.
 * What the customer approved, and its stored hash, stay true; the merchant voids
 * it and sends a new estimate instead. Before an answer, changes are allowed and
 * bump the revision, which makes any approval form opened earlier stale (409 in
 * the portal: the customer reviews the new version first).
 */

const ANSWERED = ["approved", "declined", "invoiced", "voided"] as const;
const AFTER_ANSWER = new Set(["metadata", "closed", "deposit_paid"]);

const changedMeanwhile = () => conflict("This estimate changed while it was being updated (the customer may have just answered it); retrieve it and try again");

async function run(scope: TenantScope, statements: BatchStatements) {
  try {
    await scope.batch(statements);
  } catch (err) {
    if (isGuardFailure(err)) throw changedMeanwhile();
    throw err;
  }
}

function depositOf(value: number | string | undefined, current: number, currency: string, total: number): number {
  const deposit = value === undefined ? current : minorOf(value, currency, "deposit");
  if (deposit < 0) throw invalidRequest("deposit must not be negative", "deposit");
  if (deposit > total) throw invalidRequest("deposit must not exceed the total", "deposit");
  return deposit;
}

const depositPaidRefusal = () =>
  invalidRequest("deposit_paid is set by a payment applied to the estimate (POST /payments with applied_to type estimate)", "deposit_paid");

function answeredRefusal(e: EstimateRow, field: string) {
  const why =
    e.status === "voided"
      ? "This estimate is voided"
      : e.status === "declined"
        ? "The customer declined this estimate"
        : `The customer approved this estimate${e.approved ? ` (${e.approved})` : ""}`;
  return conflict(
    `${why}, so it can no longer be changed (${field}): what the customer saw is kept as it was. Void it and create a new estimate instead.`,
    field,
  );
}

export async function createEstimate(scope: TenantScope, body: EstimateCreate, ctx: WriteCtx): Promise<number> {
  const customer = await findCustomer(scope, body.customer);
  if (!customer) throw invalidRequest(`No such customer: ${body.customer}`, "customer");
  if (body.deposit_paid) throw depositPaidRefusal();
  const currency = currencyOf(body.currency ?? customer.currency ?? ctx.tenant.currency);
  const content = await buildContent(scope, body, { currency, tenantCurrency: ctx.tenant.currency, now: ctx.now });
  const deposit = depositOf(body.deposit, 0, currency, content.total);
  const draft = body.draft ?? false;
  const pid = newPublicId();

  // no number given: the next one is computed inside the INSERT (concurrent creates cannot collide)
  const number = body.number ?? (nextNumber(scope, "estimate") as unknown as string);
  await refuseTakenNumber("estimate", body.number, () => {
    const row: NewEstimate = {
      publicId: pid,
      customerId: customer.id,
      name: body.name ?? null,
      number,
      currency,
      draft,
      closed: body.closed ?? false,
      date: body.date ?? ctx.now,
      expirationDate: body.expiration_date ?? null,
      paymentTerms: body.payment_terms !== undefined ? body.payment_terms : customer.paymentTerms,
      purchaseOrder: body.purchase_order ?? null,
      notes: body.notes ?? null,
      terms: body.terms ?? null,
      ...contentColumns(content),
      deposit,
      status: draft ? "draft" : body.sent ? "sent" : "not_sent",
      metadata: body.metadata ?? {},
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    const event = {
      type: "estimate.created",
      customerId: customer.id,
      objectType: "estimate",
      objectId: pid,
      // the estimate as GET /estimates/{id} will show it; id, number and line ids come from the inserts
      data: documentData(scope, "estimate", pid, estimateObject({ ...row, number: "" }, content.lines, null, objectCtx(ctx))),
    };
    return scope.batch([
      insertEstimateStmt(scope, row),
      ...insertLinesStmts(scope, "estimate", docIdByPublicId(scope, "estimate", pid), content.lines),
      eventStatement(scope, event, ctx.who, ctx.now),
    ]);
  });
  const row = await findEstimateByPublicId(scope, pid);
  return row!.id;
}

const contentColumns = (c: DocumentContent) => ({
  discounts: c.discounts,
  taxes: c.taxes,
  subtotal: c.subtotal,
  totalDiscounts: c.totalDiscounts,
  totalTaxes: c.totalTaxes,
  total: c.total,
});

export async function updateEstimate(scope: TenantScope, id: number, body: EstimateUpdate, ctx: WriteCtx): Promise<void> {
  const current = await loadEstimate(scope, id);
  if (!current) throw notFound("estimate");
  const e = current.row;
  if (body.customer !== undefined && body.customer !== e.customerId) {
    throw invalidRequest("customer cannot be changed; create a new estimate for the other customer", "customer");
  }
  if (body.currency !== undefined && body.currency.toLowerCase() !== e.currency) {
    throw invalidRequest("currency cannot be changed after an estimate is created", "currency");
  }
  if (body.deposit_paid !== undefined && body.deposit_paid !== e.depositPaid) throw depositPaidRefusal();
  const fields = givenFields(body);
  if ((ANSWERED as readonly string[]).includes(e.status)) {
    const blocked = fields.find((f) => !AFTER_ANSWER.has(f));
    if (blocked) throw answeredRefusal(e, blocked);
  }
  if (body.draft === true && !e.draft) throw conflict("An issued estimate cannot go back to draft; void it and create a new one", "draft");

  const content = touchesContent(body)
    ? await buildContent(
        scope,
        body,
        { currency: e.currency, tenantCurrency: ctx.tenant.currency, now: ctx.now },
        { lines: current.lines, discounts: e.discounts, taxes: e.taxes },
      )
    : null;
  const total = content?.total ?? e.total;
  const deposit = depositOf(body.deposit, e.deposit, e.currency, total);
  const draft = body.draft ?? e.draft;
  let status = e.status;
  if (e.draft && !draft) status = "not_sent";
  if (body.sent && !draft && (status === "not_sent" || status === "draft")) status = "sent";
  const expirationDate = body.expiration_date !== undefined ? body.expiration_date : e.expirationDate;
  // a stored `expired` comes back to life when the merchant extends it
  if (status === "expired" && body.expiration_date !== undefined && (expirationDate === null || expirationDate > ctx.now)) status = "sent";

  const set: Partial<NewEstimate> = {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.number !== undefined && { number: body.number }),
    ...(body.closed !== undefined && { closed: body.closed }),
    ...(body.date !== undefined && { date: body.date }),
    ...(body.payment_terms !== undefined && { paymentTerms: body.payment_terms }),
    ...(body.purchase_order !== undefined && { purchaseOrder: body.purchase_order }),
    ...(body.notes !== undefined && { notes: body.notes }),
    ...(body.terms !== undefined && { terms: body.terms }),
    ...(body.metadata !== undefined && { metadata: body.metadata }),
    ...(content && contentColumns(content)),
    expirationDate,
    deposit,
    draft,
    status,
    updatedAt: ctx.now,
  };
  const event = {
    type: "estimate.updated",
    customerId: e.customerId,
    objectType: "estimate",
    objectId: e.publicId,
    data: documentData(
      scope,
      "estimate",
      e.publicId,
      estimateObject({ ...e, ...set, revision: e.revision + 1 }, content ? content.lines : current.lines, current.approval, objectCtx(ctx)),
      estimateJson(e, current.lines, current.approval, objectCtx(ctx)),
      { extra: { fields } },
    ),
  };
  const statements = [
    updateEstimateStmt(scope, e, set),
    assertOneRowChanged(scope),
    ...(content ? [deleteLinesStmt(scope, "estimate", e.id), ...insertLinesStmts(scope, "estimate", e.id, content.lines)] : []),
    eventStatement(scope, event, ctx.who, ctx.now),
  ];
  await refuseTakenNumber("estimate", body.number, () => run(scope, statements));
}

export async function sendEstimate(scope: TenantScope, id: number, ctx: WriteCtx): Promise<void> {
  const current = await loadEstimate(scope, id);
  if (!current) throw notFound("estimate");
  const e = current.row;
  if ((ANSWERED as readonly string[]).includes(e.status)) throw conflict(`This estimate is ${e.status}; there is nothing to send`);
  const unchanged = !e.draft && e.status !== "draft" && e.status !== "not_sent";
  const set = { draft: false, status: "sent" as const, updatedAt: ctx.now };
  const object = estimateJson(unchanged ? e : { ...e, ...set, revision: e.revision + 1 }, current.lines, current.approval, objectCtx(ctx));
  const event = eventStatement(
    scope,
    { type: "estimate.sent", customerId: e.customerId, objectType: "estimate", objectId: e.publicId, data: { number: e.number, object } },
    ctx.who,
    ctx.now,
  );
  if (unchanged) {
    await event; // already with the customer: recorded, nothing changes (an open approval form stays valid)
    return;
  }
  await run(scope, [updateEstimateStmt(scope, e, set), assertOneRowChanged(scope), event]);
}

export async function voidEstimate(scope: TenantScope, id: number, ctx: WriteCtx): Promise<void> {
  const current = await loadEstimate(scope, id);
  if (!current) throw notFound("estimate");
  const e = current.row;
  if (e.status === "voided") return; // a retry changes nothing
  if (e.status === "invoiced" || e.invoiceId !== null) throw conflict("This estimate was turned into an invoice; void the invoice instead");
  if (e.depositPaid) throw conflict("Its deposit was paid; delete the deposit payment before voiding it");
  const set = { status: "voided" as const, updatedAt: ctx.now };
  const before = estimateJson(e, current.lines, current.approval, objectCtx(ctx));
  const after = estimateJson({ ...e, ...set, revision: e.revision + 1 }, current.lines, current.approval, objectCtx(ctx));
  const data = { number: e.number, was: e.status, object: after, previous: previousOf(before, after) };
  const event = { type: "estimate.voided", customerId: e.customerId, objectType: "estimate", objectId: e.publicId, data };
  await run(scope, [updateEstimateStmt(scope, e, set, notYetInvoiced(false)), assertOneRowChanged(scope), eventStatement(scope, event, ctx.who, ctx.now)]);
}

export async function deleteEstimate(scope: TenantScope, id: number, ctx: WriteCtx): Promise<void> {
  const current = await loadEstimate(scope, id);
  if (!current) throw notFound("estimate");
  const e = current.row;
  if (e.approved !== null || e.status === "approved" || e.status === "invoiced") {
    throw conflict("An approved estimate keeps its approval record and cannot be deleted; void it instead");
  }
  if (e.depositPaid) throw conflict("Its deposit was paid, so it cannot be deleted; delete the deposit payment first");
  // the estimate as it was: the event's statement runs after the row is gone
  const object = estimateJson(e, current.lines, current.approval, objectCtx(ctx));
  const event = { type: "estimate.deleted", customerId: e.customerId, objectType: "estimate", objectId: e.publicId, data: { number: e.number, object } };
  try {
    await run(scope, [
      deleteLinesStmt(scope, "estimate", e.id),
      deleteEstimateStmt(scope, e),
      assertOneRowChanged(scope),
      eventStatement(scope, event, ctx.who, ctx.now),
    ]);
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict("Payments or an approval record refer to this estimate, so it cannot be deleted; void it instead");
    throw err;
  }
}
