import { asInserted, objectDataWith, previousOf } from "../../db/event-objects";
import { eventStatement } from "../../db/events";
import {
  type Contact,
  type ContactFields,
  clearOtherPrimaries,
  deleteContact,
  findContact,
  insertContact,
  newContactEventStmt,
  newContactId,
  updateContact,
} from "../../db/queries/contacts";
import { revokeSessionsByEmail } from "../../db/queries/sessions";
import { contacts } from "../../db/schema";
import { contactToWire } from "../api/contacts";
import type { BillingCtx } from "./context";

const CONTACT_FIELDS = ["name", "title", "email", "phone", "primary"] as const;
export type ContactForm = Record<(typeof CONTACT_FIELDS)[number], string>;

export const EMPTY_CONTACT: ContactForm = { name: "", title: "", email: "", phone: "", primary: "" };

export function contactForm(c: Contact): ContactForm {
  return { name: c.name, title: c.title ?? "", email: c.email ?? "", phone: c.phone ?? "", primary: c.primary ? "1" : "" };
}

/** Field names whose value differs (kept in the event beside the object and `previous`). */
function changedContactFields(before: Contact, after: ContactFields): string[] {
  return (["name", "title", "email", "phone", "primary"] as const).filter((f) => before[f] !== after[f]);
}

/** Events carry the contact as `GET /customers/{id}/contacts/{id}` shows it, beside the audit keys. */
const event = (x: BillingCtx, type: string, contactId: number, data: Record<string, unknown>) =>
  eventStatement(x.scope, { type, customerId: x.my.customerId, objectType: "contact", objectId: contactId, data }, x.who, x.now);

/**
 * Adds a contact. A contact's email becomes a way to sign in, so this is always
 * recorded (`contact.created`, with the names of the fields given). Making it
 * primary clears the flag on the others in the same batch: one primary at most.
 */
export async function addContact(x: BillingCtx, fields: ContactFields): Promise<Contact> {
  const { my, now } = x;
  const insert = insertContact(my, fields, now).returning();
  const given = CONTACT_FIELDS.filter((f) => (f === "primary" ? fields.primary : !!fields[f]));
  // in the insert's batch, right after it: the event finds the new contact's id
  const object = contactToWire(asInserted(contacts, { ...fields, id: 0, customerId: my.customerId, createdAt: now, updatedAt: now }));
  const recorded = newContactEventStmt(x.scope, my.customerId, objectDataWith(object, { id: newContactId(x.scope) }, undefined, { fields: given }), x.who, now);
  const results = fields.primary ? await my.batch([clearOtherPrimaries(my, now), insert, recorded]) : await my.batch([insert, recorded]);
  return (results.at(-2) as Contact[])[0]!;
}

/**
 * Who is acting, for ending sessions: a contact's email is a way to sign in, so
 * when it stops being one (removed or changed), the sessions that signed in with
 * it end (S22), except the one making the change. Not when the address still
 * opens the account as the billing email.
 */
export type SessionAccess = { customerEmail: string | null; currentSessionId: string };

function endSessionsOf(x: BillingCtx, lostEmail: string | null, access: SessionAccess) {
  if (!lostEmail || lostEmail.toLowerCase() === access.customerEmail?.toLowerCase()) return [];
  return [revokeSessionsByEmail(x.scope, x.my.customerId, lostEmail, x.now, access.currentSessionId)];
}

/** Saves an edit; returns the changed field names, or null when the contact is not the customer's (404). */
export async function editContact(x: BillingCtx, id: number, fields: ContactFields, access: SessionAccess): Promise<string[] | null> {
  const { my, now } = x;
  const before = await findContact(my, id);
  if (!before) return null;
  const changed = changedContactFields(before, fields);
  if (!changed.length) return changed;
  const update = updateContact(my, id, fields, now);
  const object = contactToWire({ ...before, ...fields, updatedAt: now });
  const recorded = event(x, "contact.updated", id, { fields: changed, object, previous: previousOf(contactToWire(before), object) });
  const ended = changed.includes("email") ? endSessionsOf(x, before.email, access) : [];
  if (fields.primary && !before.primary) await my.batch([clearOtherPrimaries(my, now, id), update, recorded, ...ended]);
  else await my.batch([update, recorded, ...ended]);
  return changed;
}

/** Removes a contact; false when it is not the customer's (404). */
export async function removeContact(x: BillingCtx, id: number, access: SessionAccess): Promise<boolean> {
  const { my } = x;
  const before = await findContact(my, id);
  if (!before) return false;
  await my.batch([
    deleteContact(my, id),
    event(x, "contact.deleted", id, { had_email: !!before.email, object: contactToWire(before) }),
    ...endSessionsOf(x, before.email, access),
  ]);
  return true;
}
