import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { type Actor, changedOne, eventStatement } from "../events";
import { customers, estimates, invoices, paymentAttempts, paymentSources } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";
import { openCondition, visible } from "./invoices";

/** What the pay page reads: the signed-in customer's open invoices, estimates and saved methods (S31). */

export type PayInvoice = Pick<
  typeof invoices.$inferSelect,
  "id" | "publicId" | "number" | "currency" | "total" | "balance" | "dueDate" | "date" | "status" | "paid" | "paymentLock" | "paymentLockAt"
>;
export type PayEstimate = typeof estimates.$inferSelect;
export type SavedSource = typeof paymentSources.$inferSelect;

const invoiceColumns = {
  id: invoices.id,
  publicId: invoices.publicId,
  number: invoices.number,
  currency: invoices.currency,
  total: invoices.total,
  balance: invoices.balance,
  dueDate: invoices.dueDate,
  date: invoices.date,
  status: invoices.status,
  paid: invoices.paid,
  paymentLock: invoices.paymentLock,
  paymentLockAt: invoices.paymentLockAt,
};

/** A pay page never lists more than this many invoices; one payment covers at most MAX_INVOICES. */
export const OPEN_INVOICE_LIMIT = 100;
/** D1 allows 100 bound parameters a statement: the lock UPDATE uses three per invoice. */
export const MAX_INVOICES = 25;

/**
 * One round trip: the customer's open invoices (oldest due first), the invoices the
 * request names (open or not, so a paid one can be explained: S34), and the saved
 * methods of the tenant's gateway.
 */
export async function loadPayContext(my: CustomerScope, named: string[], gateway: string) {
  const [open, namedRows, sources] = await my.batch([
    my.db
      .select(invoiceColumns)
      .from(invoices)
      .where(my.mine(invoices, visible(), openCondition()))
      .orderBy(asc(sql`coalesce(${invoices.dueDate}, ${invoices.date})`), asc(invoices.id))
      .limit(OPEN_INVOICE_LIMIT),
    my.db
      .select(invoiceColumns)
      .from(invoices)
      .where(my.mine(invoices, visible(), inArray(invoices.publicId, named.length ? named : [""]))),
    my.db
      .select()
      .from(paymentSources)
      .where(my.mine(paymentSources, isNull(paymentSources.deletedAt), eq(paymentSources.gateway, gateway)))
      .orderBy(asc(paymentSources.createdAt), asc(paymentSources.id)),
  ]);
  return { open: open as PayInvoice[], named: namedRows as PayInvoice[], sources: sources as SavedSource[] };
}

/** The customer's estimate by public id (not drafts), for a deposit. */
export function findMyEstimate(my: CustomerScope, publicId: string) {
  return my.select(estimates, and(eq(estimates.publicId, publicId), eq(estimates.draft, false))).get();
}

/** A saved method (live or single-use) by internal id, of this customer only. */
export function findSourceById(scope: TenantScope, customerId: number, id: number) {
  return scope.select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, id))).get();
}

export function insertSource(scope: TenantScope, row: Omit<typeof paymentSources.$inferInsert, "tenantId">) {
  return scope.insert(paymentSources, row).returning();
}

/**
 * Statements: AutoPay on (and this method as default when none is set), then an
 * `autopay.enrolled` event only if the customer was not enrolled already.
 */
export function enrollAutopayStmts(scope: TenantScope, customerId: number, sourceId: number | null, who: Actor, now: number) {
  return [
    scope.update(
      customers,
      {
        autopay: true,
        ...(sourceId ? { defaultPaymentSourceId: sql`coalesce(${customers.defaultPaymentSourceId}, ${sourceId})` as unknown as number } : {}),
        updatedAt: now,
      },
      and(eq(customers.id, customerId), eq(customers.autopay, false)),
    ),
    eventStatement(
      scope,
      { type: "autopay.enrolled", customerId, objectType: "customer", objectId: String(customerId), data: { via: "pay" } },
      who,
      now,
      { from: customers, when: scope.own(customers, eq(customers.id, customerId), changedOne) },
    ),
  ] as const;
}

/** Statement: a single-use method becomes a saved one (the customer asked to keep it and the charge went through). */
export function reviveSourceStmt(scope: TenantScope, customerId: number, sourceId: number) {
  return scope.update(paymentSources, { deletedAt: null }, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, sourceId)));
}

/** A customer's method with this provider token, live or not (a webhook and the return page may both try to save it). */
export function findSourceByToken(scope: TenantScope, customerId: number, gateway: string, token: string) {
  return scope
    .select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.gateway, gateway), eq(paymentSources.gatewayToken, token)))
    .get();
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
