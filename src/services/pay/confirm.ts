import {
  claimAttempt,
  findMyAttempt,
  invoiceBalances,
  lockEstimate,
  lockInvoices,
  type PaymentAttempt,
  setAttemptProviderRef,
} from "../../db/queries/payment-attempts";
import { findSourceById, listPaymentSources } from "../../db/queries/payment-sources";
import { GatewayError, type HostedGateway } from "../gateways";
import { splitStripeToken } from "../gateways/stripe-gateway";
import type { PayDeps } from "./deps";
import { endAttempt } from "./fail";
import { checkoutSettlement, isCheckoutAttempt, settleAndNotify } from "./outcome";
import { allocationsOfAttempt } from "./settle";

/**
 * The confirm button: charges what the confirmation page showed, exactly once.
 *
 * - S36: the attempt row exists already (written at review); its id is the
 *   idempotency key for the provider, and `claimAttempt` (pending -> processing,
 *   one conditional write) lets only one of several identical submissions go on.
 * - S37: the invoices' (and deposit's) payment locks are taken by one conditional
 *   write before the gateway is called; another live attempt on the same invoice
 *   gets nothing, so 50 parallel payments charge once.
 * - A decline or an unreachable provider ends the attempt and gives the locks back;
 *   no balance is touched (balances change only in the settlement batch).
 */

export type ConfirmResult = { kind: "notFound" } | { kind: "result" } | { kind: "checkout"; url: string };

/** A hosted checkout page lasts this long (Stripe's minimum is 30 minutes); the locks last as long. */
const CHECKOUT_SECONDS = 31 * 60;

const NOT_CHARGED = "Nothing was charged.";

export async function confirmPayment(d: PayDeps, clientKey: string): Promise<ConfirmResult> {
  const attempt = await findMyAttempt(d.my, clientKey);
  if (!attempt) return { kind: "notFound" };
  if (attempt.status === "processing" && isCheckoutAttempt(attempt)) return resumeCheckout(d, attempt, true);
  if (attempt.status !== "pending") return { kind: "result" };
  if (!(await claimAttempt(d.scope, attempt.id, d.now))) return { kind: "result" };

  const refuse = (message: string) => endAttempt(d.scope, attempt, { status: "failed", message }, d.who, d.now).then(() => ({ kind: "result" }) as const);
  const plan = allocationsOfAttempt(attempt);
  // Settings may have changed since the review: they are enforced when the money moves.
  if (attempt.gateway !== d.gateway.kind) return refuse(`The merchant changed how payments are taken. Please start again. ${NOT_CHARGED}`);
  if (plan.some((a) => a.type === "credit") && !d.tenant.allowAdvancePayments)
    return refuse(`${d.tenant.name} no longer accepts advance payments. ${NOT_CHARGED}`);
  if (attempt.autopayEnroll && !d.tenant.allowAutopayEnrollment) return refuse(`${d.tenant.name} no longer offers AutoPay enrolment here. ${NOT_CHARGED}`);

  const hosted = d.gateway.flow === "hosted" && attempt.paymentSourceId === null;
  const lockedAt = hosted ? d.now + CHECKOUT_SECONDS : d.now;
  const invoicePlan = plan.flatMap((a) => (a.type === "invoice" ? [{ invoiceId: a.invoiceId, amount: a.amount }] : []));
  let locked = await lockInvoices(d.scope, attempt.customerId, attempt.id, invoicePlan, attempt.currency, d.now, lockedAt, !d.tenant.allowPartialPayments);
  for (const a of plan) {
    if (locked && a.type === "estimate") locked = await lockEstimate(d.scope, attempt.customerId, attempt.id, a.estimateId, attempt.currency, d.now, lockedAt);
  }
  if (!locked && !d.tenant.allowPartialPayments && (await partOfABalance(d, attempt.customerId, invoicePlan))) {
    return refuse(`${d.tenant.name} no longer accepts partial payments: pay the full balance. ${NOT_CHARGED}`);
  }
  if (!locked) {
    return refuse(`An invoice in this payment was paid or changed meanwhile, or is being paid in another window. ${NOT_CHARGED} Please start again.`);
  }
  return hosted ? openCheckout(d, attempt, clientKey) : chargeSaved(d, attempt);
}

/** Does the plan pay only part of an invoice's balance (the lock refused it when partial payments are off)? */
async function partOfABalance(d: PayDeps, customerId: number, plan: { invoiceId: number; amount: number }[]): Promise<boolean> {
  const balances = await invoiceBalances(
    d.scope,
    customerId,
    plan.map((p) => p.invoiceId),
  );
  return plan.some((p) => (balances.get(p.invoiceId) ?? 0) > p.amount);
}

async function chargeSaved(d: PayDeps, attempt: PaymentAttempt): Promise<ConfirmResult> {
  const source = attempt.paymentSourceId ? await findSourceById(d.scope, attempt.customerId, attempt.paymentSourceId) : undefined;
  if (!source || source.gateway !== d.gateway.kind) {
    await endAttempt(d.scope, attempt, { status: "failed", message: `That payment method is no longer available. ${NOT_CHARGED}` }, d.who, d.now);
    return { kind: "result" };
  }
  let result;
  try {
    result = await d.gateway.charge({
      amount: attempt.amount,
      currency: attempt.currency,
      source: { type: source.type, gatewayToken: source.gatewayToken },
      idempotencyKey: attempt.id,
      description: `${d.tenant.name}: ${attempt.description ?? "payment"}`,
      metadata: { tenant: d.tenant.username },
    });
  } catch (err) {
    // The provider may still have taken it: a later webhook settles the attempt even when failed (S40).
    const message = err instanceof GatewayError ? err.publicMessage : "The payment could not be completed. Please try again in a moment.";
    console.error(`charge failed for attempt ${attempt.id}: ${err instanceof Error ? err.name : "unknown"}`);
    await endAttempt(d.scope, attempt, { status: "failed", message }, d.who, d.now);
    return { kind: "result" };
  }
  if (result.status === "succeeded") {
    await settleAndNotify(
      d,
      attempt,
      { providerRef: result.providerRef, amount: attempt.amount, currency: attempt.currency, method: { ...source, gateway: d.gateway.kind } },
      d.customer,
    );
  } else if (result.status === "failed") {
    const message = result.failureMessage ?? "Your payment was declined.";
    await endAttempt(d.scope, attempt, { status: "failed", message: `${message} ${NOT_CHARGED}`, providerRef: result.providerRef }, d.who, d.now);
  } else if (result.providerRef) {
    // pending (a bank debit, or the bank wants the customer): the webhook settles it
    await setAttemptProviderRef(d.scope, attempt.id, result.providerRef, d.now).run();
  }
  return { kind: "result" };
}

/** The Stripe customer of this customer's saved Stripe methods, so a new card joins the same customer. */
async function providerCustomerOf(d: PayDeps): Promise<string | null> {
  const sources = await listPaymentSources(d.scope, d.customer.id);
  for (const s of sources) if (s.gateway === "stripe") return splitStripeToken(s.gatewayToken).customer;
  return null;
}

async function openCheckout(d: PayDeps, attempt: PaymentAttempt, clientKey: string): Promise<ConfirmResult> {
  const gateway = d.gateway as HostedGateway;
  try {
    const session = await gateway.createCheckoutSession({
      mode: "payment",
      amount: attempt.amount,
      currency: attempt.currency,
      description: `${d.tenant.name}: ${attempt.description ?? "payment"}`,
      successUrl: `${d.portalOrigin}/pay/result/${clientKey}`,
      cancelUrl: `${d.portalOrigin}/pay/confirm/${clientKey}?canceled=1`,
      idempotencyKey: attempt.id,
      providerCustomerId: attempt.saveSource ? await providerCustomerOf(d) : null,
      customerEmail: d.customer.email,
      saveSource: attempt.saveSource,
      expiresAt: d.now + CHECKOUT_SECONDS,
      metadata: { tenant: d.tenant.username },
    });
    await setAttemptProviderRef(d.scope, attempt.id, session.id, d.now).run();
    return { kind: "checkout", url: session.url };
  } catch (err) {
    const message = err instanceof GatewayError ? err.publicMessage : "The payment page could not be opened. Please try again in a moment.";
    console.error(`checkout failed for attempt ${attempt.id}: ${err instanceof Error ? err.name : "unknown"}`);
    await endAttempt(d.scope, attempt, { status: "failed", message }, d.who, d.now);
    return { kind: "result" };
  }
}

/**
 * An attempt whose hosted checkout was opened: what is it now? Asked from the provider
 * (S40), never from the return URL. Paid: settle. Open: back to the page (when
 * `reopen`). Expired: end the attempt and release its locks.
 */
export async function resumeCheckout(d: PayDeps, attempt: PaymentAttempt, reopen: boolean): Promise<ConfirmResult> {
  if (d.gateway.flow !== "hosted" || !attempt.providerRef) return { kind: "result" };
  let s;
  try {
    s = await d.gateway.retrieveCheckoutSession(attempt.providerRef);
  } catch {
    return { kind: "result" }; // unknown for now; the webhook or the next visit settles it
  }
  if (s.status === "complete" && s.paid) {
    await settleAndNotify(d, attempt, checkoutSettlement(attempt, s), d.customer);
    return { kind: "result" };
  }
  if (s.status === "open" && s.url && reopen) return { kind: "checkout", url: s.url };
  if (s.status === "expired") {
    await endAttempt(d.scope, attempt, { status: "failed", message: `The payment page expired before the payment was made. ${NOT_CHARGED}` }, d.who, d.now);
  }
  return { kind: "result" };
}

/** The customer gives up: an open hosted page is closed first, so nothing can be paid on it afterwards. */
export async function cancelPayment(d: PayDeps, clientKey: string): Promise<ConfirmResult | { kind: "canceled"; attempt: PaymentAttempt }> {
  const attempt = await findMyAttempt(d.my, clientKey);
  if (!attempt) return { kind: "notFound" };
  if (attempt.status === "processing" && isCheckoutAttempt(attempt) && d.gateway.flow === "hosted") {
    let s;
    try {
      await d.gateway.expireCheckoutSession(attempt.providerRef!);
      s = await d.gateway.retrieveCheckoutSession(attempt.providerRef!);
    } catch {
      return { kind: "result" };
    }
    // Paid just before the page was closed: that payment stands.
    if (s.status === "complete" && s.paid) {
      await settleAndNotify(d, attempt, checkoutSettlement(attempt, s), d.customer);
      return { kind: "result" };
    }
    // Completed but still settling (a bank debit): too late to cancel; the webhook decides.
    if (s.status === "complete") return { kind: "result" };
  } else if (attempt.status !== "pending") {
    return { kind: "result" };
  }
  await endAttempt(d.scope, attempt, { status: "canceled", message: `You cancelled this payment. ${NOT_CHARGED}` }, d.who, d.now);
  return { kind: "canceled", attempt };
}
