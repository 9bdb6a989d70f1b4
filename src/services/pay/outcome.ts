import type { Actor } from "../../db/events";
import type { PaymentAttempt } from "../../db/queries/payment-attempts";
import type { Customer, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import { afterDepositPaid } from "../estimates/after-approval";
import type { CheckoutOutcome } from "../gateways";
import { sendReceipt } from "./receipt";
import { type SettleOutcome, type SettleResult, settleAttempt } from "./settle";

/** What settling needs, from a portal request or a webhook. */
export type SettleDeps = {
  scope: TenantScope;
  tenant: Pick<Tenant, "id" | "name" | "estimateAutoInvoice">;
  mailer: Mailer;
  portalOrigin: string;
  who: Actor;
  now: number;
};

/** Settles the attempt and, only the first time, mails the receipt. */
export async function settleAndNotify(
  d: SettleDeps,
  attempt: PaymentAttempt,
  outcome: SettleOutcome,
  customer: Pick<Customer, "id" | "name" | "email"> | null,
): Promise<SettleResult> {
  const result = await settleAttempt(d.scope, attempt, outcome, d.who, d.now, d.portalOrigin);
  if (result.kind !== "settled") return result;
  // A paid deposit may turn an auto-invoicing tenant's approved estimate into its invoice,
  // with the deposit credited (issue 5.6). The payment is stored either way.
  for (const a of attempt.allocations as { type: string; estimateId?: number }[]) {
    if (a.type === "estimate" && a.estimateId) await afterDepositPaid(d.scope, d.tenant, a.estimateId, d.now, d.portalOrigin, d.who);
  }
  if (customer) await sendReceipt(d, customer, result.paymentId);
  return result;
}

/** A paid hosted-checkout session as a settlement (S40: the session comes from a webhook or a server-side retrieve). */
export function checkoutSettlement(attempt: PaymentAttempt, s: CheckoutOutcome): SettleOutcome {
  return {
    providerRef: s.providerRef,
    amount: s.amount ?? attempt.amount,
    currency: s.currency ?? attempt.currency,
    method: s.source,
  };
}

/** A hosted-checkout attempt: no saved method was charged, a session was opened. */
export const isCheckoutAttempt = (a: Pick<PaymentAttempt, "paymentSourceId" | "providerRef">) =>
  a.paymentSourceId === null && (a.providerRef?.startsWith("cs_") ?? false);
