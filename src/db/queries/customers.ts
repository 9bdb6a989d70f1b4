import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { lastInsertedId } from "../batch";
import { type Actor, eventStatement } from "../events";
import { pageOf } from "../page";
import { contacts, customers, estimates, invoices, paymentAttempts, paymentSources, payments, sessions, signinTokens } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";
import type { NewContact } from "./contacts";
import { emailIs } from "./email-match";
import { nextNumber } from "./numbering";
import { revokeCustomerSessions } from "./sessions";
import type { Customer } from "./types";

/** Customers and their contacts for the merchant API: every statement goes through the tenant scope. */

export type PaymentSource = typeof paymentSources.$inferSelect;
export type NewCustomer = Omit<typeof customers.$inferInsert, "tenantId" | "id">;

export type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

export function findCustomer(scope: TenantScope, id: number): Promise<Customer | undefined> {
  return scope.select(customers, eq(customers.id, id)).get();
}

/** One page of customers and the total, in one round trip. */
export async function listCustomers(scope: TenantScope, q: Page): Promise<{ rows: Customer[]; total: number }> {
  return pageOf(scope, customers, { where: and(...q.where), order: q.order, limit: q.perPage, offset: q.offset });
}

/** The default payment sources of these customers that still exist (for `payment_source`). */
export function paymentSourcesByIds(scope: TenantScope, ids: number[]): Promise<PaymentSource[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return scope.select(paymentSources, and(inArray(paymentSources.id, ids), isNull(paymentSources.deletedAt))).all();
}

/** The id of the customer inserted earlier in the same batch. */
export const newCustomerId = (scope: TenantScope) => lastInsertedId(scope, customers);

export function insertCustomerStmt(scope: TenantScope, row: Omit<NewCustomer, "number"> & { number?: string | null }) {
  return scope.insert(customers, { ...row, number: (row.number ?? nextNumber(scope, "customer")) as string });
}

/** A contact of the customer inserted earlier in the same batch. */
export function insertContactOfNewCustomerStmt(scope: TenantScope, row: NewContact) {
  return scope.insert(contacts, { ...row, customerId: newCustomerId(scope) as unknown as number });
}

/** The customer inserted earlier in the same batch, read back as the batch's last statement. */
export function selectNewCustomerStmt(scope: TenantScope) {
  return scope.select(customers, eq(customers.id, newCustomerId(scope) as unknown as number));
}

/** The customer's number as the insert earlier in the same batch computed it. */
export const newCustomerNumber = (scope: TenantScope) => sql`(SELECT ${customers.number} FROM ${customers} WHERE ${customers.id} = ${newCustomerId(scope)})`;

/** The audit event of the customer created earlier in the same batch. */
export const newCustomerEventStmt = (scope: TenantScope, data: Record<string, unknown> | SQL, who: Actor, now: number) =>
  eventStatement(scope, { type: "customer.created", customerId: newCustomerId(scope), objectType: "customer", objectId: newCustomerId(scope), data }, who, now);

export function updateCustomerStmt(scope: TenantScope, id: number, set: Partial<NewCustomer>) {
  return scope.update(customers, set, eq(customers.id, id));
}

/**
 * True when `soughtId` is `startId` or one of its parents, grandparents...: making
 * `startId` the parent of `soughtId` would then close a parent_customer cycle.
 */
export async function parentChainContains(scope: TenantScope, startId: number, soughtId: number): Promise<boolean> {
  // Recursive CTE up the chain of parents, bounded against bad data.
  const rows = await scope.db.all<{ id: number }>(sql`
    WITH RECURSIVE chain(id, depth) AS (
      SELECT ${startId}, 0
      UNION ALL
      SELECT c.parent_customer, chain.depth + 1 FROM customers c JOIN chain ON c.id = chain.id
      WHERE c.tenant_id = ${scope.tenantId} AND c.parent_customer IS NOT NULL AND chain.depth < 50
    )
    SELECT id FROM chain WHERE id = ${soughtId} LIMIT 1`);
  return rows.length > 0;
}

/** What still refers to a customer and would be orphaned by deleting it, counted in one round trip. */
export async function customerDependents(scope: TenantScope, id: number) {
  const [inv, est, pay, att, subs, src] = await scope.batch([
    scope.count(invoices, eq(invoices.customerId, id)),
    scope.count(estimates, eq(estimates.customerId, id)),
    scope.count(payments, eq(payments.customerId, id)),
    scope.count(paymentAttempts, eq(paymentAttempts.customerId, id)),
    scope.count(customers, eq(customers.parentCustomer, id)),
    scope.count(paymentSources, and(eq(paymentSources.customerId, id), isNull(paymentSources.deletedAt))),
  ]);
  const n = (r: { n: number }[]) => r[0]?.n ?? 0;
  return {
    invoices: n(inv),
    estimates: n(est),
    payments: n(pay) + n(att),
    subCustomers: n(subs),
    paymentSources: n(src),
  };
}

/**
 * Statements that remove a customer with nothing left that refers to it: its contacts,
 * removed payment sources (kept only as history), sign-in links, then the row. Its
 * sessions are ended rather than deleted, so the audit trail keeps them.
 */
export function deleteCustomerStmts(scope: TenantScope, id: number, now: number) {
  return [
    scope.delete(contacts, eq(contacts.customerId, id)),
    scope.delete(paymentSources, and(eq(paymentSources.customerId, id), isNotNull(paymentSources.deletedAt))),
    scope.update(signinTokens, { revokedAt: now }, and(eq(signinTokens.customerId, id), isNull(signinTokens.revokedAt))),
    revokeCustomerSessions(scope, id, now),
    scope.delete(customers, eq(customers.id, id)),
  ] as const;
}

/**
 * S22: ends the customer's portal sessions that were signed in with `email` (a contact
 * whose address changed or who was removed no longer reaches the account).
 */
export function revokeSessionsSignedInAsStmt(scope: TenantScope, customerId: number, email: string, now: number) {
  return scope.update(sessions, { revokedAt: now }, and(eq(sessions.customerId, customerId), isNull(sessions.revokedAt), emailIs(sessions.email, email)));
}

// --- the signed-in customer's own row (portal) ---

/** The customer's own billing fields that the portal lets them edit. */
export type BillingProfile = Pick<Customer, "name" | "email" | "phone" | "address1" | "address2" | "city" | "state" | "postalCode" | "country" | "taxId">;

/**
 * The customers table has no customer_id column, so `my.update()` does not fit it:
 * the row is the customer itself, `tenant_id = ? AND id = <the scope's customer>`.
 * The id comes from the scope, never from a form.
 */
function ownRow(my: CustomerScope) {
  return my.own(customers, eq(customers.id, my.customerId));
}

/** Statement updating the signed-in customer's own billing fields. */
export function updateBillingProfile(my: CustomerScope, profile: Partial<BillingProfile>, now: number) {
  return my.db
    .update(customers)
    .set({ ...profile, updatedAt: now })
    .where(ownRow(my));
}
