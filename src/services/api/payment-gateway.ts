import { isGuardFailure } from "../../db/batch";
import type { Actor } from "../../db/events";
import { noStripeAttemptsInFlightGuard, stripeAttemptsInFlight } from "../../db/queries/tenant-settings";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest } from "../../lib/api-error";
import { decryptSecret } from "../../lib/crypto";
import { apiOrigin } from "../../lib/origins";
import { DAY } from "../../lib/time";
import * as z from "../../lib/zod";
import { plural } from "../../presentation/plural";
import { removeStripeSettings, StripeSettingsError, saveStripeSettings } from "../pay/stripe-settings";
import { getSettings, settingsEvent } from "./settings";

/**
 * `GET|PUT /settings/payment_gateway`: the offline test gateway or the tenant's
 * own Stripe account. Secrets go in once and never come out (S42): stored
 * encrypted through `saveStripeSettings`, answered as `stripe_connected` and a
 * hint (`sk_live_…Ab12`).
 *
 * Switching back to `test` forgets the Stripe secrets (an unused live key is a
 * liability, and reconnecting is one PUT); it is refused while a Stripe payment
 * of the last 7 days still waits for its outcome, since the webhook that records
 * it needs the secrets (Stripe retries webhooks for 3 days, bank debits take days).
 */

/** Events the merchant must subscribe the endpoint to (src/services/pay/stripe-webhook.ts). */
const STRIPE_WEBHOOK_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
] as const;

const IN_FLIGHT_WINDOW = 7 * DAY;

type Env = Parameters<typeof apiOrigin>[0] & { ENCRYPTION_KEY: string };

const gatewayField = z.looseObject({ gateway: z.enum(["test", "stripe"]) });
const testBody = z.strictObject({ gateway: z.literal("test") });
const stripeBody = z.strictObject({
  gateway: z.literal("stripe"),
  secret_key: z.string().max(255, "must be at most 255 characters"),
  webhook_secret: z.string().max(255, "must be at most 255 characters").nullable().optional(),
});

/** `sk_live_…Ab12`: the kind of key and its last four characters, as Stripe's dashboard shows it. */
function keyHint(secretKey: string): string {
  const prefix = /^(sk|rk)_(test|live)_/.exec(secretKey)?.[0] ?? "";
  return `${prefix}…${secretKey.slice(-4)}`;
}

async function storedKeyHint(t: Tenant, encryptionKey: string): Promise<string | null> {
  if (!t.stripeSecretKeyEnc) return null;
  try {
    return keyHint(await decryptSecret(encryptionKey, t.stripeSecretKeyEnc));
  } catch {
    return null; // a key stored under another ENCRYPTION_KEY: connected, but not readable here
  }
}

export async function paymentGatewayToWire(t: Tenant, env: Env) {
  const connected = t.paymentGateway === "stripe" && t.stripeSecretKeyEnc !== null;
  const hint = connected ? await storedKeyHint(t, env.ENCRYPTION_KEY) : null;
  return {
    object: "payment_gateway" as const,
    gateway: t.paymentGateway,
    stripe_connected: connected,
    stripe_mode: hint ? (hint.includes("_live_") ? "live" : "test") : null,
    secret_key_hint: hint,
    webhook_secret_set: connected && t.stripeWebhookSecretEnc !== null,
    webhook_url: `${apiOrigin(env)}/webhooks/stripe/${t.username}`,
    webhook_events: STRIPE_WEBHOOK_EVENTS,
    updated_at: t.updatedAt,
  };
}

/** PUT /settings/payment_gateway: the whole configuration, so a retry changes nothing more. */
export async function setPaymentGateway(scope: TenantScope, body: Record<string, unknown>, env: Env, now: number, who: Actor): Promise<Tenant> {
  const { gateway } = validate(gatewayField, body);
  const current = await getSettings(scope);
  // the settings as they read after the change: only whether a key is stored shows (stripe_connected), never the key
  const event = (fields: string[], change: Partial<Tenant>) => settingsEvent(scope, current, { ...change, updatedAt: now }, fields, { env, who, now });

  if (gateway === "test") {
    validate(testBody, body);
    if (current.paymentGateway === "test" && current.stripeSecretKeyEnc === null) return current;
    const since = now - IN_FLIGHT_WINDOW;
    const inFlight = (n: number) =>
      conflict(
        `${plural(n, "Stripe payment")} still ${n === 1 ? "waits" : "wait"} for ${n === 1 ? "its" : "their"} outcome; switch to test once they have settled`,
        "gateway",
      );
    const count = await stripeAttemptsInFlight(scope, since);
    if (count > 0) throw inFlight(count);
    try {
      await removeStripeSettings(scope.db, scope.tenantId, now, [
        noStripeAttemptsInFlightGuard(scope, since),
        event(["payment_gateway", "stripe_secret_key", "stripe_webhook_secret"], { paymentGateway: "test", stripeSecretKeyEnc: null }),
      ]);
    } catch (err) {
      if (isGuardFailure(err)) throw inFlight(await stripeAttemptsInFlight(scope, since));
      throw err;
    }
    return getSettings(scope);
  }

  const input = validate(stripeBody, body);
  const fields = [...(current.paymentGateway === "stripe" ? [] : ["payment_gateway"]), "stripe_secret_key", "stripe_webhook_secret"];
  try {
    await saveStripeSettings(scope.db, scope.tenantId, { secretKey: input.secret_key, webhookSecret: input.webhook_secret ?? null }, env.ENCRYPTION_KEY, now, [
      event(fields, { paymentGateway: "stripe", stripeSecretKeyEnc: current.stripeSecretKeyEnc ?? "stored" }),
    ]);
  } catch (err) {
    // S30: the shape check's message names the field, never the value sent
    if (err instanceof StripeSettingsError) throw invalidRequest(err.message, err.param);
    throw err;
  }
  return getSettings(scope);
}
