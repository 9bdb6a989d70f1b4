import { exports } from "cloudflare:workers";
import Stripe from "stripe";
import { nowSeconds } from "../../src/lib/time";
import { API_ORIGIN } from "../helpers/api";
import { makeInvoice, makePaymentSource } from "../helpers/fixtures";
import type { FakeStripe } from "../helpers/stripe-fake";
import { attemptsOf, confirm, review, STRIPE_WEBHOOK_SECRET, useStripe, world } from "../pay/helpers";

let seq = 0;

/**
 * A Stripe-Signature header made by the stripe package's own test helper. The Workers
 * build of the package has only the async WebCrypto provider, so the Async variant
 * of generateTestHeaderString is the one that runs here.
 */
export function sign(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? STRIPE_WEBHOOK_SECRET,
    timestamp: opts.timestamp ?? nowSeconds(),
  });
}

export function event(type: string, object: Record<string, unknown>, id = `evt_test_${Date.now().toString(36)}${seq++}`) {
  return { id, object: "event", api_version: "2025-01-01", created: nowSeconds(), livemode: false, pending_webhooks: 1, request: null, type, data: { object } };
}

export async function deliver(username: string, payload: string, signature: string | null) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== null) headers["Stripe-Signature"] = signature;
  const res = await exports.default.fetch(`${API_ORIGIN}/webhooks/stripe/${username}`, { method: "POST", headers, body: payload });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

export async function send(username: string, evt: object) {
  const payload = JSON.stringify(evt);
  return deliver(username, payload, await sign(payload));
}

/** A Stripe tenant whose customer has opened Checkout for one invoice: the attempt waits for Stripe. */
export async function checkoutWaiting(s: FakeStripe, unitCost = 4_200) {
  const w = await world();
  await useStripe(w.tenant.id);
  const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost }]);
  const r = await review(w.client, { invoice: inv.publicId, method: "checkout" });
  await confirm(w.client, r.key!);
  const [attempt] = await attemptsOf(w, w.customer.id);
  const sessionId = attempt!.providerRef!;
  return { ...w, inv, key: r.key!, attempt: attempt!, sessionId, session: () => s.sessions.get(sessionId)! };
}

/** The session as a webhook carries it: not expanded (payment_intent is an id). */
export function sessionPayload(s: FakeStripe, sessionId: string) {
  const session = s.sessions.get(sessionId)!;
  const pi = session.payment_intent as { id: string } | string | null;
  return { ...session, payment_intent: typeof pi === "object" && pi ? pi.id : pi };
}

/** A Stripe tenant whose saved-card charge is still processing (a bank debit): the webhook settles it. */
export async function chargePending() {
  const w = await world();
  await useStripe(w.tenant.id);
  const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 3_000 }]);
  const src = await makePaymentSource(w.scope, w.customer.id, {
    gateway: "stripe",
    type: "bank_account",
    brand: null,
    bankName: "STRIPE TEST BANK",
    last4: "6789",
    gatewayToken: "cus_q/pm_processing",
  });
  const r = await review(w.client, { invoice: inv.publicId, method: `source_${src.publicId}` });
  await confirm(w.client, r.key!);
  const [attempt] = await attemptsOf(w, w.customer.id);
  return { ...w, inv, attempt: attempt!, key: r.key! };
}
