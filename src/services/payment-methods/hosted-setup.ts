import {
  completeSetupStmt,
  insertSetup,
  moveSetup,
  type PaymentSourceSetup,
  recordProviderSession,
} from "../../db/queries/payment-source-setups";
import { lastStripeToken, type PaymentSource } from "../../db/queries/payment-sources";
import { randomToken } from "../../lib/random";
import type { HostedGateway } from "../gateways";
import { splitStripeToken } from "../gateways/stripe-gateway";
import { changed, type MethodCtx } from "./context";
import { saveSource } from "./save-source";

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
 * Completes a setup when the browser comes back (S40): the outcome is read from
 * the provider server-side with the session id stored on our row (the return
 * URL's query is ignored), checked to belong to this tenant, customer and setup,
 * and saved once: pending -> completing is one conditional write, and the method,
 * its event and "completed" are one batch.
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

  if (changed(await moveSetup(my, setup.id, "pending", "completing", now)) !== 1) return { kind: "already" };
  try {
    const source = await saveSource(x, outcome.source, {
      makeDefault: setup.makeDefault,
      via: "portal",
      extra: (pid) => [completeSetupStmt(my, setup.id, pid, now)],
    });
    return { kind: "saved", source };
  } catch (err) {
    // Nothing was saved (the batch is atomic): let a reload try again.
    await moveSetup(my, setup.id, "completing", "pending", now);
    throw err;
  }
}
