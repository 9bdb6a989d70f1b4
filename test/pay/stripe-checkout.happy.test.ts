import { afterEach, describe, expect, it, vi } from "vitest";
import { makeInvoice, makePaymentSource } from "../helpers/fixtures";
import { fakeStripe } from "../helpers/stripe-fake";
import { attemptsOf, confirm, invoiceRow, outboxFor, paymentsOf, review, useStripe, world } from "./helpers";

afterEach(() => vi.restoreAllMocks());

async function stripeWorld() {
  const w = await world();
  await useStripe(w.tenant.id);
  return w;
}

describe("paying through Stripe Checkout (a new method)", () => {
  it("the confirmation page alone may post to Stripe (S28), and confirming opens Checkout with our return URLs", async () => {
    const s = fakeStripe();
    const w = await stripeWorld();
    const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 4_200 }]);
    const payPage = await w.client.get("/pay");
    expect(payPage.html).toContain('value="checkout"');
    expect(payPage.html).not.toContain('name="card_number"');
    expect(payPage.headers.get("Content-Security-Policy")).toMatch(/form-action 'self'(;|$)/);

    const r = await review(w.client, { invoice: inv.publicId, method: "checkout" });
    const page = await w.client.get(`/pay/confirm/${r.key}`);
    expect(page.headers.get("Content-Security-Policy")).toContain("form-action 'self' https://checkout.stripe.com");
    expect(page.headers.get("X-Internal-Form-Action")).toBeNull();
    expect(page.html).toContain("Continue to Stripe to pay $42.00");
    expect(page.html).toContain('hx-boost="false"');

    const res = await confirm(w.client, r.key!);
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const [call] = s.callsTo("POST", "/v1/checkout/sessions");
    expect(call!.params.get("success_url")).toBe(`${w.origin}/pay/result/${r.key}?session_id={CHECKOUT_SESSION_ID}`);
    expect(call!.params.get("cancel_url")).toBe(`${w.origin}/pay/confirm/${r.key}?canceled=1`);
    expect(call!.params.get("line_items[0][price_data][unit_amount]")).toBe("4200");
    const [attempt] = await attemptsOf(w, w.customer.id);
    expect(call!.idempotencyKey).toBe(`${attempt!.id}:checkout`);
    expect(attempt!.status).toBe("processing");
    // the invoice is held for this checkout (S37)
    expect((await invoiceRow(w, inv.id)).paymentLock).toBe(attempt!.id);
  });

  it("S40: coming back with a forged session_id settles nothing; Stripe's own answer settles it, with a receipt", async () => {
    const s = fakeStripe();
    const w = await stripeWorld();
    const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 4_200 }]);
    const r = await review(w.client, { invoice: inv.publicId, method: "checkout" });
    await confirm(w.client, r.key!);
    const sessionId = [...s.sessions.keys()][0]!;

    const early = await w.client.get(`/pay/result/${r.key}?session_id=${sessionId}&paid=true`);
    expect(early.html).toContain("being processed");
    expect(await paymentsOf(w, w.customer.id)).toEqual([]);

    s.completeSession(sessionId);
    const back = await w.client.get(`/pay/result/${r.key}?session_id=cs_forged`);
    expect(back.html).toContain("your payment was received");
    expect((await invoiceRow(w, inv.id)).balance).toBe(0);
    const [p] = await paymentsOf(w, w.customer.id);
    expect(p).toMatchObject({ amount: 4_200, gateway: "stripe", methodBrand: "Visa", methodLast4: "4242" });
    expect(await outboxFor(w.tenant.id, w.customer.email!)).toHaveLength(1);
    // a reload does not pay twice
    await w.client.get(`/pay/result/${r.key}`);
    expect(await paymentsOf(w, w.customer.id)).toHaveLength(1);
  });

  it("leaving Stripe's page and cancelling closes the session and frees the invoice", async () => {
    const s = fakeStripe();
    const w = await stripeWorld();
    const inv = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: inv.publicId, method: "checkout" });
    await confirm(w.client, r.key!);
    const back = await w.client.get(`/pay/confirm/${r.key}?canceled=1`);
    expect(back.html).toContain("You left the payment page without paying");
    // continuing goes back to the same open session
    const again = await confirm(w.client, r.key!);
    expect(again.location).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(s.callsTo("POST", "/v1/checkout/sessions").filter((c) => c.idempotencyKey?.endsWith(":checkout"))).toHaveLength(1);

    const cancel = await w.client.post("/pay/cancel", { client_key: r.key! });
    expect(cancel.status).toBe(303);
    expect(s.callsTo("POST", /\/expire$/)).toHaveLength(1);
    expect((await invoiceRow(w, inv.id)).paymentLock).toBeNull();
    expect((await attemptsOf(w, w.customer.id))[0]!.status).toBe("canceled");
  });

  it("AutoPay enrolment through Checkout saves the method Stripe returns", async () => {
    const s = fakeStripe();
    const w = await stripeWorld();
    const inv = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: inv.publicId, method: "checkout", autopay: "1" });
    await confirm(w.client, r.key!);
    const [call] = s.callsTo("POST", "/v1/checkout/sessions");
    expect(call!.params.get("payment_intent_data[setup_future_usage]")).toBe("off_session");
    s.completeSession([...s.sessions.keys()][0]!, { brand: "visa", last4: "1881" });
    const result = await w.client.get(`/pay/result/${r.key}`);
    expect(result.html).toContain("your payment was received");
    await makeInvoice(w.scope, w.customer.id);
    const account = await w.client.get("/pay");
    expect(account.html).toContain("Visa ending in 1881");
    expect(account.html).toContain("You are enrolled in AutoPay");
  });
});

describe("paying with a saved Stripe method (PaymentIntents, server-side)", () => {
  it("charges once with the attempt id as idempotency key; 50 parallel payments make one PaymentIntent (S36, S37)", async () => {
    const s = fakeStripe();
    const w = await stripeWorld();
    const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 9_900 }]);
    const src = await makePaymentSource(w.scope, w.customer.id, { gateway: "stripe", gatewayToken: "cus_abc/pm_card_visa" });
    const keys: string[] = [];
    for (let i = 0; i < 50; i++) keys.push((await review(w.client, { invoice: inv.publicId, method: `source_${src.publicId}` })).key!);
    await Promise.all(keys.map((k) => confirm(w.client, k)));
    const charges = s.callsTo("POST", "/v1/payment_intents");
    expect(charges).toHaveLength(1);
    const winner = (await attemptsOf(w, w.customer.id)).find((a) => a.status === "succeeded")!;
    expect(charges[0]!.idempotencyKey).toBe(winner.id);
    expect(charges[0]!.params.get("amount")).toBe("9900");
    expect((await invoiceRow(w, inv.id)).balance).toBe(0);
    expect(await paymentsOf(w, w.customer.id)).toHaveLength(1);
  });

  it("a declined saved card changes no balance and says why", async () => {
    fakeStripe();
    const w = await stripeWorld();
    const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 9_900 }]);
    const src = await makePaymentSource(w.scope, w.customer.id, { gateway: "stripe", gatewayToken: "cus_abc/pm_card_insufficientFunds" });
    const r = await review(w.client, { invoice: inv.publicId, method: `source_${src.publicId}` });
    const res = await confirm(w.client, r.key!);
    const page = await w.client.get(res.location!);
    expect(page.html).toContain("Your card has insufficient funds.");
    const row = await invoiceRow(w, inv.id);
    expect([row.balance, row.paymentLock]).toEqual([9_900, null]);
  });
});
