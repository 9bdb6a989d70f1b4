import { rowsChanged } from "../../db/batch";
import { changedOne, eventStatement } from "../../db/events";
import { findCustomerPaymentSource, moveDefaultOffRemoved, type PaymentSource, softDeleteKeepingAutopayMethod } from "../../db/queries/payment-sources";
import { apiPaymentSource } from "./api-shape";
import type { MethodCtx, Via } from "./context";

export type RemoveResult = "removed" | "autopay_last" | "gone";

/**
 * Removes (soft-deletes) a method in one atomic batch: the conditional delete that
 * keeps the AutoPay rule, its `payment_source.deleted` event only if it happened,
 * and, when it was the default, the newest remaining method as the new default.
 */
export async function removeSource(x: MethodCtx, source: PaymentSource, via: Via): Promise<RemoveResult> {
  const { scope, my, now } = x;
  const [del] = await scope.batch([
    softDeleteKeepingAutopayMethod(scope, my.customerId, source.id, now),
    eventStatement(
      scope,
      {
        type: "payment_source.deleted",
        customerId: my.customerId,
        objectType: source.type,
        objectId: source.id,
        // the method as `GET /customers/{id}/payment_sources/{id}` showed it (never its token, S41)
        data: { via, object: apiPaymentSource(source) },
      },
      x.who,
      now,
      { when: changedOne },
    ),
    moveDefaultOffRemoved(scope, my.customerId, source.id, now),
  ]);
  if (rowsChanged(del) === 1) return "removed";
  // Nothing changed: removed meanwhile (a double submit), or the AutoPay rule held.
  return (await findCustomerPaymentSource(scope, my.customerId, source.id)) ? "autopay_last" : "gone";
}
