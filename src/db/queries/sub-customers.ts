import { asc, eq } from "drizzle-orm";
import { customers } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Issue 17.6: the accounts a parent customer may act as. Only its DIRECT, active
 * sub-customers of the same tenant (S31): a sub-customer's own sub-customers are
 * theirs, and a parent is never reachable from below.
 */
export function subCustomersQuery(scope: TenantScope, parentId: number) {
  return scope.db
    .select({ id: customers.id, name: customers.name, number: customers.number })
    .from(customers)
    .where(scope.own(customers, eq(customers.parentCustomer, parentId), eq(customers.active, true)))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(50);
}

/** One active customer of the tenant as a picker choice (the parent a session came from). */
export function activeCustomerChoiceQuery(scope: TenantScope, id: number) {
  return scope.db
    .select({ id: customers.id, name: customers.name, number: customers.number })
    .from(customers)
    .where(scope.own(customers, eq(customers.id, id), eq(customers.active, true)));
}
