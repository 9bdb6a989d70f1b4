import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { paymentSourceSetups } from "../../src/db/schema";
import type { fakeStripe } from "../helpers/stripe-fake";
import { useStripe } from "../pay/helpers";
import { signedIn } from "../payment-methods/helpers";
import { event } from "./stripe-helpers";

export type Stripe = ReturnType<typeof fakeStripe>;

/**
 * A Stripe tenant (secret key and webhook secret) whose signed-in customer has
 * started adding a card on Checkout in setup mode: our setup row is pending and
 * names the session. `returnPath` is where Stripe sends the browser back.
 */
export async function setupWaiting(stripe: Stripe, opts: { makeDefault?: boolean } = {}) {
  const w = await signedIn();
  await useStripe(w.t.tenant.id);
  await w.portal.get("/payment-methods/new");
  const start = await w.portal.post("/payment-methods/checkout", opts.makeDefault ? { make_default: "1" } : {});
  if (start.status !== 303) throw new Error(`setup did not start: ${start.status}`);
  const create = stripe.calls.filter((c) => c.path === "/v1/checkout/sessions").at(-1)!;
  const sessionId = new URL(start.location!).pathname.split("/").at(-1)!;
  const returnPath = create.params.get("success_url")!.replace(w.t.origin, "").replace("{CHECKOUT_SESSION_ID}", sessionId);
  const setup = (await w.t.scope.select(paymentSourceSetups, eq(paymentSourceSetups.providerSessionId, sessionId)).get())!;
  return { ...w, sessionId, returnPath, setupId: setup.id };
}

/** The setup row as it is now. */
export async function setupRow(w: Pick<Awaited<ReturnType<typeof setupWaiting>>, "t" | "setupId">) {
  return (await w.t.scope.select(paymentSourceSetups, eq(paymentSourceSetups.id, w.setupId)).get())!;
}

/**
 * `checkout.session.completed` for a setup session as Stripe sends it: not expanded
 * (setup_intent is an id). `over` lets a test put things in the body it must not trust.
 */
export function setupCompleted(stripe: Stripe, sessionId: string, over: Record<string, unknown> = {}, type = "checkout.session.completed") {
  return event(type, {
    id: sessionId,
    object: "checkout.session",
    mode: "setup",
    status: "complete",
    customer: "cus_fake1",
    setup_intent: "seti_fake1",
    metadata: stripe.sessions.get(sessionId)?.metadata ?? {},
    ...over,
  });
}

/** Retrieves of Checkout Sessions the app made (server-side reads, S40). */
export function retrieves(stripe: Stripe) {
  return stripe.calls.filter((c) => c.method === "GET" && c.path.startsWith("/v1/checkout/sessions/"));
}

export async function webhookEventCount(eventId: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM webhook_events WHERE event_id LIKE ?").bind(`%${eventId}`).first<{ n: number }>();
  return row!.n;
}
