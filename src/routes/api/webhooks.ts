import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { findTenantByUsername } from "../../db/queries/tenants";
import { recordWebhookEvent, webhookEventSeen } from "../../db/queries/webhook-events";
import { tenantScope } from "../../db/scope";
import { ApiError } from "../../lib/api-error";
import { isValidUsername } from "../../lib/hosts";
import { portalOrigin } from "../../lib/origins";
import { createMailer } from "../../services/email";
import { GatewayError, getGateway, stripeWebhookSecret } from "../../services/gateways";
import { verifyStripeWebhook } from "../../services/gateways/stripe-gateway";
import { handleStripeEvent } from "../../services/pay/stripe-webhook";
import { announceAfterResponse } from "../middleware/webhook-producer";

/**
 * Provider webhooks on the api host: `POST /webhooks/stripe/{username}` is the URL a
 * merchant registers in its Stripe dashboard. No API key: the tenant comes from the
 * path and the proof from the signature, checked on the raw bytes with the tenant's
 * own webhook secret and a 300 s tolerance (S38). A bad signature is a 400 and
 * nothing is read or written. Events are handled once per tenant (S39).
 */
export const webhooksRoutes = new Hono<ApiEnv>();

const unknown = () => new ApiError(404, "invalid_request_error", "Unknown endpoint");

/** The outline every Stripe event has, which the handlers rely on: an id, a type and an object. */
function wellFormed(event: { id?: unknown; type?: unknown; data?: unknown }): boolean {
  const data = event.data as { object?: unknown } | null | undefined;
  return (
    typeof event.id === "string" &&
    /^[\x21-\x7e]{1,255}$/.test(event.id) &&
    typeof event.type === "string" &&
    event.type.length <= 255 &&
    typeof data === "object" &&
    data !== null &&
    typeof data.object === "object" &&
    data.object !== null &&
    !Array.isArray(data.object)
  );
}

webhooksRoutes.post("/webhooks/stripe/:username", async (c) => {
  const username = c.req.param("username");
  const tenant = isValidUsername(username) ? await findTenantByUsername(c.var.db, username) : undefined;
  if (tenant?.paymentGateway !== "stripe") throw unknown();
  const secret = await stripeWebhookSecret(tenant, c.env);
  if (!secret) throw unknown();

  const raw = new Uint8Array(await c.req.arrayBuffer());
  let event;
  try {
    event = await verifyStripeWebhook(raw, c.req.header("Stripe-Signature") ?? "", secret);
  } catch {
    // S30: no detail on why (a changed byte, an old timestamp and a wrong secret look alike).
    throw new ApiError(400, "invalid_request_error", "Webhook signature verification failed");
  }

  // Signed, so from Stripe; still a body of the wrong outline is a 400, not a 500 (S29).
  if (!wellFormed(event)) throw new ApiError(400, "invalid_request_error", "Webhook event is malformed");

  const scope = tenantScope(c.var.db, tenant.id);
  if (await webhookEventSeen(scope, event.id)) return c.json({ received: true, duplicate: true });
  const gateway = await getGateway(tenant, c.env);
  if (gateway.flow !== "hosted") throw unknown();
  try {
    await handleStripeEvent(
      { scope, tenant, gateway, mailer: createMailer(c.env, c.var.db), portalOrigin: portalOrigin(c.env, tenant.username), now: c.var.now },
      event,
    );
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    // Stripe could not be asked (a setup is read back before it is saved): not recorded, so Stripe retries.
    throw new ApiError(500, "api_error", "The payment provider could not be reached; the event was not handled");
  }
  // Recorded after handling: an event that failed half-way is handled again when Stripe retries.
  await recordWebhookEvent(scope, "stripe", event.id, event.type, c.var.now);
  announceAfterResponse(c, tenant.id);
  return c.json({ received: true });
});
