import { asInserted, objectDataWith, previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  type Contact,
  clearPrimaryContactsStmt,
  deleteContactStmt,
  findContactOf,
  insertContactStmt,
  newContactEventStmt,
  newContactId,
  updateContactStmt,
} from "../../db/queries/contacts";
import { revokeSessionsSignedInAsStmt } from "../../db/queries/customers";
import { contacts } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { validate } from "../../lib/api/validate";
import { notFound } from "../../lib/api-error";
import { changedFields, contactColumns, contactCreateSchema, contactUpdateSchema } from "./customer-input";
import { COMMON_READ_ONLY, refuseReadOnly } from "./wire";

/**
 * Contacts, a sub-resource of customers (`/customers/{id}/contacts`). The caller has
 * already found the customer in the tenant; every lookup here is tenant AND customer
 * AND id, so another customer's contact id is a 404. At most one contact is primary.
 */

const READ_ONLY = [...COMMON_READ_ONLY, "customer"] as const;

export function contactToWire(c: Contact) {
  return {
    id: c.id,
    object: "contact" as const,
    customer: c.customerId,
    name: c.name,
    title: c.title,
    email: c.email,
    phone: c.phone,
    primary: c.primary,
    department: c.department,
    address1: c.address1,
    address2: c.address2,
    city: c.city,
    state: c.state,
    postal_code: c.postalCode,
    country: c.country,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export async function getContact(scope: TenantScope, customerId: number, id: number | null): Promise<Contact> {
  const row = id === null ? undefined : await findContactOf(scope, customerId, id);
  if (!row) throw notFound("contact");
  return row;
}

const contactEvent = (scope: TenantScope, type: string, customerId: number, id: number, data: Record<string, unknown>, who: Actor, now: number) =>
  eventStatement(scope, { type, customerId, objectType: "contact", objectId: id, data }, who, now);

export async function createContact(scope: TenantScope, customerId: number, body: Record<string, unknown>, now: number, who: Actor) {
  refuseReadOnly(body, READ_ONLY);
  const input = validate(contactCreateSchema(), body);
  const values = { ...contactColumns(input), name: input.name, createdAt: now, updatedAt: now };
  const insert = insertContactStmt(scope, customerId, values);
  // the contact as the API returns it; its id comes from the insert
  const object = contactToWire(asInserted(contacts, { ...values, id: 0, customerId }));
  const results = await scope.batch([
    ...(input.primary ? [clearPrimaryContactsStmt(scope, customerId, now)] : []),
    insert,
    // after the insert: the event finds the new contact's id in the same batch
    newContactEventStmt(scope, customerId, objectDataWith(object, { id: newContactId(scope) }), who, now),
  ]);
  return (results.at(-2) as Contact[])[0]!;
}

/**
 * PATCH. A changed email ends the portal sessions signed in with the old address (S22):
 * that person no longer reaches the customer's account through this contact.
 */
export async function updateContact(scope: TenantScope, customerId: number, id: number | null, body: Record<string, unknown>, now: number, who: Actor) {
  const existing = await getContact(scope, customerId, id);
  refuseReadOnly(body, READ_ONLY);
  const input = validate(contactUpdateSchema(), body);
  const emailChanged = input.email !== undefined && existing.email !== null && (input.email ?? "").toLowerCase() !== existing.email.toLowerCase();
  const set = { ...contactColumns(input), updatedAt: now };
  const before = contactToWire(existing);
  const after = contactToWire({ ...existing, ...Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)) });
  const results = await scope.batch([
    ...(input.primary ? [clearPrimaryContactsStmt(scope, customerId, now, existing.id)] : []),
    ...(emailChanged ? [revokeSessionsSignedInAsStmt(scope, customerId, existing.email!, now)] : []),
    contactEvent(
      scope,
      "contact.updated",
      customerId,
      existing.id,
      { object: after, previous: previousOf(before, after), fields: changedFields(input) },
      who,
      now,
    ),
    updateContactStmt(scope, customerId, existing.id, set),
  ]);
  return (results.at(-1) as Contact[])[0] ?? existing;
}

/** DELETE: the contact's portal sessions end with it (S22). */
export async function deleteContact(scope: TenantScope, customerId: number, id: number | null, now: number, who: Actor) {
  const existing = await getContact(scope, customerId, id);
  await scope.batch([
    deleteContactStmt(scope, customerId, existing.id),
    ...(existing.email ? [revokeSessionsSignedInAsStmt(scope, customerId, existing.email, now)] : []),
    contactEvent(scope, "contact.deleted", customerId, existing.id, { object: contactToWire(existing) }, who, now),
  ]);
}
