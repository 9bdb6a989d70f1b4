import type Stripe from "stripe";
import type { Actor } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import { findAttemptById, type PaymentAttempt } from "../../db/queries/payment-attempts";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import type { HostedGateway } from "../gateways";
import { fromStripeAmount } from "../gateways/stripe-amounts";
import { checkoutOutcome, declineMessage } from "../gateways/stripe-gateway";
import { completeSetupFromWebhook } from "../payment-methods/setup-webhook";
import { completeSignupFromWebhook } from "../signup/checkout";
import { endAttempt } from "./fail";
import { checkoutSettlement, settleAndNotify } from "./outcome";

/**
 * What a verified Stripe event (S38) means for our payment attempts. Every effect is
 * a conditional write on the attempt (S39): handling an event twice, or a failure
 * after a success, changes nothing; a success after a failure still records the
 * money (order-independent). Fulfilment comes only from here or from a server-side
 * retrieve (S40).
 *
 * Hosted-checkout attempts settle from `checkout.session.*` events (their session
 * knows the method that was saved); server-side charges of a saved method settle
 * from `payment_intent.*`. Setup-mode sessions (adding a method at
 * /payment-methods) are not payments: a completed one saves the method through
 * the same service as the return page (`completeSetupFromWebhook`), and an expired
 * one fails its setup row through that service too. A setup session that is no
 * such setup may be a sign-up's (Stripe Checkout on a sign-up page): it is finished,
 * or its claim given back when expired, by the sign-up's own service.
 */

export type WebhookDeps = {
  scope: TenantScope;
  tenant: Pick<Tenant, "id" | "name" | "estimateAutoInvoice">;
  gateway: HostedGateway;
  mailer: Mailer;
  portalOrigin: string;
  now: number;
};

const SYSTEM: Actor = { actor: "system" };

async function attemptOf(scope: TenantScope, id: string | null | undefined): Promise<PaymentAttempt | undefined> {
  return id && /^pa_[A-Za-z0-9]{10,40}$/.test(id) ? findAttemptById(scope, id) : undefined;
}

export async function handleStripeEvent(d: WebhookDeps, event: Stripe.Event): Promise<"handled" | "ignored"> {
  const settleDeps = { ...d, who: SYSTEM };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (session.mode === "setup") {
        // Only the session id is taken from the body; Stripe is asked for the rest (S40).
        const r = await completeSetupFromWebhook(d, session.id);
        if (r === null) return (await completeSignupFromWebhook(d, session.id))?.kind === "done" ? "handled" : "ignored";
        return r?.kind === "saved" ? "handled" : "ignored";
      }
      if (session.mode !== "payment") return "ignored";
      const attempt = await attemptOf(d.scope, session.metadata?.attempt ?? session.client_reference_id);
      if (!attempt || attempt.paymentSourceId !== null) return "ignored";
      let outcome = checkoutOutcome(session);
      if (!outcome.paid) return "ignored"; // a bank debit still settling: async_payment_succeeded follows
      // The payload is verified; a retrieve adds the method's brand and last 4 (and the method to save).
      outcome = await d.gateway.retrieveCheckoutSession(session.id).catch(() => outcome);
      if (!outcome.paid) return "ignored";
      await settleAndNotify(settleDeps, attempt, checkoutSettlement(attempt, outcome), (await findCustomer(d.scope, attempt.customerId)) ?? null);
      return "handled";
    }
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed": {
      const session = event.data.object;
      if (session.mode === "setup" && event.type === "checkout.session.expired") {
        // Read back from Stripe like a completion (S40): an expired session fails our setup row now,
        // not when (if ever) the customer comes back to the return page.
        const r = await completeSetupFromWebhook(d, session.id);
        if (r === null) return (await completeSignupFromWebhook(d, session.id))?.kind === "canceled" ? "handled" : "ignored";
        return r?.kind === "incomplete" ? "handled" : "ignored";
      }
      if (session.mode !== "payment") return "ignored";
      const attempt = await attemptOf(d.scope, session.metadata?.attempt ?? session.client_reference_id);
      if (!attempt || attempt.paymentSourceId !== null) return "ignored";
      const message =
        event.type === "checkout.session.expired"
          ? "The payment page expired before the payment was made. Nothing was charged."
          : "The bank payment failed. Nothing was charged.";
      await endAttempt(d.scope, attempt, { status: "failed", message }, SYSTEM, d.now);
      return "handled";
    }
    case "payment_intent.succeeded": {
      const pi = event.data.object;
      const attempt = await attemptOf(d.scope, pi.metadata?.attempt);
      if (!attempt || attempt.paymentSourceId === null) return "ignored";
      await settleAndNotify(
        settleDeps,
        attempt,
        { providerRef: pi.id, amount: fromStripeAmount(pi.amount_received || pi.amount, pi.currency), currency: pi.currency, method: null },
        (await findCustomer(d.scope, attempt.customerId)) ?? null,
      );
      return "handled";
    }
    case "payment_intent.payment_failed": {
      const pi = event.data.object;
      const attempt = await attemptOf(d.scope, pi.metadata?.attempt);
      if (!attempt || attempt.paymentSourceId === null) return "ignored";
      const err = pi.last_payment_error;
      const message = `${declineMessage(err?.decline_code ?? err?.code)} Nothing was charged.`;
      await endAttempt(d.scope, attempt, { status: "failed", message, providerRef: pi.id }, SYSTEM, d.now);
      return "handled";
    }
    default:
      return "ignored";
  }
}
