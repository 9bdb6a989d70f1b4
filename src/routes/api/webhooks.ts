import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { findTenantByUsername } from "../../db/queries/tenants";
import { recordWebhookEvent, webhookEventSeen } from "../../db/queries/webhook-events";
import { tenantScope } from "../../db/scope";
import { ApiError } from "../../lib/api-error";
import { isValidUsername } from "../../lib/hosts";
import { portalOrigin } from "../../lib/origins";
import { createMailer } from "../../services/email";
import { getGateway, stripeWebhookSecret } from "../../services/gateways";
import { verifyStripeWebhook } from "../../services/gateways/stripe-gateway";
import { handleStripeEvent } from "../../services/pay/stripe-webhook";

/**
 * Provider webhooks on the api host: `POST /webhooks/stripe/{username}` is the URL a
 * merchant registers in its Stripe dashboard. No API key: the tenant comes from the
 * path and the proof from the signature, checked on the raw bytes with the tenant's
 * own webhook secret and a 300 s tolerance (S38). A bad signature is a 400 and
 * nothing is read or written. Events are handled once per tenant (S39).
 */
export const webhooksRoutes = new Hono<ApiEnv>();

const unknown = () => new ApiError(404, "invalid_request_error", "Unknown endpoint");

webhooksRoutes.post("/webhooks/stripe/:username", async (c) => {
  const username = c.req.param("username");
  const tenant = isValidUsername(username) ? await findTenantByUsername(c.var.db, username) : undefined;
  if (!tenant || tenant.paymentGateway !== "stripe") throw unknown();
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

  const scope = tenantScope(c.var.db, tenant.id);
  if (await webhookEventSeen(scope, event.id)) return c.json({ received: true, duplicate: true });
  const gateway = await getGateway(tenant, c.env);
  if (gateway.flow !== "hosted") throw unknown();
  await handleStripeEvent(
    { scope, tenant, gateway, mailer: createMailer(c.env, c.var.db), portalOrigin: portalOrigin(c.env, tenant.username), now: c.var.now },
    event,
  );
  // Recorded after handling: an event that failed half-way is handled again when Stripe retries.
  await recordWebhookEvent(scope, "stripe", event.id, event.type, c.var.now);
  return c.json({ received: true });
});
