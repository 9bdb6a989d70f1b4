import type { Actor } from "../../db/events";
import type { CustomerScope, TenantScope } from "../../db/scope";

/**
 * What a customer-side billing action needs: the tenant scope (events, sessions),
 * the customer's own scope (every row it touches, S31), who is acting and the clock.
 */
export type BillingCtx = { scope: TenantScope; my: CustomerScope; who: Actor; now: number };
