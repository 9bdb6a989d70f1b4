import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import type { Actor } from "../../db/events";
import { type SettleEstimate, type SettleInvoice, settleReads } from "../../db/queries/attempt-documents";
import { findCustomer } from "../../db/queries/customers";
import { findAttemptById, type PaymentAttempt, releaseEstimateLocksStmt, releaseLocksStmt, succeedAttemptStmt } from "../../db/queries/payment-attempts";
import { adoptDefaultIfNoneStmt, enrollAutopayStmts, findSourceByToken, insertPaymentSource, reviveSourceStmt } from "../../db/queries/payment-sources";
import { invoicePaidEventStmt } from "../../db/queries/payments";
import type { TenantScope } from "../../db/scope";
import { publicId as newPublicId } from "../../lib/random";
import { paidOffInvoiceObject } from "../api/document-events";
import type { StoredSource } from "../gateways";
import { customerChangeData } from "../payment-methods/customer-object";
import { applyPaymentStatements, type PaymentApplicationInput } from "./apply-payment";

/**
 * Recording a payment the provider has taken, in ONE atomic batch: the payment and its
 * applications (apply-payment's conditional balance writes, S37), the attempt marked
 * succeeded (guarded, so a second settlement of the same attempt keeps nothing: S36,
 * S39), `invoice.paid` for each invoice that reached zero, locks released, and the
 * method saved and AutoPay enrolled when the customer asked.
 *
 * Money that was taken is never lost: if an invoice no longer owes what was planned
 * (paid meanwhile by the merchant, a stale lock), what it does not owe becomes credit.
 */

export type SettleOutcome = {
  /** the provider's charge id (ch_test_..., pi_...) */
  providerRef: string | null;
  /** what the provider actually took, in our minor units of `currency` */
  amount: number;
  currency: string;
  /** card or bank details of what was charged, when known (receipts show brand and last 4) */
  method?: StoredSource | null;
};

export type SettleResult = { kind: "settled"; paymentId: number; paymentPublicId: string } | { kind: "already"; paymentId: number | null };

export const allocationsOfAttempt = (a: Pick<PaymentAttempt, "allocations">) => a.allocations as PaymentApplicationInput[];

/** Fits the plan to what is owed now; whatever cannot be applied is credit. */
function fitToBalances(
  plan: PaymentApplicationInput[],
  now: { invoices: SettleInvoice[]; estimates: SettleEstimate[] },
  amount: number,
  currency: string,
): PaymentApplicationInput[] {
  const out: PaymentApplicationInput[] = [];
  let left = amount;
  for (const a of plan) {
    if (a.type === "invoice") {
      const inv = now.invoices.find((i) => i.id === a.invoiceId);
      const owed = inv && inv.currency === currency && !inv.voided && !inv.draft ? inv.balance : 0;
      const take = Math.min(a.amount, owed, left);
      if (take > 0) out.push({ type: "invoice", invoiceId: a.invoiceId, amount: take });
      left -= Math.max(take, 0);
    } else if (a.type === "estimate") {
      const est = now.estimates.find((e) => e.id === a.estimateId);
      if (est && !est.depositPaid && est.currency === currency && est.deposit <= a.amount && a.amount <= left) {
        out.push(a);
        left -= a.amount;
      }
    }
  }
  if (left > 0) out.push({ type: "credit", amount: left });
  return out;
}

const paymentMethodName = (m: { type: string } | null | undefined) => (m?.type === "bank_account" ? "ach" : "credit_card");

/** `portalOrigin`: the tenant's portal origin, for the links of the payment its event carries. */
export async function settleAttempt(
  scope: TenantScope,
  attempt: PaymentAttempt,
  outcome: SettleOutcome,
  who: Actor,
  now: number,
  portalOrigin: string,
): Promise<SettleResult> {
  if (attempt.status === "succeeded") return { kind: "already", paymentId: attempt.paymentId };
  const plan = allocationsOfAttempt(attempt);
  const invoiceIds = plan.flatMap((a) => (a.type === "invoice" ? [a.invoiceId] : []));
  const estimateIds = plan.flatMap((a) => (a.type === "estimate" ? [a.estimateId] : []));
  const currency = outcome.currency.toLowerCase();

  // A few rounds: a balance may change between our read and the batch (then the guard undoes the batch).
  for (let round = 0; round < 3; round++) {
    const reads = await settleReads(scope, attempt.customerId, invoiceIds, estimateIds, attempt.paymentSourceId);
    let source = reads.source;
    if (!source && attempt.saveSource && outcome.method && outcome.method.gateway === attempt.gateway) {
      // A hosted checkout saved a new method: keep it (once, even if two settlements race).
      source =
        (await findSourceByToken(scope, attempt.customerId, outcome.method.gateway, outcome.method.gatewayToken)) ??
        (await insertPaymentSource(scope, { ...outcome.method, publicId: newPublicId(), customerId: attempt.customerId, createdAt: now }))[0]!;
    }
    const shown = source ?? outcome.method ?? null;
    const applications = fitToBalances(plan, reads, outcome.amount, currency);
    const pid = newPublicId();
    const { statements } = applyPaymentStatements(
      scope,
      {
        customerId: attempt.customerId,
        currency,
        amount: outcome.amount,
        applications,
        method: paymentMethodName(shown),
        source: "portal",
        publicId: pid,
        paymentSourceId: source?.id ?? null,
        methodBrand: shown?.brand ?? (shown?.type === "bank_account" ? (shown.bankName ?? null) : null),
        methodLast4: shown?.last4 || null,
        gateway: attempt.gateway,
        gatewayId: outcome.providerRef,
        metadata: { attempt: attempt.id },
        lockId: attempt.id,
      },
      now,
      who,
      portalOrigin,
    );
    // the same `invoice.paid` as the merchant API writes (object id: the invoice's API id)
    const paidEvents = applications.flatMap((a) => {
      const row = a.type === "invoice" ? reads.invoices.find((i) => i.id === a.invoiceId) : undefined;
      if (a.type !== "invoice" || !row) return [];
      const lines = reads.lines.filter((l) => l.invoiceId === row.id);
      return [invoicePaidEventStmt(scope, a.invoiceId, pid, who, now, paidOffInvoiceObject(row, lines, now, { origin: portalOrigin, now }))];
    });
    const keep = attempt.saveSource && source && source.deletedAt !== null ? [reviveSourceStmt(scope, attempt.customerId, source.id)] : [];
    // runs after the revive in the same batch, so the "live default" check sees the kept method
    const adopt = attempt.saveSource && source ? [adoptDefaultIfNoneStmt(scope, attempt.customerId, source.id, now)] : [];
    const enroll = attempt.autopayEnroll && source ? await enrollStmts(scope, attempt.customerId, source.id, who, now) : [];
    try {
      await scope.batch([
        ...statements,
        succeedAttemptStmt(scope, attempt.id, pid, outcome.providerRef, now),
        assertOneRowChanged(scope),
        ...paidEvents,
        releaseLocksStmt(scope, attempt.id, invoiceIds),
        releaseEstimateLocksStmt(scope, attempt.id, estimateIds),
        ...keep,
        ...adopt,
        ...enroll,
      ]);
      const stored = await findAttemptById(scope, attempt.id);
      return { kind: "settled", paymentId: stored!.paymentId!, paymentPublicId: pid };
    } catch (err) {
      if (!isGuardFailure(err)) throw err;
      const current = await findAttemptById(scope, attempt.id);
      if (current?.status === "succeeded") return { kind: "already", paymentId: current.paymentId };
    }
  }
  throw new Error("payment attempt could not be settled after three rounds");
}

/** AutoPay on at pay time; its event carries the customer as the API shows it after (one read, only when asked). */
async function enrollStmts(scope: TenantScope, customerId: number, sourceId: number, who: Actor, now: number) {
  const customer = await findCustomer(scope, customerId);
  if (!customer) return [];
  const change = { autopay: true, defaultPaymentSourceId: customer.defaultPaymentSourceId ?? sourceId };
  const data = await customerChangeData(scope, customer, change, now, { via: "pay" });
  return [...enrollAutopayStmts(scope, customerId, sourceId, who, now, data)];
}
