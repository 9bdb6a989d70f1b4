import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe, useStripe } from "../helpers/stripe-fake";
import { customerRow, eventsOf, liveSources, signedIn } from "./helpers";

afterEach(() => vi.restoreAllMocks());

describe("payment methods on a Stripe tenant: Checkout in setup mode", () => {
  it("the add page sends the customer to Stripe; the page may post there (CSP form-action)", async () => {
    const { t, portal } = await signedIn();
    await useStripe(t);
    const page = await portal.get("/payment-methods/new");
    expect(page.status).toBe(200);
    expect(page.html).toContain('action="/payment-methods/checkout"');
    expect(page.html).not.toContain('name="number"');
    expect(page.headers.get("Content-Security-Policy")).toContain("form-action 'self' https://checkout.stripe.com");
    expect(page.headers.has("X-Internal-Form-Action")).toBe(false);
  });

  it("start, come back, and the card read from Stripe server-side is saved as the default", async () => {
    const { t, cust, portal } = await signedIn();
    await useStripe(t);
    const stripe = fakeStripe();
    await portal.get("/payment-methods/new");
    const start = await portal.post("/payment-methods/checkout", {});
    expect(start.status).toBe(303);
    expect(start.location).toBe("https://checkout.stripe.com/c/pay/cs_test_fake1");

    const create = stripe.calls.find((c) => c.path === "/v1/checkout/sessions")!;
    expect(create.params.get("mode")).toBe("setup");
    const successUrl = create.params.get("success_url")!;
    expect(successUrl).toMatch(new RegExp(`^${t.origin}/payment-methods/setup/[A-Za-z0-9_-]{24}\\?session_id=\\{CHECKOUT_SESSION_ID\\}$`));
    // S36: every Stripe write carries an idempotency key from our own setup row
    for (const call of stripe.calls.filter((c) => c.method === "POST")) expect(call.idempotencyKey).toMatch(/^setup_/);

    const back = await portal.get(successUrl.replace("{CHECKOUT_SESSION_ID}", "cs_test_fake1").replace(t.origin, ""));
    expect(back.status).toBe(303);
    expect(back.location).toBe("/payment-methods?saved=added");
    const [card] = await liveSources(t, cust.id);
    expect(card).toMatchObject({ gateway: "stripe", gatewayToken: "cus_fake1/pm_fake1", brand: "Visa", last4: "4242", expMonth: 12, expYear: 2034 });
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(card!.id);
    expect(await eventsOf(t, "payment_source.created")).toHaveLength(1);
  });

  it("a second method attaches to the same Stripe customer", async () => {
    const { t, portal } = await signedIn();
    await useStripe(t);
    const stripe = fakeStripe();
    await portal.get("/payment-methods/new");
    const first = await portal.post("/payment-methods/checkout", {});
    const url1 = stripe.calls.find((c) => c.path === "/v1/checkout/sessions")!.params.get("success_url")!;
    await portal.get(url1.replace(t.origin, "").replace("{CHECKOUT_SESSION_ID}", "x"));
    expect(first.status).toBe(303);
    stripe.calls.length = 0;
    await portal.post("/payment-methods/checkout", {});
    expect(stripe.calls.some((c) => c.path === "/v1/customers")).toBe(false);
    expect(stripe.calls.find((c) => c.path === "/v1/checkout/sessions")!.params.get("customer")).toBe("cus_fake1");
  });
});
