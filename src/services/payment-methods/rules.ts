import type { Customer, Tenant } from "../../db/queries/types";

/**
 * The AutoPay rule: a customer on AutoPay keeps at least one method. True when
 * removing one of `liveCount` methods would break it. The same rule is enforced by
 * the removal statement itself; this is for the page and the error message.
 */
export function isLastAutopayMethod(customer: Pick<Customer, "autopay">, liveCount: number): boolean {
  return customer.autopay && liveCount <= 1;
}

/** What the customer is told next to, or instead of, the Remove button. */
export function lastMethodMessage(tenant: Pick<Tenant, "allowAutopayOptOut">): string {
  return tenant.allowAutopayOptOut
    ? "AutoPay charges this method and it is your only one. To remove it, turn AutoPay off first or add another payment method."
    : "AutoPay charges this method and it is your only one. To remove it, add another payment method first.";
}
