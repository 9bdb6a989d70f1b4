import { previousOf } from "../../db/event-objects";
import { eventStatement } from "../../db/events";
import { type BillingProfile, paymentSourcesByIds, updateBillingProfile } from "../../db/queries/customers";
import { revokeCustomerSessions } from "../../db/queries/sessions";
import type { Customer } from "../../db/queries/types";
import { customerToWire } from "../api/customers";
import type { BillingCtx } from "./context";

/** Form field names, as the API and the HTML form call them. */
const PROFILE_FIELDS = ["name", "email", "phone", "address1", "address2", "city", "state", "postal_code", "country", "tax_id"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ProfileForm = Record<ProfileField, string>;

const COLUMN: Record<ProfileField, keyof BillingProfile> = {
  name: "name",
  email: "email",
  phone: "phone",
  address1: "address1",
  address2: "address2",
  city: "city",
  state: "state",
  postal_code: "postalCode",
  country: "country",
  tax_id: "taxId",
};

/** The form as the customer's row fills it (for the first render). */
export function profileForm(c: Customer): ProfileForm {
  const out = {} as ProfileForm;
  for (const f of PROFILE_FIELDS) out[f] = (c[COLUMN[f]] as string | null) ?? "";
  return out;
}

/** API names of the fields whose stored value would change. */
export function changedFields(current: Customer, next: BillingProfile): ProfileField[] {
  return PROFILE_FIELDS.filter((f) => (current[COLUMN[f]] ?? null) !== (next[COLUMN[f]] ?? null));
}

/**
 * Saves the changed fields, records `customer.updated` with their names and the
 * customer as the merchant's API shows it (the merchant's webhooks deliver it; the
 * merchant already holds these details) and, when the
 * billing email changed, ends the customer's other sessions (S22): one atomic batch.
 */
export async function saveBillingProfile(x: BillingCtx, current: Customer, next: BillingProfile, currentSessionId: string): Promise<ProfileField[]> {
  const { scope, my, now } = x;
  const changed = changedFields(current, next);
  if (!changed.length) return changed;
  const set: Partial<BillingProfile> = {};
  for (const f of changed) (set as Record<string, unknown>)[COLUMN[f]] = next[COLUMN[f]];
  const update = updateBillingProfile(my, set, now);
  // the customer as the merchant's API returns it, after the change (for webhooks and GET /events)
  const source = current.defaultPaymentSourceId === null ? null : ((await paymentSourcesByIds(scope, [current.defaultPaymentSourceId]))[0] ?? null);
  const before = customerToWire(current, source);
  const after = customerToWire({ ...current, ...set, updatedAt: now }, source);
  const event = eventStatement(
    scope,
    {
      type: "customer.updated",
      customerId: my.customerId,
      objectType: "customer",
      objectId: my.customerId,
      data: { object: after, previous: previousOf(before, after), fields: changed },
    },
    x.who,
    now,
  );
  if (changed.includes("email")) {
    await my.batch([update, event, revokeCustomerSessions(scope, my.customerId, now, currentSessionId)]);
  } else {
    await my.batch([update, event]);
  }
  return changed;
}
