import { claimSetupStmt, insertSetup, linkSetupStmt, moveSetup, type PaymentSourceSetup, recordProviderSession } from "../../db/queries/payment-source-setups";
import { lastStripeToken, type PaymentSource } from "../../db/queries/payment-sources";
import { randomToken } from "../../lib/random";
import type { HostedGateway } from "../gateways";
import { splitStripeToken } from "../gateways/stripe-gateway";
import type { MethodCtx } from "./context";
import { saveSourceIfClaimed } from "./save-source";

/** The provider's idempotency key and metadata tag for one setup (S36). */
const attemptKey = (setupId: string) => `setup_${setupId}`;

/**
 * Starts saving a method on the provider's hosted page (Stripe Checkout, setup
 * mode): our setup row first, then the provider session, whose URL the browser is
 * sent to. The return URL names our row, not the provider's session.
 */
export async function startHostedSetup(
  x: MethodCtx,
  gw: HostedGateway,
  opts: { portalOrigin: string; currency: string; email: string | null; makeDefault: boolean },
): Promise<string> {
  const { my, now } = x;
  const id = randomToken(18);
  await insertSetup(my, { id, gateway: gw.kind, makeDefault: opts.makeDefault }, now);
  const token = await lastStripeToken(my);
  try {
    const session = await gw.createCheckoutSession({
      mode: "setup",
      currency: opts.currency,
      description: "Save a payment method",
      successUrl: `${opts.portalOrigin}/payment-methods/setup/${id}`,
      cancelUrl: `${opts.portalOrigin}/payment-methods?saved=setup-canceled`,
      idempotencyKey: attemptKey(id),
      providerCustomerId: token ? splitStripeToken(token).customer : null,
      customerEmail: opts.email,
      metadata: { tenant: String(my.tenantId), customer: String(my.customerId), setup: id },
    });
    await recordProviderSession(my, id, session.id, now);
    return session.url;
  } catch (err) {
    await moveSetup(my, id, "pending", "failed", now);
    throw err;
  }
}

export type SetupOutcome =
  | { kind: "saved"; source: PaymentSource }
  /** saved already (the return page reloaded) */
  | { kind: "already" }
  /** the customer has not finished on the provider's page */
  | { kind: "incomplete" }
  /** the session is not this setup's, or the setup failed */
  | { kind: "invalid" };

/**
 * Completes a setup, from the return page (the browser came back) or from Stripe's
 * verified `checkout.session.completed` webhook (the customer closed the tab). The
 * outcome is read from the provider server-side with the session id stored on our
 * row (S40: neither the return URL's query nor the webhook's body is trusted beyond
 * naming the row), checked to belong to this tenant, customer and setup, and saved
 * once: the claim (pending -> completed), the method, its event, the default and the
 * link are one atomic batch in which everything after the claim is conditional on it.
 * Whichever caller runs second, in either order or at the same moment, saves nothing
 * and gets "already"; a failed batch leaves the setup pending for a retry.
 */
export async function completeHostedSetup(x: MethodCtx, gw: HostedGateway, setup: PaymentSourceSetup): Promise<SetupOutcome> {
  const { my, now } = x;
  if (setup.status === "completed") return { kind: "already" };
  if (setup.status !== "pending" || !setup.providerSessionId || setup.gateway !== gw.kind) return { kind: "invalid" };

  const outcome = await gw.retrieveCheckoutSession(setup.providerSessionId);
  const ours =
    outcome.id === setup.providerSessionId &&
    outcome.mode === "setup" &&
    outcome.metadata.attempt === attemptKey(setup.id) &&
    outcome.metadata.tenant === String(my.tenantId) &&
    outcome.metadata.customer === String(my.customerId);
  if (!ours) {
    await moveSetup(my, setup.id, "pending", "failed", now);
    return { kind: "invalid" };
  }
  if (outcome.status === "expired") {
    await moveSetup(my, setup.id, "pending", "failed", now);
    return { kind: "incomplete" };
  }
  if (outcome.status !== "complete" || !outcome.source) return { kind: "incomplete" };

  const source = await saveSourceIfClaimed(x, outcome.source, {
    makeDefault: setup.makeDefault,
    via: "portal",
    claim: claimSetupStmt(my, setup.id, now),
    extra: (pid) => [linkSetupStmt(my, setup.id, pid, now)],
  });
  return source ? { kind: "saved", source } : { kind: "already" };
}
