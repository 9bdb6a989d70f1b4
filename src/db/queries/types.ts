import type { customers, sessions, tenants } from "../schema";

export type Tenant = typeof tenants.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Session = typeof sessions.$inferSelect;
