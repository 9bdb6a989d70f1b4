import type { BillingCtx } from "../billing/context";

/**
 * What a payment-method action needs: tenant scope, the customer's own scope
 * (S31), who acts (customer in the portal, api for merchants) and the clock.
 */
export type MethodCtx = BillingCtx;

/** Where a change came from, recorded on its event. */
export type Via = "portal" | "api";
