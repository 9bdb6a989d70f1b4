import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { rowsChanged } from "../batch";
import { type Actor, changedOne, eventStatement } from "../events";
import { estimates, invoices, paymentAttempts, payments } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";

/**
 * Payment attempts (S36) and the invoice payment lock (S37). Every state change
 * here is one conditional write whose "rows changed" the caller checks: D1 has
 * no interactive transactions, so check-then-act is never two statements.
 */

export type PaymentAttempt = typeof paymentAttempts.$inferSelect;
export type NewPaymentAttempt = Omit<typeof paymentAttempts.$inferInsert, "tenantId">;

/** Writes the attempt before anything is charged; a second insert with the same client key changes nothing. */
export async function insertAttempt(scope: TenantScope, row: NewPaymentAttempt): Promise<boolean> {
  const res = await scope.insert(paymentAttempts, row).onConflictDoNothing().run();
  return rowsChanged(res) === 1;
}

/** The signed-in customer's attempt by the key its confirmation form carries (S31: another's is not found). */
export function findMyAttempt(my: CustomerScope, clientKey: string) {
  return my.select(paymentAttempts, eq(paymentAttempts.clientKey, clientKey)).get();
}

/** An attempt of this tenant by its id (webhooks carry it in metadata). */
export function findAttemptById(scope: TenantScope, id: string) {
  return scope.select(paymentAttempts, eq(paymentAttempts.id, id)).get();
}

/** pending -> processing, once: of two identical confirmations only one goes on to charge (S36). */
export async function claimAttempt(scope: TenantScope, id: string, now: number): Promise<boolean> {
  const res = await scope
    .update(paymentAttempts, { status: "processing", updatedAt: now }, and(eq(paymentAttempts.id, id), eq(paymentAttempts.status, "pending")))
    .run();
  return rowsChanged(res) === 1;
}

/** Remembers the provider's id (checkout session, payment intent) on a live attempt. */
export function setAttemptProviderRef(scope: TenantScope, id: string, providerRef: string, now: number) {
  return scope.update(paymentAttempts, { providerRef, updatedAt: now }, eq(paymentAttempts.id, id));
}

const UNSETTLED = ["pending", "processing"] as const;

/** Statement: the attempt failed (only while unsettled: a late failure never undoes a success, S39). */
export function failAttemptStmt(scope: TenantScope, id: string, message: string, providerRef: string | null, now: number) {
  return scope.update(
    paymentAttempts,
    { status: "failed", errorMessage: message.slice(0, 300), ...(providerRef ? { providerRef } : {}), updatedAt: now },
    and(eq(paymentAttempts.id, id), inArray(paymentAttempts.status, [...UNSETTLED])),
  );
}

/** Statement: the customer gave up on an attempt that has not succeeded (a late success may still settle it). */
export function cancelAttemptStmt(scope: TenantScope, id: string, message: string, now: number) {
  return scope.update(
    paymentAttempts,
    { status: "canceled", errorMessage: message.slice(0, 300), updatedAt: now },
    and(eq(paymentAttempts.id, id), inArray(paymentAttempts.status, [...UNSETTLED])),
  );
}

/**
 * Statement: the attempt succeeded, pointing at the payment inserted earlier in the same
 * batch. Follow it with assertOneRowChanged: a second settlement (webhook and return page
 * racing, an event delivered twice) then undoes its whole batch, so one payment is recorded.
 * A failed or canceled attempt may still turn out paid (a late webhook after a timeout):
 * money that was taken is always recorded, so every state but "succeeded" is accepted.
 */
export function succeedAttemptStmt(scope: TenantScope, id: string, paymentPublicId: string, providerRef: string | null, now: number) {
  return scope.update(
    paymentAttempts,
    {
      status: "succeeded",
      paymentId:
        sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.tenantId} = ${scope.tenantId} AND ${payments.publicId} = ${paymentPublicId})` as unknown as number,
      ...(providerRef ? { providerRef } : {}),
      errorMessage: null,
      updatedAt: now,
    },
    and(eq(paymentAttempts.id, id), inArray(paymentAttempts.status, ["pending", "processing", "failed", "canceled"])),
  );
}

/** How long an abandoned lock blocks an invoice: a worker that died mid-charge must not block it forever. */
export const LOCK_STALE_SECONDS = 10 * 60;

/**
 * S37: takes the payment lock of every invoice in one conditional UPDATE. An invoice
 * qualifies only if it is the customer's, open, in the currency, owes at least what
 * this attempt will apply to it, and is not locked by another live attempt. The caller
 * must see rows changed = number of invoices, else release and give up.
 *
 * `lockedAt` may lie in the future to hold the lock longer (a hosted checkout lasts 30 minutes).
 * With `exact` (the tenant refuses partial payments) each invoice must owe exactly its amount.
 */
export async function lockInvoices(
  scope: TenantScope,
  customerId: number,
  attemptId: string,
  plan: { invoiceId: number; amount: number }[],
  currency: string,
  now: number,
  lockedAt = now,
  exact = false,
): Promise<boolean> {
  if (plan.length === 0) return true;
  const owes = sql.join(
    plan.map((p) => sql`WHEN ${p.invoiceId} THEN ${p.amount}`),
    sql` `,
  );
  const res = await scope
    .update(
      invoices,
      { paymentLock: attemptId, paymentLockAt: lockedAt },
      and(
        eq(invoices.customerId, customerId),
        inArray(
          invoices.id,
          plan.map((p) => p.invoiceId),
        ),
        eq(invoices.currency, currency),
        eq(invoices.draft, false),
        eq(invoices.voided, false),
        eq(invoices.paid, false),
        eq(invoices.closed, false),
        exact ? sql`${invoices.balance} = CASE ${invoices.id} ${owes} END` : sql`${invoices.balance} >= CASE ${invoices.id} ${owes} END`,
        or(isNull(invoices.paymentLock), eq(invoices.paymentLock, attemptId), lt(invoices.paymentLockAt, now - LOCK_STALE_SECONDS)),
      ),
    )
    .run();
  return rowsChanged(res) === plan.length;
}

/** Balances of the customer's invoices by id: to explain a refused lock (never to decide one). */
export async function invoiceBalances(scope: TenantScope, customerId: number, ids: number[]): Promise<Map<number, number>> {
  const rows = await scope.db
    .select({ id: invoices.id, balance: invoices.balance })
    .from(invoices)
    .where(scope.own(invoices, eq(invoices.customerId, customerId), inArray(invoices.id, ids.length ? ids : [-1])));
  return new Map(rows.map((r) => [r.id, r.balance]));
}

/** Statement: gives back the locks this attempt holds on these invoices (and only those). */
export function releaseLocksStmt(scope: TenantScope, attemptId: string, invoiceIds: number[]) {
  return scope.update(
    invoices,
    { paymentLock: null, paymentLockAt: null },
    and(inArray(invoices.id, invoiceIds.length ? invoiceIds : [-1]), eq(invoices.paymentLock, attemptId)),
  );
}

/**
 * S37 for deposits: the estimate's payment lock, taken only while the deposit is
 * unpaid, the estimate approved (or already invoiced) and no other live attempt holds it.
 */
export async function lockEstimate(
  scope: TenantScope,
  customerId: number,
  attemptId: string,
  estimateId: number,
  currency: string,
  now: number,
  lockedAt = now,
): Promise<boolean> {
  const res = await scope
    .update(
      estimates,
      { paymentLock: attemptId, paymentLockAt: lockedAt },
      and(
        eq(estimates.customerId, customerId),
        eq(estimates.id, estimateId),
        eq(estimates.currency, currency),
        eq(estimates.depositPaid, false),
        inArray(estimates.status, ["approved", "invoiced"]),
        or(isNull(estimates.paymentLock), eq(estimates.paymentLock, attemptId), lt(estimates.paymentLockAt, now - LOCK_STALE_SECONDS)),
      ),
    )
    .run();
  return rowsChanged(res) === 1;
}

/** Statement: gives back the deposit locks this attempt holds. */
export function releaseEstimateLocksStmt(scope: TenantScope, attemptId: string, estimateIds: number[]) {
  return scope.update(
    estimates,
    { paymentLock: null, paymentLockAt: null },
    and(inArray(estimates.id, estimateIds.length ? estimateIds : [-1]), eq(estimates.paymentLock, attemptId)),
  );
}

/**
 * Statement: an audit event about a payment attempt, written only if the statement just
 * before it in the batch changed exactly one row (a state change a retry may have done already).
 */
export function attemptEventIfChangedStmt(
  scope: TenantScope,
  attemptId: string,
  e: { type: string; customerId: number; data: Record<string, unknown> },
  who: Actor,
  now: number,
) {
  return eventStatement(scope, { ...e, objectType: "payment_attempt", objectId: attemptId }, who, now, {
    from: paymentAttempts,
    when: scope.own(paymentAttempts, eq(paymentAttempts.id, attemptId), changedOne),
  });
}
