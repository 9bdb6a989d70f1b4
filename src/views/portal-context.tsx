import { useRequestContext } from "hono/jsx-renderer";
import type { PortalEnv } from "../context";
import type { Customer } from "../db/queries/types";

/**
 * What every portal page shares (the tenant, the signed-in customer if any, the
 * CSRF token), read from the request once instead of handed down page by page.
 * Works only while rendering through c.render: the jsxRenderer middleware of
 * routes/portal/index.ts provides the request context.
 */
export function usePortal() {
  const c = useRequestContext<PortalEnv>();
  // A session without a verified address (SSO, a merchant's link) has only its own account to
  // switch to, unless its customer has sub-customers or it came from a parent (issue 17.6).
  const canSwitch = Boolean(c.var.session?.email || c.var.session?.parentCustomerId || c.var.customer?.hasSubCustomers);
  return { tenant: c.var.tenant, customer: c.var.customer, csrfToken: c.var.csrfToken, canSwitch };
}

/** The signed-in customer, for pages only requireCustomer() lets through. */
export function useCustomer(): Customer {
  const { customer } = usePortal();
  if (!customer) throw new Error("a signed-in page was rendered without a signed-in customer");
  return customer;
}

/** The hidden field every state-changing form carries (S26: the csrf middleware checks it). */
export function CsrfField() {
  return <input type="hidden" name="_csrf" value={usePortal().csrfToken} />;
}
