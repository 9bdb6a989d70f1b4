import { and, asc, desc, eq, ne } from "drizzle-orm";
import type { CustomerScope } from "../scope";
import { contacts } from "../schema";

export type Contact = typeof contacts.$inferSelect;
export type ContactFields = Pick<Contact, "name" | "title" | "email" | "phone" | "primary">;

/** The customer's contacts, primary first, then by name. */
export function listContacts(my: CustomerScope): Promise<Contact[]> {
  return my.select(contacts).orderBy(desc(contacts.primary), asc(contacts.name), asc(contacts.id)).all();
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
