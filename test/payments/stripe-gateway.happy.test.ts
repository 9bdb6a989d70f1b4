import { afterEach, describe, expect, it, vi } from "vitest";
import { fromStripeAmount, toStripeAmount } from "../../src/services/gateways/stripe-amounts";
import { stripeGateway } from "../../src/services/gateways/stripe-gateway";
import { fakeStripe } from "../helpers/stripe-fake";

const gw = () => stripeGateway({ secretKey: "sk_test_51AdapterTestsOnlyAbcdefgh" });
const card = { type: "card" as const, gatewayToken: "cus_123/pm_card_visa" };

afterEach(() => vi.restoreAllMocks());

describe("Stripe adapter, with Stripe's HTTP faked", () => {
  it("charges a saved method off-session in minor units with our attempt id as idempotency key (S35, S36)", async () => {
    const s = fakeStripe();
    const r = await gw().charge({
      amount: 15_050,
      currency: "USD",
      source: card,
      idempotencyKey: "pa_attempt1",
      description: "Invoices INV-1",
      metadata: { tenant: "acme" },
    });
    expect(r.status).toBe("succeeded");
    expect(r.providerRef).toMatch(/^pi_/);
    const [call] = s.callsTo("POST", "/v1/payment_intents");
    expect(call!.idempotencyKey).toBe("pa_attempt1");
    expect(
      Object.fromEntries(
        ["amount", "currency", "customer", "payment_method", "off_session", "confirm", "metadata[attempt]", "metadata[tenant]"].map((k) => [
          k,
          call!.params.get(k),
        ]),
      ),
    ).toEqual({
      amount: "15050",
      currency: "usd",
      customer: "cus_123",
      payment_method: "pm_card_visa",
      off_session: "true",
      confirm: "true",
      "metadata[attempt]": "pa_attempt1",
      "metadata[tenant]": "acme",
    });
  });

  it("sends zero-decimal JPY as is, and ISK (no decimals for us, two for Stripe) times 100", async () => {
    const s = fakeStripe();
    await gw().charge({ amount: 1_500, currency: "jpy", source: card, idempotencyKey: "pa_jpy", description: "x" });
    await gw().charge({ amount: 5, currency: "isk", source: card, idempotencyKey: "pa_isk", description: "x" });
    await gw().charge({ amount: 1_230, currency: "kwd", source: card, idempotencyKey: "pa_kwd", description: "x" });
    expect(s.callsTo("POST", "/v1/payment_intents").map((c) => [c.params.get("currency"), c.params.get("amount")])).toEqual([
      ["jpy", "1500"],
      ["isk", "500"],
      ["kwd", "1230"],
    ]);
    expect([toStripeAmount(1_500, "jpy"), toStripeAmount(5, "isk"), toStripeAmount(999, "usd"), toStripeAmount(12, "huf")]).toEqual([1_500, 500, 999, 1_200]);
    expect([fromStripeAmount(1_500, "jpy"), fromStripeAmount(500, "isk"), fromStripeAmount(999, "usd")]).toEqual([1_500, 5, 999]);
  });

  it("the same idempotency key twice is one PaymentIntent at Stripe", async () => {
    fakeStripe();
    const a = await gw().charge({ amount: 100, currency: "usd", source: card, idempotencyKey: "pa_same", description: "x" });
    const b = await gw().charge({ amount: 100, currency: "usd", source: card, idempotencyKey: "pa_same", description: "x" });
    expect(b.providerRef).toBe(a.providerRef);
  });

  it("creates a Checkout session in payment mode with our return URLs, amount, expiry and idempotency keys", async () => {
    const s = fakeStripe();
    const session = await gw().createCheckoutSession({
      mode: "payment",
      amount: 2_000,
      currency: "jpy",
      description: "Invoice INV-9",
      successUrl: "http://acme.localhost:8787/pay/result/KEY",
      cancelUrl: "http://acme.localhost:8787/pay/confirm/KEY?canceled=1",
      idempotencyKey: "pa_checkout1",
      customerEmail: "ada@example.com",
      saveSource: true,
      expiresAt: 1_900_000_000,
    });
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const [customer] = s.callsTo("POST", "/v1/customers");
    expect(customer!.idempotencyKey).toBe("pa_checkout1:customer");
    const [call] = s.callsTo("POST", "/v1/checkout/sessions");
    expect(call!.idempotencyKey).toBe("pa_checkout1:checkout");
    const p = call!.params;
    expect(p.get("mode")).toBe("payment");
    expect(p.get("success_url")).toBe("http://acme.localhost:8787/pay/result/KEY?session_id={CHECKOUT_SESSION_ID}");
    expect(p.get("cancel_url")).toBe("http://acme.localhost:8787/pay/confirm/KEY?canceled=1");
    expect(p.get("line_items[0][price_data][unit_amount]")).toBe("2000");
    expect(p.get("line_items[0][price_data][currency]")).toBe("jpy");
    expect(p.get("payment_intent_data[setup_future_usage]")).toBe("off_session");
    expect(p.get("expires_at")).toBe("1900000000");
    expect(p.get("client_reference_id")).toBe("pa_checkout1");
    expect(p.get("metadata[attempt]")).toBe("pa_checkout1");
    expect(p.get("customer")).toMatch(/^cus_/);
  });

  it("reads a completed session back server-side (S40) with our minor units and the method to save", async () => {
    const s = fakeStripe();
    const created = await gw().createCheckoutSession({
      mode: "payment",
      amount: 700,
      currency: "isk",
      description: "x",
      successUrl: "https://a.example/ok",
      cancelUrl: "https://a.example/no",
      idempotencyKey: "pa_read1",
    });
    expect(s.sessions.get(created.id)!.amount_total).toBe(70_000);
    s.completeSession(created.id, { brand: "mastercard", last4: "4444" });
    const out = await gw().retrieveCheckoutSession(created.id);
    expect(out).toMatchObject({ status: "complete", paid: true, amount: 700, currency: "isk", source: { brand: "Mastercard", last4: "4444", type: "card" } });
    expect(out.providerRef).toMatch(/^pi_/);
    const [get] = s.callsTo("GET", `/v1/checkout/sessions/${created.id}`);
    expect(
      [...get!.params]
        .filter(([k]) => k.startsWith("expand"))
        .map(([, v]) => v)
        .sort(),
    ).toEqual(["payment_intent.payment_method", "setup_intent.payment_method"]);
  });

  it("expiring an open session closes it; expiring a completed one is quietly refused", async () => {
    const s = fakeStripe();
    const a = await gw().createCheckoutSession({
      mode: "payment",
      amount: 1,
      currency: "usd",
      description: "x",
      successUrl: "https://a.example/1",
      cancelUrl: "https://a.example/2",
      idempotencyKey: "pa_e1",
    });
    await gw().expireCheckoutSession(a.id);
    expect(s.sessions.get(a.id)!.status).toBe("expired");
    const b = await gw().createCheckoutSession({
      mode: "payment",
      amount: 1,
      currency: "usd",
      description: "x",
      successUrl: "https://a.example/1",
      cancelUrl: "https://a.example/2",
      idempotencyKey: "pa_e2",
    });
    s.completeSession(b.id);
    await expect(gw().expireCheckoutSession(b.id)).resolves.toBeUndefined();
  });
});
