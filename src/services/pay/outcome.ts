import type { PaymentAttempt } from "../../db/queries/payment-attempts";
import type { Customer, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import type { Actor } from "../events";
import type { CheckoutOutcome } from "../gateways";
import { sendReceipt } from "./receipt";
import { type SettleOutcome, type SettleResult, settleAttempt } from "./settle";

/** What settling needs, from a portal request or a webhook. */
export type SettleDeps = {
  scope: TenantScope;
  tenant: Pick<Tenant, "id" | "name">;
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
  const result = await settleAttempt(d.scope, attempt, outcome, d.who, d.now);
  if (result.kind === "settled" && customer) await sendReceipt(d, customer, result.paymentId);
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
