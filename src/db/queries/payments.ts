import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Actor, eventStatement } from "../events";
import { estimates, invoices, paymentApplications, payments } from "../schema";
import type { TenantScope } from "../scope";
import { type LineRow, linesOf } from "./documents";

export type Payment = typeof payments.$inferSelect;
export type PaymentApplication = typeof paymentApplications.$inferSelect;
export type NewPayment = Omit<typeof payments.$inferInsert, "tenantId" | "id">;

/** The id of a payment inserted earlier in the same batch, found by its public id. */
const paymentIdOf = (scope: TenantScope, publicId: string) =>
  sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.tenantId} = ${scope.tenantId} AND ${payments.publicId} = ${publicId})`;

export function insertPaymentStmt(scope: TenantScope, row: NewPayment) {
  return scope.insert(payments, row);
}

export function insertApplicationStmt(
  scope: TenantScope,
  paymentPublicId: string,
  a: { type: "invoice" | "estimate" | "credit"; invoiceId?: number | null; estimateId?: number | null; amount: number },
) {
  return scope.insert(paymentApplications, {
    paymentId: paymentIdOf(scope, paymentPublicId) as unknown as number,
    type: a.type,
    invoiceId: a.invoiceId ?? null,
    estimateId: a.estimateId ?? null,
    amount: a.amount,
  });
}

/**
 * Lowers an invoice's balance by `amount` only if it still owes at least that much,
 * in the payment's currency, and is neither draft nor voided (S34, S37). Marks it paid
 * when the balance reaches zero and releases the payment lock held by `lockId`.
 * Follow it with assertOneRowChanged in the same batch.
 */
export function lowerInvoiceBalanceStmt(scope: TenantScope, invoiceId: number, amount: number, currency: string, now: number, lockId?: string | null) {
  const after = sql`${invoices.balance} - ${amount}`;
  return scope.update(
    invoices,
    {
      balance: after as unknown as number,
      paid: sql`CASE WHEN ${after} = 0 THEN 1 ELSE 0 END` as unknown as boolean,
      status: sql`CASE WHEN ${after} = 0 THEN 'paid' ELSE ${invoices.status} END` as unknown as "paid",
      paymentLock: (lockId
        ? sql`CASE WHEN ${invoices.paymentLock} = ${lockId} THEN NULL ELSE ${invoices.paymentLock} END`
        : sql`${invoices.paymentLock}`) as unknown as string,
      updatedAt: now,
    },
    and(
      eq(invoices.id, invoiceId),
      sql`${invoices.balance} >= ${amount}`,
      eq(invoices.currency, currency),
      eq(invoices.voided, false),
      eq(invoices.draft, false),
    ),
  );
}

/** Gives back what a payment took from an invoice (the payment is being deleted). */
export function raiseInvoiceBalanceStmt(scope: TenantScope, invoiceId: number, amount: number, now: number) {
  return scope.update(
    invoices,
    {
      balance: sql`${invoices.balance} + ${amount}` as unknown as number,
      paid: false,
      status: sql`CASE WHEN ${invoices.status} = 'paid' THEN 'sent' ELSE ${invoices.status} END` as unknown as "sent",
      updatedAt: now,
    },
    and(eq(invoices.id, invoiceId), sql`${invoices.balance} + ${amount} <= ${invoices.total}`),
  );
}

/** Marks an estimate's deposit paid, once, when the amount covers it. Follow with assertOneRowChanged. */
export function markDepositPaidStmt(scope: TenantScope, estimateId: number, amount: number, currency: string, now: number) {
  return scope.update(
    estimates,
    { depositPaid: true, updatedAt: now },
    and(eq(estimates.id, estimateId), eq(estimates.depositPaid, false), eq(estimates.currency, currency), sql`${estimates.deposit} <= ${amount}`),
  );
}

export function unmarkDepositPaidStmt(scope: TenantScope, estimateId: number, now: number) {
  return scope.update(estimates, { depositPaid: false, updatedAt: now }, eq(estimates.id, estimateId));
}

/** Voids a succeeded payment; follow with assertOneRowChanged so two deletes cannot both give money back. */
export function voidPaymentStmt(scope: TenantScope, paymentId: number, now: number) {
  return scope.update(payments, { status: "voided", updatedAt: now }, and(eq(payments.id, paymentId), eq(payments.status, "succeeded")));
}

export function findPayment(scope: TenantScope, id: number) {
  return scope.select(payments, eq(payments.id, id)).get();
}

export function findPaymentByPublicId(scope: TenantScope, publicId: string) {
  return scope.select(payments, eq(payments.publicId, publicId)).get();
}

export function applicationsOf(scope: TenantScope, paymentIds: number[]) {
  if (paymentIds.length === 0) return Promise.resolve([] as PaymentApplication[]);
  return scope.select(paymentApplications, inArray(paymentApplications.paymentId, paymentIds)).orderBy(paymentApplications.id).all();
}

function listPayments(scope: TenantScope, where: SQL | undefined, order: SQL[], limit: number, offset: number) {
  return scope.batch([
    scope
      .select(payments, where)
      .orderBy(...(order.length ? order : [desc(payments.date), desc(payments.id)]))
      .limit(limit)
      .offset(offset),
    scope.count(payments, where),
  ]);
}

export function updatePaymentFields(scope: TenantScope, id: number, set: Partial<typeof payments.$inferInsert>) {
  return scope.update(payments, set, eq(payments.id, id));
}

// --- merchant API: checks before applying, guards and events inside the batch ---

/**
 * The invoices (with their lines, for the `invoice.paid` event's object) and estimates a
 * payment is about to be applied to, in one round trip (the caller checks customer and state).
 */
export async function documentsByIds(
  scope: TenantScope,
  invoiceIds: number[],
  estimateIds: number[],
): Promise<{ invoices: (typeof invoices.$inferSelect)[]; estimates: (typeof estimates.$inferSelect)[]; lines: LineRow[] }> {
  const [inv, est, lines] = await scope.batch([
    scope.select(invoices, inArray(invoices.id, invoiceIds.length ? invoiceIds : [-1])),
    scope.select(estimates, inArray(estimates.id, estimateIds.length ? estimateIds : [-1])),
    linesOf(scope, "invoice", invoiceIds),
  ]);
  return { invoices: inv as (typeof invoices.$inferSelect)[], estimates: est as (typeof estimates.$inferSelect)[], lines: lines as LineRow[] };
}

/**
 * S37 inside the batch: fails it (see assertOneRowChanged's json() trick) when a
 * portal payment attempt holds a live lock on the invoice, so an offline payment
 * recorded while the customer is paying online cannot pay the invoice twice.
 * (A select built by drizzle: raw statements with parameters cannot go in a D1 batch.)
 */
export function invoiceNotLockedGuard(scope: TenantScope, invoiceId: number, liveSince: number) {
  return scope.db
    .select({
      ok: sql`json(CASE WHEN ${invoices.paymentLock} IS NOT NULL AND ${invoices.paymentLockAt} >= ${liveSince} THEN 'guard: invoice is being paid' ELSE '1' END)`,
    })
    .from(invoices)
    .where(scope.own(invoices, eq(invoices.id, invoiceId)));
}

/**
 * An `invoice.paid` event, written only if the invoice's balance is zero when this
 * statement runs. Placed after the balance updates of the same batch (which runs
 * alone), it fires exactly when this payment paid the invoice off. `object`: the
 * invoice as the API returns it once paid off (the writer serialises it).
 */
export function invoicePaidEventStmt(scope: TenantScope, invoiceId: number, paymentPublicId: string, who: Actor, now: number, object: Record<string, unknown>) {
  const e = {
    type: "invoice.paid",
    customerId: invoices.customerId,
    objectType: "invoice",
    objectId: invoices.id,
    data: sql`json_object('number', ${invoices.number}, 'payment', ${paymentPublicId}, 'object', json(${JSON.stringify(object)}))`,
  };
  return eventStatement(scope, e, who, now, { from: invoices, when: scope.own(invoices, eq(invoices.id, invoiceId), eq(invoices.balance, 0)) });
}

/** Payments with their applications, for one page: two round trips at most. */
export async function listPaymentsPage(scope: TenantScope, where: SQL[], order: SQL[], limit: number, offset: number) {
  const [rows, total] = await listPayments(scope, and(...where), order.length ? [...order, desc(payments.id)] : [], limit, offset);
  return { rows, total: total[0]?.n ?? 0 };
}

/** The id of the payment with this public id (one inserted earlier in the same batch). */
export const paymentIdByPublicId = (scope: TenantScope, publicId: string) =>
  sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.tenantId} = ${scope.tenantId} AND ${payments.publicId} = ${publicId})`;
