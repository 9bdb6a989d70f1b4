import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { type MockInstance, vi } from "vitest";
import { tenants } from "../../src/db/schema";
import { encryptSecret } from "../../src/lib/crypto";
import type { makeTenant } from "./tenants";

/**
 * The one stand-in for api.stripe.com, behind `vi.spyOn(globalThis, "fetch")`: only
 * Stripe's HTTP is faked; the worker, D1 and the SDK are real. test/setup.ts
 * restores the spy after each file.
 *
 * It keeps every call (method, path, form params, Idempotency-Key), honours
 * idempotency keys like Stripe, and answers:
 * - customers.create, payment_intents.create (the payment method id decides:
 *   pm_card_chargeDeclined and pm_card_insufficientFunds are declined,
 *   pm_card_authenticationRequired is refused off-session as Stripe refuses a card
 *   that wants 3-D Secure (card_error authentication_required),
 *   pm_processing stays processing, anything else succeeds);
 * - checkout.sessions create, retrieve and expire. A payment-mode session stays
 *   open until the test completes it (`completeSession`), as a customer would on
 *   Stripe's page. A setup-mode session (adding a card) is retrieved as the
 *   customer left it: complete with a Visa 4242 unless `setup` says otherwise.
 *
 * Ids are `<prefix>_fake<n>` in the order this fake hands them out (the first
 * customer is cus_fake1, the first setup's card pm_fake1). Anything else is a 404;
 * a request to another host fails the test.
 */

type StripeCall = { method: string; path: string; params: URLSearchParams; idempotencyKey: string | null };

type Json = Record<string, unknown>;

/** How setup-mode sessions are retrieved: what the customer did on Stripe's page. */
export type SetupOutcome = {
  status?: "open" | "complete" | "expired";
  /** replaces the metadata we sent (a forged or foreign session) */
  metadata?: Record<string, string>;
  /** null: no card on the setup intent */
  card?: Record<string, unknown> | null;
  mode?: string;
  /** the id of the saved card's payment method (e.g. pm_card_chargeDeclined, to be declined when charged) */
  paymentMethod?: string;
};

export type FakeStripe = {
  calls: StripeCall[];
  sessions: Map<string, Json>;
  spy: MockInstance<typeof fetch>;
  /**
   * Tests change these as they go: `holdRetrieves` = n holds every session retrieve
   * until n are waiting (so n callers have all read the session before any acts on
   * it); `failRetrieves` answers retrieves with Stripe's 500; `dropAnswers` = n makes
   * the next n requests to `dropPath` reach Stripe and take effect, but their answer
   * is lost on the way back (a worker that dies, or a network cut, mid-call).
   */
  control: { holdRetrieves: number; failRetrieves: boolean; dropAnswers: number; dropPath: string };
  /** the customer paid on Stripe's page with this card (payment mode) */
  completeSession(id: string, card?: { brand: string; last4: string }): Json;
  callsTo(method: string, path: string | RegExp): StripeCall[];
  /** make the next responses fail at the network level */
  failNetwork: boolean;
};

function metadataOf(params: URLSearchParams, prefix = "metadata"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`).exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}

export function fakeStripe(setup: SetupOutcome = {}): FakeStripe {
  const calls: StripeCall[] = [];
  const sessions = new Map<string, Json>();
  // kept as text: a Response made in one request cannot be read in another (workerd's I/O contexts)
  const byKey = new Map<string, { status: number; body: string }>();
  const state = { failNetwork: false };
  const control = { holdRetrieves: 0, failRetrieves: false, dropAnswers: 0, dropPath: "" };
  let arrived = 0;
  const counters = new Map<string, number>();
  const id = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_fake${n}`;
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Request-Id": id("req") } });

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
        error: {
          type: "card_error",
          code: "card_declined",
          decline_code: decline,
          message: "Your card was declined (fake).",
          payment_intent: { ...pi, status: "requires_payment_method" },
        },
      });
    }
    if (pm === "pm_card_authenticationRequired") {
      return json(402, {
        error: {
          type: "card_error",
          code: "authentication_required",
          decline_code: "authentication_required",
          message: "Your card was declined. This transaction requires authentication (fake).",
          payment_intent: { ...pi, status: "requires_payment_method" },
        },
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
      // the setup intent (and the card the customer will enter) exist from the start
      setup_intent:
        params.get("mode") === "setup"
          ? { id: id("seti"), object: "setup_intent", payment_method: { id: id("pm"), object: "payment_method", type: "card" } }
          : null,
    };
    sessions.set(sid, session);
    return json(200, session);
  }

  /** A setup session as retrieved with its setup intent expanded, after the customer's visit. */
  function setupView(s: Json): Json {
    const intent = s.setup_intent as Json & { payment_method: Json };
    const card = setup.card === undefined ? { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 } : setup.card;
    return {
      ...s,
      mode: setup.mode ?? s.mode,
      status: s.status === "expired" ? "expired" : (setup.status ?? "complete"),
      metadata: setup.metadata ?? s.metadata,
      setup_intent: { ...intent, payment_method: card ? { ...intent.payment_method, id: setup.paymentMethod ?? intent.payment_method.id, card } : null },
    };
  }

  async function retrieve(s: Json): Promise<Response> {
    if (control.failRetrieves) return json(500, { error: { type: "api_error", message: "Stripe is down" } });
    if (control.holdRetrieves > 0) {
      // Polls a plain counter: workerd refuses a promise resolved from another request's handler.
      arrived++;
      for (let i = 0; arrived < control.holdRetrieves && i < 1_000; i++) await new Promise((r) => setTimeout(r, 5));
      if (arrived < control.holdRetrieves) throw new Error("held retrieve: the other caller never came");
    }
    return json(200, s.mode === "setup" ? setupView(s) : s);
  }

  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected outbound fetch to ${url.hostname} in a test`);
    if (state.failNetwork) throw new TypeError("fetch failed (fake network error)");
    const method = req.method.toUpperCase();
    const params = new URLSearchParams(method === "GET" ? url.search : await req.text());
    const idempotencyKey = req.headers.get("Idempotency-Key");
    calls.push({ method, path: url.pathname, params, idempotencyKey });
    const replayKey = `${url.pathname}|${idempotencyKey}`;
    // the answer is lost on the way back after Stripe acted (see control.dropAnswers)
    const answer = (res: Response) => {
      if (control.dropAnswers > 0 && url.pathname === control.dropPath) {
        control.dropAnswers--;
        throw new TypeError("fetch failed (fake: the answer was lost after Stripe acted)");
      }
      return res;
    };
    const kept = idempotencyKey ? byKey.get(replayKey) : undefined;
    if (kept) return answer(json(kept.status, JSON.parse(kept.body)));

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
      } else if (method === "GET") res = await retrieve(s);
      else res = json(200, s);
    } else res = json(404, { error: { type: "invalid_request_error", message: `No such route (fake): ${method} ${url.pathname}` } });
    if (idempotencyKey && res.status < 500) byKey.set(replayKey, { status: res.status, body: await res.clone().text() });
    return answer(res);
  });

  return {
    calls,
    sessions,
    spy,
    control,
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

/** Makes a tenant's portal use Stripe with a (fake) test key, stored encrypted as in production. */
export async function useStripe(t: Awaited<ReturnType<typeof makeTenant>>) {
  const enc = await encryptSecret(env.ENCRYPTION_KEY, "sk_test_fake");
  await t.scope.db.update(tenants).set({ paymentGateway: "stripe", stripeSecretKeyEnc: enc }).where(eq(tenants.id, t.tenant.id));
}
