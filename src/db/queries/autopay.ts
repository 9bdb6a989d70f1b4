import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, type SQL, sql } from "drizzle-orm";
import { rowsChanged } from "../batch";
import { autopayAttempts, customers, invoices, subscriptions } from "../schema";
import type { TenantScope } from "../scope";

/**
 * AutoPay's reads and claims. An invoice is due for AutoPay when its customer is
 * enrolled and it is open, issued and owed on or before `now` (its due date, or
 * its date without one). Each charge of an invoice is claimed by inserting the
 * row (invoice, attempt number): the unique index lets one run of several take it.
 * A claim whose worker died (still `charging` after AUTOPAY_LEASE_SECONDS) is
 * taken over by a later run with a conditional write, keeping its attempt number
 * and so its idempotency key: the gateway answers a repeat with the first charge.
 */

/** How long a claimed charge is its run's alone (a worker that died mid-charge is taken over after this). */
export const AUTOPAY_LEASE_SECONDS = 10 * 60;

/** Open invoices of enrolled customers that are due, oldest first (at most `limit`). */
export function dueAutopayInvoices(scope: TenantScope, now: number, limit: number) {
  return scope.db
    .select({ invoice: invoices, customer: customers })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.id, invoices.customerId), scope.own(customers)))
    .where(
      scope.own(
        invoices,
        eq(customers.autopay, true),
        eq(invoices.draft, false),
        eq(invoices.paid, false),
        eq(invoices.voided, false),
        eq(invoices.closed, false),
        gt(invoices.balance, 0),
        lte(sql`coalesce(${invoices.dueDate}, ${invoices.date})`, now),
        // not given up on, not waiting for a retry, not being charged by a live run (a stale claim is taken over)
        sql`NOT EXISTS (SELECT 1 FROM ${autopayAttempts} a WHERE a.invoice_id = ${invoices.id} AND a.attempt = (SELECT max(b.attempt) FROM ${autopayAttempts} b WHERE b.invoice_id = ${invoices.id}) AND (a.status = 'succeeded' OR (a.status = 'charging' AND a.updated_at > ${now - AUTOPAY_LEASE_SECONDS}) OR (a.status = 'failed' AND (a.next_attempt_at IS NULL OR a.next_attempt_at > ${now}))))`,
      ),
    )
    .orderBy(asc(sql`coalesce(${invoices.dueDate}, ${invoices.date})`), asc(invoices.id))
    .limit(limit)
    .all();
}

export function attemptsOf(scope: TenantScope, invoiceId: number) {
  return scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, invoiceId)).orderBy(desc(autopayAttempts.attempt)).all();
}

/** Claims charge number `attempt` of the invoice; false if another run has it. */
export async function claimAutopayAttempt(scope: TenantScope, invoiceId: number, attempt: number, paymentAttemptId: string, now: number): Promise<boolean> {
  const res = await scope
    .insert(autopayAttempts, { invoiceId, attempt, status: "charging", paymentAttemptId, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .run();
  return rowsChanged(res) === 1;
}

/**
 * Takes over charge number `attempt` whose run died: only while it is still
 * `charging`, its lease has run out, and nobody took it over since it was read
 * (`updated_at` as read). False if another run has it.
 */
export async function reclaimAutopayAttempt(
  scope: TenantScope,
  read: { invoiceId: number; attempt: number; updatedAt: number },
  now: number,
): Promise<boolean> {
  if (read.updatedAt > now - AUTOPAY_LEASE_SECONDS) return false;
  const res = await scope
    .update(
      autopayAttempts,
      { updatedAt: now },
      and(
        eq(autopayAttempts.invoiceId, read.invoiceId),
        eq(autopayAttempts.attempt, read.attempt),
        eq(autopayAttempts.status, "charging"),
        eq(autopayAttempts.updatedAt, read.updatedAt),
      ),
    )
    .run();
  return rowsChanged(res) === 1;
}

export function finishAutopayAttemptStmt(
  scope: TenantScope,
  invoiceId: number,
  attempt: number,
  set: { status: "succeeded" | "failed"; errorMessage?: string | null; nextAttemptAt?: number | null },
  now: number,
) {
  return scope.update(autopayAttempts, { ...set, updatedAt: now }, and(eq(autopayAttempts.invoiceId, invoiceId), eq(autopayAttempts.attempt, attempt)));
}

/**
 * The `past_due` work of a tenant run, at most `limit` of each: live subscriptions
 * not marked past due with an invoice that reads `past_due` (a balance left after
 * its due date, the invoices' own rule), and those marked with no such invoice
 * left. Invoices name their subscription in `metadata.subscription`.
 */
export async function pastDueState(scope: TenantScope, now: number, limit: number): Promise<{ toMark: number[]; toClear: number[] }> {
  const overdueOf = (subId: SQL) =>
    sql`EXISTS (SELECT 1 FROM ${invoices} i WHERE i.tenant_id = ${scope.tenantId} AND json_extract(i.metadata, '$.subscription') = CAST(${subId} AS TEXT)
      AND i.paid = 0 AND i.voided = 0 AND i.draft = 0 AND i.closed = 0 AND i.balance > 0 AND i.due_date < ${now})`;
  const live = (...more: SQL[]) =>
    scope.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(scope.own(subscriptions, isNull(subscriptions.canceledAt), ...more))
      .limit(limit);
  const overdueSubs = scope.db
    .selectDistinct({ id: sql<number>`CAST(json_extract(${invoices.metadata}, '$.subscription') AS INTEGER)` })
    .from(invoices)
    .where(
      scope.own(
        invoices,
        eq(invoices.paid, false),
        eq(invoices.voided, false),
        eq(invoices.draft, false),
        eq(invoices.closed, false),
        gt(invoices.balance, 0),
        lt(invoices.dueDate, now),
        sql`json_extract(${invoices.metadata}, '$.subscription') IS NOT NULL`,
      ),
    );
  const [toMark, toClear] = await scope.batch([
    live(eq(subscriptions.pastDue, false), inArray(subscriptions.id, overdueSubs)),
    live(eq(subscriptions.pastDue, true), sql`NOT ${overdueOf(sql`${subscriptions.id}`)}`),
  ]);
  return { toMark: toMark.map((r) => r.id), toClear: toClear.map((r) => r.id) };
}
