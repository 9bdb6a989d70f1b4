import { type AppliedLine, settleAndPaymentReads } from "../../db/queries/attempt-documents";
import { findMyAttempt, type PaymentAttempt } from "../../db/queries/payment-attempts";
import type { PaymentSource } from "../../db/queries/payment-sources";
import type { CustomerScope, TenantScope } from "../../db/scope";
import { allocationsOfAttempt } from "./settle";

export type ViewLine = {
  type: "invoice" | "estimate" | "credit";
  number: string | null;
  publicId: string | null;
  amount: number;
  /** what the invoice owes now (invoices only) */
  balance: number | null;
};

export type AttemptView = {
  attempt: PaymentAttempt;
  lines: ViewLine[];
  source: PaymentSource | null;
  payment: { publicId: string; amount: number; currency: string; date: number; lines: AppliedLine[] } | null;
};

/**
 * The signed-in customer's attempt (S31: found through `my`, so another customer's
 * key is a 404) with what it pays, for the confirmation and result pages.
 */
export async function loadAttemptView(scope: TenantScope, my: CustomerScope, clientKey: string): Promise<AttemptView | undefined> {
  const attempt = await findMyAttempt(my, clientKey);
  if (!attempt) return undefined;
  const plan = allocationsOfAttempt(attempt);
  const { reads, paid } = await settleAndPaymentReads(scope, my.customerId, {
    invoiceIds: plan.flatMap((a) => (a.type === "invoice" ? [a.invoiceId] : [])),
    estimateIds: plan.flatMap((a) => (a.type === "estimate" ? [a.estimateId] : [])),
    sourceId: attempt.paymentSourceId,
    paymentId: attempt.paymentId ?? null,
  });
  const lines = plan.map((a): ViewLine => {
    if (a.type === "invoice") {
      const inv = reads.invoices.find((i) => i.id === a.invoiceId);
      return { type: "invoice", number: inv?.number ?? null, publicId: inv?.publicId ?? null, amount: a.amount, balance: inv?.balance ?? null };
    }
    if (a.type === "estimate") {
      const est = reads.estimates.find((e) => e.id === a.estimateId);
      return { type: "estimate", number: est?.number ?? null, publicId: est?.publicId ?? null, amount: a.amount, balance: null };
    }
    return { type: "credit", number: null, publicId: null, amount: a.amount, balance: null };
  });
  return {
    attempt,
    lines,
    source: reads.source,
    payment: paid ? { ...paid.payment, lines: paid.lines } : null,
  };
}
