import { and, asc, count, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from "drizzle-orm";
import {
  contacts,
  customers,
  estimates,
  invoices,
  paymentAttempts,
  payments,
  paymentSources,
  sessions,
  signinTokens,
} from "../schema";
import type { TenantScope } from "../scope";
import { lastInsertedId } from "../batch";
import { type Actor, eventStatement } from "../events";
import { nextNumber } from "./numbering";
import { emailIs } from "./email-match";
import { revokeCustomerSessions } from "./sessions";
import type { Customer } from "./types";

/** Customers and their contacts for the merchant API: every statement goes through the tenant scope. */

export type Contact = typeof contacts.$inferSelect;
export type PaymentSource = typeof paymentSources.$inferSelect;
export type NewCustomer = Omit<typeof customers.$inferInsert, "tenantId" | "id">;
export type NewContact = Omit<typeof contacts.$inferInsert, "tenantId" | "id" | "customerId">;

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

export function findCustomer(scope: TenantScope, id: number): Promise<Customer | undefined> {
  return scope.select(customers, eq(customers.id, id)).get();
}

/** One page of customers and the total, in one round trip. */
export async function listCustomers(scope: TenantScope, q: Page): Promise<{ rows: Customer[]; total: number }> {
  const where = and(...q.where);
  const [rows, total] = await scope.batch([
    scope.select(customers, where).orderBy(...q.order, asc(customers.id)).limit(q.perPage).offset(q.offset),
    scope.count(customers, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
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

/** The audit event of the customer created earlier in the same batch. */
export const newCustomerEventStmt = (scope: TenantScope, data: Record<string, unknown>, who: Actor, now: number) =>
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

// --- contacts -------------------------------------------------------------

export function findContactOf(scope: TenantScope, customerId: number, id: number): Promise<Contact | undefined> {
  return scope.select(contacts, and(eq(contacts.customerId, customerId), eq(contacts.id, id))).get();
}

export async function listContactsOf(scope: TenantScope, customerId: number, q: Page): Promise<{ rows: Contact[]; total: number }> {
  const where = and(eq(contacts.customerId, customerId), ...q.where);
  const [rows, total] = await scope.batch([
    scope.select(contacts, where).orderBy(...q.order, asc(contacts.id)).limit(q.perPage).offset(q.offset),
    scope.count(contacts, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export function insertContactStmt(scope: TenantScope, customerId: number, row: NewContact) {
  return scope.insert(contacts, { ...row, customerId }).returning();
}

/** The audit event of the contact created earlier in the same batch. */
export const newContactEventStmt = (scope: TenantScope, customerId: number, data: Record<string, unknown>, who: Actor, now: number) =>
  eventStatement(scope, { type: "contact.created", customerId, objectType: "contact", objectId: lastInsertedId(scope, contacts), data }, who, now);

export function updateContactStmt(scope: TenantScope, customerId: number, id: number, set: Partial<NewContact>) {
  return scope.update(contacts, set, and(eq(contacts.customerId, customerId), eq(contacts.id, id))).returning();
}

export function deleteContactStmt(scope: TenantScope, customerId: number, id: number) {
  return scope.delete(contacts, and(eq(contacts.customerId, customerId), eq(contacts.id, id)));
}

/** At most one primary contact: clears the flag on the customer's others (batched before the write). */
export function clearPrimaryContactsStmt(scope: TenantScope, customerId: number, now: number, exceptId?: number) {
  return scope.update(
    contacts,
    { primary: false, updatedAt: now },
    and(eq(contacts.customerId, customerId), eq(contacts.primary, true), exceptId === undefined ? undefined : ne(contacts.id, exceptId)),
  );
}

/**
 * S22: ends the customer's portal sessions that were signed in with `email` (a contact
 * whose address changed or who was removed no longer reaches the account).
 */
export function revokeSessionsSignedInAsStmt(scope: TenantScope, customerId: number, email: string, now: number) {
  return scope.update(
    sessions,
    { revokedAt: now },
    and(eq(sessions.customerId, customerId), isNull(sessions.revokedAt), emailIs(sessions.email, email)),
  );
}
