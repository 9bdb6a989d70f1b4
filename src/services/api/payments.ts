import type { BatchStatements } from "../../db/batch";
import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import { LOCK_STALE_SECONDS } from "../../db/queries/payment-attempts";
import {
  applicationsOf,
  findPayment,
  findPaymentByPublicId,
  invoiceNotLockedGuard,
  invoicePaidEventStmt,
  type Payment,
  raiseInvoiceBalanceStmt,
  unmarkDepositPaidStmt,
  updatePaymentFields,
  voidPaymentStmt,
} from "../../db/queries/payments";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { minorOf } from "../../lib/api/decimal";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { applyPaymentStatements } from "../pay/apply-payment";
import { paidOffInvoiceObject } from "./document-events";
import { checkApplicationTargets, PAYMENT_FIXED, PAYMENT_READ_ONLY, parseApplications, paymentCreateSchema, paymentUpdateSchema } from "./payment-input";
import { paymentToWire } from "./payment-wire";
import { refuseReadOnly } from "./wire";

/**
 * Payments through the merchant API: recording an offline payment and applying it
 * (applyPayment's one atomic batch), the wire shape, notes/reference/metadata
 * updates, and voiding (DELETE) which gives back what the payment took, atomically.
 */

/** Payments with their applications (one query for the whole page). */
export async function paymentsToWire(scope: TenantScope, rows: Payment[], portalOrigin: string) {
  const apps = await applicationsOf(
    scope,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    paymentToWire(
      r,
      apps.filter((a) => a.paymentId === r.id),
      portalOrigin,
    ),
  );
}

export async function getPayment(scope: TenantScope, id: number | null): Promise<Payment> {
  const row = id === null ? undefined : await findPayment(scope, id);
  if (!row) throw notFound("payment");
  return row;
}

const stillOwedConflict = () =>
  conflict("A document no longer owes what this payment applies to it (paid, voided, or being paid meanwhile); nothing was recorded", "applied_to");

/**
 * POST /payments. Validation gives the clear answers; the batch's conditional writes
 * decide races (S37: ten of these at once against one invoice never take its balance
 * below zero). `invoice.paid` is written in the same batch when this payment pays one off.
 */
export async function recordPayment(
  scope: TenantScope,
  tenant: Tenant,
  body: Record<string, unknown>,
  now: number,
  who: Actor,
  portalOrigin: string,
): Promise<Payment> {
  refuseReadOnly(body, PAYMENT_READ_ONLY);
  const input = validate(paymentCreateSchema, body);
  const customer = await findCustomer(scope, input.customer);
  if (!customer) throw invalidRequest(`No such customer: ${input.customer}`, "customer");
  const currency = input.currency ?? customer.currency ?? tenant.currency;
  const amount = minorOf(input.amount, currency, "amount");
  if (amount <= 0) throw invalidRequest("amount must be greater than 0", "amount");
  const applications = parseApplications(input.applied_to ?? [], currency, amount);
  const targets = await checkApplicationTargets(scope, customer.id, currency, applications, now);

  const { publicId, statements } = applyPaymentStatements(
    scope,
    {
      customerId: customer.id,
      currency,
      amount,
      applications,
      date: input.date,
      method: input.method ?? "other",
      reference: input.reference ?? null,
      source: "api",
      notes: input.notes ?? null,
      metadata: input.metadata ?? {},
    },
    now,
    who,
    portalOrigin,
  );
  const invoiceIds = applications.flatMap((a) => (a.type === "invoice" ? [a.invoiceId] : []));
  const batch = [
    ...invoiceIds.map((id) => invoiceNotLockedGuard(scope, id, now - LOCK_STALE_SECONDS)),
    ...statements,
    ...invoiceIds.map((id) => {
      const lines = targets.lines.filter((l) => l.invoiceId === id);
      return invoicePaidEventStmt(scope, id, publicId, who, now, paidOffInvoiceObject(targets.invoices.get(id)!, lines, now, { origin: portalOrigin, now }));
    }),
  ];
  try {
    await scope.batch(batch);
  } catch (err) {
    if (isGuardFailure(err)) throw stillOwedConflict();
    throw err;
  }
  return (await findPaymentByPublicId(scope, publicId))!;
}

/** PATCH /payments/{id}: notes, reference and metadata only. */
export async function updatePayment(
  scope: TenantScope,
  id: number | null,
  body: Record<string, unknown>,
  now: number,
  who: Actor,
  portalOrigin: string,
): Promise<Payment> {
  const existing = await getPayment(scope, id);
  refuseReadOnly(body, PAYMENT_READ_ONLY);
  refuseReadOnly(body, PAYMENT_FIXED, "a recorded payment cannot change; void it (DELETE) and record it again");
  const input = validate(paymentUpdateSchema, body);
  const set: Partial<Payment> = { updatedAt: now };
  if (input.reference !== undefined) set.reference = input.reference;
  if (input.notes !== undefined) set.notes = input.notes;
  if (input.metadata !== undefined) set.metadata = input.metadata;
  const apps = await applicationsOf(scope, [existing.id]);
  const before = paymentToWire(existing, apps, portalOrigin);
  const object = paymentToWire({ ...existing, ...set }, apps, portalOrigin);
  const data = { fields: Object.keys(input), object, previous: previousOf(before, object) };
  await scope.batch([
    updatePaymentFields(scope, existing.id, set),
    eventStatement(scope, { type: "payment.updated", customerId: existing.customerId, objectType: "payment", objectId: existing.publicId, data }, who, now),
  ]);
  return (await findPayment(scope, existing.id))!;
}

/**
 * DELETE /payments/{id}: voids a payment recorded through the API and gives back,
 * in one atomic batch, the invoice balances and estimate deposits it settled. A
 * payment charged through a gateway (portal, AutoPay) is refused: voiding it here
 * would reopen invoices while the money stays taken.
 */
export async function voidPayment(scope: TenantScope, id: number | null, now: number, who: Actor, portalOrigin: string): Promise<Payment> {
  const p = await getPayment(scope, id);
  if (p.status === "voided") throw conflict("This payment is already voided");
  if (p.status !== "succeeded") throw conflict(`A ${p.status} payment cannot be voided`);
  if (p.source !== "api" || p.gateway !== null) {
    throw conflict("This payment was charged through a payment gateway; refund it there instead of voiding it here");
  }
  const apps = await applicationsOf(scope, [p.id]);
  const voided = paymentToWire({ ...p, status: "voided", updatedAt: now }, apps, portalOrigin);
  const statements: BatchStatements = [voidPaymentStmt(scope, p.id, now), assertOneRowChanged(scope)];
  for (const a of apps) {
    if (a.type === "invoice" && a.invoiceId !== null) {
      statements.push(raiseInvoiceBalanceStmt(scope, a.invoiceId, a.amount, now), assertOneRowChanged(scope));
    } else if (a.type === "estimate" && a.estimateId !== null) {
      statements.push(unmarkDepositPaidStmt(scope, a.estimateId, now));
    }
  }
  statements.push(
    eventStatement(
      scope,
      {
        type: "payment.voided",
        customerId: p.customerId,
        objectType: "payment",
        objectId: p.publicId,
        data: {
          amount: p.amount,
          currency: p.currency,
          restored: apps.map((a) => ({ type: a.type, invoice: a.invoiceId, estimate: a.estimateId, amount: a.amount })),
          object: voided,
          previous: previousOf(paymentToWire(p, apps, portalOrigin), voided),
        },
      },
      who,
      now,
    ),
  );
  try {
    await scope.batch(statements);
  } catch (err) {
    // Voided by a concurrent request, or an invoice changed so that its balance cannot take the amount back.
    if (isGuardFailure(err)) throw conflict("This payment changed meanwhile (already voided, or an invoice it paid was changed); nothing was voided");
    throw err;
  }
  return (await findPayment(scope, p.id))!;
}
