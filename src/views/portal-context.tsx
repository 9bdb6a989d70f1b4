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
  // c.get, never c.var: hono's getter copies every variable into a new object on each read (issue 18: per-request CPU)
  const s = c.get("session");
  const customer = c.get("customer");
  // Only when there is another account to go to (issue 17.6): another customer of the
  // verified address, a sub-customer, or the parent this session came from.
  const canSwitch = Boolean(s?.parentCustomerId || customer?.hasSubCustomers || (s?.email && customer?.sharesAddress));
  return { tenant: c.get("tenant"), customer, csrfToken: c.get("csrfToken"), canSwitch };
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
