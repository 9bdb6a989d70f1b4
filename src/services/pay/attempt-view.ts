import { type AppliedLine, type AttemptPageRows, attemptPageReads } from "../../db/queries/attempt-documents";
import { runPageReads } from "../../db/queries/page-entry";
import type { PaymentAttempt } from "../../db/queries/payment-attempts";
import type { PaymentSource } from "../../db/queries/payment-sources";
import type { CustomerScope } from "../../db/scope";
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
 * key is a 404) with what it pays, for the confirmation and result pages: what
 * `attemptPageReads` read, shaped for the page.
 */
export function attemptViewOf(rows: AttemptPageRows | undefined): AttemptView | undefined {
  if (!rows) return undefined;
  const lines = allocationsOfAttempt(rows.attempt).map((a): ViewLine => {
    if (a.type === "invoice") {
      const inv = rows.invoices.find((i) => i.id === a.invoiceId);
      return { type: "invoice", number: inv?.number ?? null, publicId: inv?.publicId ?? null, amount: a.amount, balance: inv?.balance ?? null };
    }
    if (a.type === "estimate") {
      const est = rows.estimates.find((e) => e.id === a.estimateId);
      return { type: "estimate", number: est?.number ?? null, publicId: est?.publicId ?? null, amount: a.amount, balance: null };
    }
    return { type: "credit", number: null, publicId: null, amount: a.amount, balance: null };
  });
  return { attempt: rows.attempt, lines, source: rows.source, payment: rows.payment ? { ...rows.payment, lines: rows.lines } : null };
}

/** The same, read on its own (after the result page has asked Stripe and the attempt moved on). */
export async function loadAttemptView(my: CustomerScope, clientKey: string): Promise<AttemptView | undefined> {
  return attemptViewOf(await runPageReads(my, attemptPageReads(my, clientKey)));
}
