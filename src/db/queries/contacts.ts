import { and, asc, desc, eq, ne, type SQL } from "drizzle-orm";
import { lastInsertedId } from "../batch";
import { type Actor, eventStatement } from "../events";
import { pageOf } from "../page";
import { contacts } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";
import type { Page } from "./customers";
import { pageReads } from "./page-entry";

/** A customer's contacts: the signed-in customer's own (portal), or any customer's of the tenant (merchant API). */

export type Contact = typeof contacts.$inferSelect;
export type NewContact = Omit<typeof contacts.$inferInsert, "tenantId" | "id" | "customerId">;
export type ContactFields = Pick<Contact, "name" | "title" | "email" | "phone" | "primary">;

/** The customer's contacts, primary first, then by name. */
export function listContacts(my: CustomerScope): Promise<Contact[]> {
  return my.select(contacts).orderBy(desc(contacts.primary), asc(contacts.name), asc(contacts.id)).all();
}

/** The billing page's reads (one batch with the session, issue 18). */
export function contactListReads(my: CustomerScope) {
  return pageReads([my.select(contacts).orderBy(desc(contacts.primary), asc(contacts.name), asc(contacts.id))], ([rows]) => rows);
}

/** The contact edit page's reads: one of the customer's own contacts (S31); an id that is none finds nothing. */
export function contactReads(my: CustomerScope, id: number | null) {
  return pageReads([my.select(contacts, eq(contacts.id, id ?? 0))], ([rows]) => (id === null ? undefined : rows[0]));
}

/** One of the customer's own contacts; another customer's id finds nothing (S31). */
export function findContact(my: CustomerScope, id: number): Promise<Contact | undefined> {
  return my.select(contacts, eq(contacts.id, id)).get();
}

export function insertContact(my: CustomerScope, fields: ContactFields, now: number) {
  return my.insert(contacts, { ...fields, customerId: my.customerId, createdAt: now, updatedAt: now });
}

export function updateContact(my: CustomerScope, id: number, fields: ContactFields, now: number) {
  return my.update(contacts, { ...fields, updatedAt: now }, eq(contacts.id, id));
}

export function deleteContact(my: CustomerScope, id: number) {
  return my.delete(contacts, eq(contacts.id, id));
}

/**
 * Clears the primary flag on the customer's other contacts, so at most one is
 * primary. Batched before the insert or update that sets the new one.
 * `exceptId` is the contact being edited (undefined when adding).
 */
export function clearOtherPrimaries(my: CustomerScope, now: number, exceptId?: number) {
  return my.update(
    contacts,
    { primary: false, updatedAt: now },
    and(eq(contacts.primary, true), exceptId === undefined ? undefined : ne(contacts.id, exceptId)),
  );
}

// --- the merchant API: any customer of the tenant, named by id ---

export function findContactOf(scope: TenantScope, customerId: number, id: number): Promise<Contact | undefined> {
  return scope.select(contacts, and(eq(contacts.customerId, customerId), eq(contacts.id, id))).get();
}

export async function listContactsOf(scope: TenantScope, customerId: number, q: Page): Promise<{ rows: Contact[]; total: number }> {
  return pageOf(scope, contacts, { where: and(eq(contacts.customerId, customerId), ...q.where), order: q.order, limit: q.perPage, offset: q.offset });
}

export function insertContactStmt(scope: TenantScope, customerId: number, row: NewContact) {
  return scope.insert(contacts, { ...row, customerId }).returning();
}

/** The id of the contact inserted earlier in the same batch. */
export const newContactId = (scope: TenantScope) => lastInsertedId(scope, contacts);

/** The audit event of the contact created earlier in the same batch. */
export const newContactEventStmt = (scope: TenantScope, customerId: number, data: Record<string, unknown> | SQL, who: Actor, now: number) =>
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
 * The contacts who receive a customer's documents by default: those flagged
 * `primary` (Invoiced: copied on the account's communications) that have an email.
 */
export function documentContactsOf(scope: TenantScope, customerId: number): Promise<Pick<Contact, "name" | "email">[]> {
  return scope
    .select(contacts, and(eq(contacts.customerId, customerId), eq(contacts.primary, true)))
    .orderBy(asc(contacts.id))
    .all();
}
