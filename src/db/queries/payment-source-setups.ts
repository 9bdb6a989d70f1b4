import { and, eq, isNull } from "drizzle-orm";
import { paymentSourceSetups } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";
import { sourceIdByPublicId, sourceInserted } from "./payment-sources";

export type PaymentSourceSetup = typeof paymentSourceSetups.$inferSelect;

export function insertSetup(my: CustomerScope, row: { id: string; gateway: string; makeDefault: boolean }, now: number) {
  return my.insert(paymentSourceSetups, { ...row, customerId: my.customerId, status: "pending", createdAt: now, updatedAt: now });
}

export function recordProviderSession(my: CustomerScope, id: string, providerSessionId: string, now: number) {
  return my.update(paymentSourceSetups, { providerSessionId, updatedAt: now }, eq(paymentSourceSetups.id, id));
}

/** The signed-in customer's own setup by id; another customer's id finds nothing (S31). */
export function findMySetup(my: CustomerScope, id: string): Promise<PaymentSourceSetup | undefined> {
  return my.select(paymentSourceSetups, eq(paymentSourceSetups.id, id)).get();
}

/** Moves a setup from one status to the next only if it is still in `from`: the caller proceeds only if one row changed. */
export function moveSetup(
  my: CustomerScope,
  id: string,
  from: PaymentSourceSetup["status"],
  to: PaymentSourceSetup["status"],
  now: number,
  paymentSourceId?: number,
) {
  return my.update(
    paymentSourceSetups,
    { status: to, updatedAt: now, ...(paymentSourceId ? { paymentSourceId } : {}) },
    and(eq(paymentSourceSetups.id, id), eq(paymentSourceSetups.status, from)),
  );
}

/**
 * A setup of this tenant by the provider's session id (a verified webhook names the
 * session, not our row). Scoped to the webhook's tenant: another tenant's session id
 * finds nothing.
 */
export function findSetupByProviderSession(scope: TenantScope, providerSessionId: string): Promise<PaymentSourceSetup | undefined> {
  return scope.select(paymentSourceSetups, eq(paymentSourceSetups.providerSessionId, providerSessionId)).get();
}

/**
 * First in the batch that saves the method: pending -> completed, one conditional
 * write. The method's insert follows with `changes() = 1`, so of a return page and
 * a webhook (in either order or at once) exactly one saves it, and there is no
 * half-way state to get stuck in if a request dies.
 */
export function claimSetupStmt(my: CustomerScope, id: string, now: number) {
  return my.update(
    paymentSourceSetups,
    { status: "completed", updatedAt: now },
    and(eq(paymentSourceSetups.id, id), eq(paymentSourceSetups.status, "pending")),
  );
}

/** Last in that batch: the completed setup points at the method saved (found by public id), if one was. */
export function linkSetupStmt(my: CustomerScope, id: string, sourcePublicId: string, now: number) {
  return my.update(
    paymentSourceSetups,
    { updatedAt: now, paymentSourceId: sourceIdByPublicId(my, sourcePublicId) as unknown as number },
    and(
      eq(paymentSourceSetups.id, id),
      eq(paymentSourceSetups.status, "completed"),
      isNull(paymentSourceSetups.paymentSourceId),
      sourceInserted(my, sourcePublicId),
    ),
  );
}
