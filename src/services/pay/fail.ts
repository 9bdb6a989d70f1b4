import type { Actor } from "../../db/events";
import {
  attemptEventIfChangedStmt,
  cancelAttemptStmt,
  failAttemptStmt,
  type PaymentAttempt,
  releaseEstimateLocksStmt,
  releaseLocksStmt,
} from "../../db/queries/payment-attempts";
import type { TenantScope } from "../../db/scope";
import { allocationsOfAttempt } from "./settle";

/**
 * Ending an attempt that took no money: the attempt is marked (only while unsettled,
 * so a late failure never undoes a success, S39), an audit event is written only if
 * it really changed, and the invoice and deposit locks it held are given back.
 * One atomic batch; no balance is touched.
 */
export async function endAttempt(
  scope: TenantScope,
  attempt: PaymentAttempt,
  how: { status: "failed" | "canceled"; message: string; providerRef?: string | null },
  who: Actor,
  now: number,
): Promise<void> {
  const plan = allocationsOfAttempt(attempt);
  const mark =
    how.status === "failed"
      ? failAttemptStmt(scope, attempt.id, how.message, how.providerRef ?? null, now)
      : cancelAttemptStmt(scope, attempt.id, how.message, now);
  await scope.batch([
    mark,
    attemptEventIfChangedStmt(
      scope,
      attempt.id,
      {
        type: how.status === "failed" ? "payment.failed" : "payment.canceled",
        customerId: attempt.customerId,
        data: { amount: attempt.amount, currency: attempt.currency, reason: how.message },
      },
      who,
      now,
    ),
    releaseLocksStmt(
      scope,
      attempt.id,
      plan.flatMap((a) => (a.type === "invoice" ? [a.invoiceId] : [])),
    ),
    releaseEstimateLocksStmt(
      scope,
      attempt.id,
      plan.flatMap((a) => (a.type === "estimate" ? [a.estimateId] : [])),
    ),
  ]);
}
