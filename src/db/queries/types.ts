import type { customers, sessions, tenants } from "../schema";

export type Tenant = typeof tenants.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/** How a request names its tenant: by the id already known (a custom domain), or by the host's username. */
export type TenantKey = "tenantId" | "username";
/** The signed-in customer as the session reads give it: its row, whether it has sub-customers or shares the session's address. */
export type SessionCustomer = Customer & { hasSubCustomers: boolean; sharesAddress: boolean };
export type SessionRows = { session: Session | undefined; customer: SessionCustomer | undefined };
