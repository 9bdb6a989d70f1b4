import { vi } from "vitest";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { tenants } from "../../src/db/schema";
import { encryptSecret } from "../../src/lib/crypto";
import { makeTenant } from "../helpers/tenants";

/** Makes a tenant's portal use Stripe with a (fake) test key, stored encrypted as in production. */
export async function useStripe(t: Awaited<ReturnType<typeof makeTenant>>) {
  const enc = await encryptSecret(env.ENCRYPTION_KEY, "sk_test_fake");
  await t.scope.db.update(tenants).set({ paymentGateway: "stripe", stripeSecretKeyEnc: enc }).where(eq(tenants.id, t.tenant.id));
}

export type StripeCall = { method: string; path: string; body: URLSearchParams; headers: Headers };

type SessionOver = { status?: "open" | "complete" | "expired"; metadata?: Record<string, string>; card?: Record<string, unknown> | null; mode?: string };

/**
 * Fakes Stripe's HTTP API (only third-party HTTP is faked): customers.create,
 * checkout.sessions.create (records the metadata we sent) and retrieve (answers
 * with that metadata unless a test overrides it). Anything else fails the test.
 */
export function fakeStripe(over: SessionOver = {}) {
  const calls: StripeCall[] = [];
  const sessions = new Map<string, Record<string, string>>();
  /**
   * Tests change these as they go: `holdRetrieves` = n holds every session retrieve
   * until n are waiting (so n callers have all read the setup before any saves it);
   * `failRetrieves` answers retrieves with Stripe's 500.
   */
  const control = { holdRetrieves: 0, failRetrieves: false };
  let arrived = 0;
  let n = 0;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Request-Id": "req_fake" } });
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected outbound fetch to ${url.hostname}`);
    const body = new URLSearchParams(req.method === "GET" ? "" : await req.text());
    calls.push({ method: req.method, path: url.pathname, body, headers: req.headers });
    if (req.method === "POST" && url.pathname === "/v1/customers") return json({ id: "cus_fake1", object: "customer" });
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const id = `cs_test_fake${++n}`;
      const metadata: Record<string, string> = {};
      for (const [k, v] of body) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m) metadata[m[1]!] = v;
      }
      sessions.set(id, metadata);
      return json({ id, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/${id}`, mode: "setup", status: "open" });
    }
    const m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && m && control.failRetrieves) return json({ error: { type: "api_error", message: "Stripe is down" } }, 500);
    if (req.method === "GET" && m && control.holdRetrieves > 0) {
      // Polls a plain counter: workerd refuses a promise resolved from another request's handler.
      arrived++;
      for (let i = 0; arrived < control.holdRetrieves && i < 1_000; i++) await new Promise((r) => setTimeout(r, 5));
      if (arrived < control.holdRetrieves) throw new Error("held retrieve: the other caller never came");
    }
    if (req.method === "GET" && m && sessions.has(m[1]!)) {
      const card = over.card === undefined ? { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 } : over.card;
      return json({
        id: m[1],
        object: "checkout.session",
        mode: over.mode ?? "setup",
        status: over.status ?? "complete",
        customer: "cus_fake1",
        metadata: over.metadata ?? sessions.get(m[1]!),
        setup_intent: {
          id: "seti_fake1",
          object: "setup_intent",
          payment_method: card ? { id: "pm_fake1", object: "payment_method", type: "card", card } : null,
        },
      });
    }
    return json({ error: { type: "invalid_request_error", message: "No such resource" } }, 404);
  });
  return { calls, spy, sessions, control };
}
