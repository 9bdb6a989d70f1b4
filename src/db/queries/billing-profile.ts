import { eq } from "drizzle-orm";
import type { CustomerScope, TenantScope } from "../scope";
import { customers } from "../schema";
import type { Customer } from "./types";

/** The customer's own billing fields that the portal lets them edit. */
export type BillingProfile = Pick<
  Customer,
  "name" | "email" | "phone" | "address1" | "address2" | "city" | "state" | "postalCode" | "country" | "taxId"
>;

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
  return my.db.update(customers).set({ ...profile, updatedAt: now }).where(ownRow(my));
}

/** Statement setting the customer's default payment source (null clears it). */
export function setDefaultPaymentSource(my: CustomerScope, sourceId: number | null, now: number) {
  return my.db.update(customers).set({ defaultPaymentSourceId: sourceId, updatedAt: now }).where(ownRow(my));
}

/** Statement switching AutoPay; conditional on the current value so a double submit changes once. */
export function setAutopay(my: CustomerScope, on: boolean, now: number) {
  return my.db
    .update(customers)
    .set({ autopay: on, updatedAt: now })
    .where(my.own(customers, eq(customers.id, my.customerId), eq(customers.autopay, !on)));
}

/** The customer row as it is now, through the customer's own scope. */
export function reloadCustomer(my: CustomerScope): Promise<Customer | undefined> {
  return my.db.select().from(customers).where(ownRow(my)).get();
}

/** A customer of this tenant by id (the API's path parameter), or undefined (S31). */
export function findCustomer(scope: TenantScope, id: number): Promise<Customer | undefined> {
  return scope.select(customers, eq(customers.id, id)).get();
}
