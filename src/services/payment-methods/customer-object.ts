import { previousOf } from "../../db/event-objects";
import type { Customer } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { customersToWire } from "../api/customers";

/**
 * `data` of an event that changes the customer's payment settings (AutoPay on or
 * off, a new default method): the customer as `GET /customers/{id}` shows it after
 * `change`, with `previous`, beside the audit keys. One read (the default methods).
 */
export async function customerChangeData(
  scope: TenantScope,
  customer: Customer,
  change: Partial<Customer>,
  now: number,
  extra: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const [before, after] = await customersToWire(scope, [customer, { ...customer, ...change, updatedAt: now }]);
  return { ...extra, object: after, previous: previousOf(before!, after!) };
}
