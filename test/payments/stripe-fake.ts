import { type MockInstance, vi } from "vitest";

/**
 * A small stand-in for api.stripe.com behind `vi.spyOn(globalThis, "fetch")`: only
 * Stripe's HTTP is faked (the brief's rule); the worker, D1 and the SDK are real.
 * It keeps every call (method, path, form params, Idempotency-Key) for assertions,
 * honours idempotency keys like Stripe, and lets a test complete or expire a
 * Checkout session the way a customer would on Stripe's page.
 *
 * Payment method ids decide a charge: pm_card_chargeDeclined and
 * pm_card_insufficientFunds are declined, pm_processing stays processing.
 */

export type StripeCall = { method: string; path: string; params: URLSearchParams; idempotencyKey: string | null };

type Json = Record<string, unknown>;

export type FakeStripe = {
  calls: StripeCall[];
  sessions: Map<string, Json>;
  spy: MockInstance<typeof fetch>;
  /** the customer paid on Stripe's page with this card */
  completeSession(id: string, card?: { brand: string; last4: string }): Json;
  callsTo(method: string, path: string | RegExp): StripeCall[];
  /** make the next responses fail at the network level */
  failNetwork: boolean;
};

let seq = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(seq++).toString(36)}fake`;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Request-Id": id("req") } });
}

function metadataOf(params: URLSearchParams, prefix = "metadata"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`).exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}

export function fakeStripe(): FakeStripe {
  const calls: StripeCall[] = [];
  const sessions = new Map<string, Json>();
  const byKey = new Map<string, Response>();
  const state = { failNetwork: false };

  function paymentIntent(params: URLSearchParams): Response {
    const pm = params.get("payment_method") ?? "";
    const pi: Json = {
      id: id("pi"),
      object: "payment_intent",
      amount: Number(params.get("amount")),
      currency: params.get("currency"),
      metadata: metadataOf(params),
      payment_method: pm,
      customer: params.get("customer"),
      amount_received: 0,
      status: "succeeded",
    };
    if (pm === "pm_card_chargeDeclined" || pm === "pm_card_insufficientFunds") {
      const decline = pm === "pm_card_chargeDeclined" ? "generic_decline" : "insufficient_funds";
      return json(402, {
        error: { type: "card_error", code: "card_declined", decline_code: decline, message: "Your card was declined (fake).", payment_intent: { ...pi, status: "requires_payment_method" } },
      });
    }
    if (pm === "pm_processing") return json(200, { ...pi, status: "processing" });
    return json(200, { ...pi, amount_received: pi.amount });
  }

  function createSession(params: URLSearchParams): Response {
    const sid = id("cs_test");
    const session: Json = {
      id: sid,
      object: "checkout.session",
      mode: params.get("mode"),
      status: "open",
      payment_status: "unpaid",
      url: `https://checkout.stripe.com/c/pay/${sid}`,
      amount_total: Number(params.get("line_items[0][price_data][unit_amount]") ?? 0) || null,
      currency: params.get("line_items[0][price_data][currency]") ?? params.get("currency"),
      client_reference_id: params.get("client_reference_id"),
      customer: params.get("customer"),
      customer_email: params.get("customer_email"),
      success_url: params.get("success_url"),
      cancel_url: params.get("cancel_url"),
      expires_at: Number(params.get("expires_at")) || null,
      metadata: metadataOf(params),
      payment_intent: null,
      setup_intent: null,
    };
    sessions.set(sid, session);
    return json(200, session);
  }

  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected outbound fetch to ${url.hostname} in a test`);
    if (state.failNetwork) throw new TypeError("fetch failed (fake network error)");
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers as HeadersInit);
    const params = new URLSearchParams(method === "GET" ? url.search : String(init?.body ?? ""));
    const idempotencyKey = headers.get("Idempotency-Key");
    calls.push({ method, path: url.pathname, params, idempotencyKey });
    if (idempotencyKey && byKey.has(`${url.pathname}|${idempotencyKey}`)) return byKey.get(`${url.pathname}|${idempotencyKey}`)!.clone();

    let res: Response;
    const sessionPath = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(url.pathname);
    if (method === "POST" && url.pathname === "/v1/payment_intents") res = paymentIntent(params);
    else if (method === "POST" && url.pathname === "/v1/customers") res = json(200, { id: id("cus"), object: "customer", metadata: metadataOf(params) });
    else if (method === "POST" && url.pathname === "/v1/checkout/sessions") res = createSession(params);
    else if (sessionPath && sessions.has(sessionPath[1]!)) {
      const s = sessions.get(sessionPath[1]!)!;
      if (method === "POST" && sessionPath[2]) {
        if (s.status !== "open") res = json(400, { error: { type: "invalid_request_error", message: "Only open sessions can be expired." } });
        else {
          s.status = "expired";
          s.url = null;
          res = json(200, s);
        }
      } else res = json(200, s);
    } else res = json(404, { error: { type: "invalid_request_error", message: `No such route (fake): ${method} ${url.pathname}` } });
    if (idempotencyKey && res.status < 500) byKey.set(`${url.pathname}|${idempotencyKey}`, res.clone());
    return res;
  });

  return {
    calls,
    sessions,
    spy,
    get failNetwork() {
      return state.failNetwork;
    },
    set failNetwork(v: boolean) {
      state.failNetwork = v;
    },
    completeSession(sid, card = { brand: "visa", last4: "4242" }) {
      const s = sessions.get(sid);
      if (!s) throw new Error(`no fake session ${sid}`);
      s.status = "complete";
      s.payment_status = "paid";
      s.url = null;
      s.customer ??= id("cus");
      s.payment_intent = {
        id: id("pi"),
        object: "payment_intent",
        status: "succeeded",
        payment_method: { id: id("pm"), object: "payment_method", type: "card", card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2031 } },
      };
      return s;
    },
    callsTo(method, path) {
      return calls.filter((c) => c.method === method && (typeof path === "string" ? c.path === path : path.test(c.path)));
    },
  };
}
