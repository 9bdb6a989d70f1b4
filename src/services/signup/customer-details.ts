import { previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import { type NewCustomer, updateCustomerStmt } from "../../db/queries/customers";
import type { Customer } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { customerToWire } from "../api/customers";
import type { SignupForm } from "./choice";

/**
 * What a sign-up form says about its customer (issue 16.4). For the customer of an
 * onboarding link, the edited details are saved on that customer in the sign-up's
 * own batch, with `customer.updated` and `previous`, as the billing-details page
 * does. The email is never among them: the link is a bearer link, and changing the
 * address through it would hand the account's sign-in to whoever holds it (S25);
 * the page shows the address as fixed and the route posts the stored one.
 */

type Details = Pick<NewCustomer, "name" | "phone" | "address1" | "address2" | "city" | "state" | "postalCode" | "country">;

export function detailsOf(f: SignupForm): Details {
  return {
    name: f.name,
    phone: f.phone || null,
    address1: f.address1 || null,
    address2: f.address2 || null,
    city: f.city || null,
    state: f.state || null,
    postalCode: f.postal_code || null,
    country: f.country || null,
  };
}

/** The existing customer after the form's details, and the statements (none when nothing changed) that save them. */
export function updateExistingCustomer(scope: TenantScope, existing: Customer, f: SignupForm, who: Actor, now: number) {
  const next = detailsOf(f);
  const set: Partial<Details> = {};
  for (const [k, v] of Object.entries(next) as [keyof Details, string | null][]) if ((existing[k] ?? null) !== v) (set as Record<string, unknown>)[k] = v;
  if (Object.keys(set).length === 0) return { after: existing, statements: [] };
  const after: Customer = { ...existing, ...set, updatedAt: now };
  const before = customerToWire(existing);
  const object = customerToWire(after);
  const statements = [
    updateCustomerStmt(scope, existing.id, { ...set, updatedAt: now }),
    eventStatement(
      scope,
      {
        type: "customer.updated",
        customerId: existing.id,
        objectType: "customer",
        objectId: existing.id,
        data: { object, previous: previousOf(before, object), via: "sign_up_page" },
      },
      who,
      now,
    ),
  ];
  return { after, statements };
}
