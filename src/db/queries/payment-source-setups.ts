import { and, eq } from "drizzle-orm";
import type { CustomerScope } from "../scope";
import { paymentSourceSetups } from "../schema";
import { sourceIdByPublicId } from "./payment-sources";

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

/** In the batch that saves the method: marks the setup completed with that method (found by public id). */
export function completeSetupStmt(my: CustomerScope, id: string, sourcePublicId: string, now: number) {
  return my.update(
    paymentSourceSetups,
    {
      status: "completed",
      updatedAt: now,
      paymentSourceId: sourceIdByPublicId(my, sourcePublicId) as unknown as number,
    },
    and(eq(paymentSourceSetups.id, id), eq(paymentSourceSetups.status, "completing")),
  );
}
