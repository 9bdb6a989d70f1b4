import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { autopayAttempts, devOutbox, invoices, payments } from "../../src/db/schema";
import { DAY, nowSeconds } from "../../src/lib/time";
import { runTenantAt } from "../../src/services/subscriptions/run";
import { apiTenant } from "../api/support";
import { makePaymentSource } from "../helpers/fixtures";
import { fakeStripe, useStripe } from "../helpers/stripe-fake";

/**
 * AutoPay through Stripe, against the Stripe fake (only Stripe's HTTP is faked):
 * an off-session PaymentIntent (`off_session`, `confirm`) on the saved customer
 * and payment method, with the attempt's Idempotency-Key; a decline goes to
 * dunning (retried with the next attempt's key); `authentication_required` (the
 * bank wants 3-D Secure, impossible off-session) is a decline whose mail gives the
 * customer a link to pay the invoice on the page. The run's time is injected (a
 * Stripe tenant has no test clock), a minute after the invoice fell due.
 */

async function world(paymentMethod: string) {
  const stripe = fakeStripe();
  const w = await apiTenant();
  await useStripe(w.t);
  const c = (await w.api.post("/customers", { name: "Enrolled", email: "ap@enrolled.example" })).body;
  await makePaymentSource(w.t.scope, c.id, { gateway: "stripe", gatewayToken: `cus_abc/${paymentMethod}` });
  const enrolled = await w.api.patch(`/customers/${c.id}`, { autopay: true });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
  const created = await w.api.post("/invoices", { customer: c.id, items: [{ name: "Retainer", quantity: 1, unit_cost: 250 }] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const inv = (await w.t.scope.select(invoices, eq(invoices.id, created.body.id)).get())!;
  const at = nowSeconds() + 60;
  const run = (t = at) => runTenantAt(env, w.t.tenant.id, t);
  const intents = () => stripe.callsTo("POST", "/v1/payment_intents");
  const attempts = () => w.t.scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, inv.id)).orderBy(autopayAttempts.attempt).all();
  const mails = () => w.t.scope.db.select().from(devOutbox).where(eq(devOutbox.tenantId, w.t.tenant.id)).all();
  return { ...w, stripe, c, inv, at, run, intents, attempts, mails };
}

describe("AutoPay through Stripe (off-session PaymentIntents)", () => {
  it("charges the saved customer and method off-session, confirmed, with the attempt's Idempotency-Key; once", async () => {
    const w = await world("pm_card_visa");
    expect(await w.run()).toMatchObject({ charged: 1, declined: 0 });
    const [pi] = w.intents();
    expect(w.intents()).toHaveLength(1);
    expect(pi!.idempotencyKey).toBe(`autopay_${w.inv.publicId}_1`);
    expect(Object.fromEntries(["amount", "currency", "customer", "payment_method", "off_session", "confirm"].map((k) => [k, pi!.params.get(k)]))).toEqual({
      amount: "25000",
      currency: "usd",
      customer: "cus_abc",
      payment_method: "pm_card_visa",
      off_session: "true",
      confirm: "true",
    });
    expect(pi!.params.get("metadata[attempt]")).toBe(`autopay_${w.inv.publicId}_1`);
    const [payment] = await w.t.scope.select(payments).all();
    expect(payment).toMatchObject({ amount: 25000 });
    expect((await w.api.get(`/invoices/${w.inv.id}`)).body).toMatchObject({ status: "paid", balance: 0 });
    await w.run(w.at + DAY); // paid: never again
    expect(w.intents()).toHaveLength(1);
  });

  it("a card_declined answer is a decline: mailed, retried by dunning after 3 days with the next attempt's key", async () => {
    const w = await world("pm_card_chargeDeclined");
    expect(await w.run()).toMatchObject({ charged: 0, declined: 1 });
    const [first] = await w.attempts();
    expect(first).toMatchObject({ attempt: 1, status: "failed", nextAttemptAt: w.at + 3 * DAY });
    expect(first!.errorMessage).toMatch(/declined/);
    expect((await w.mails()).map((m) => m.to)).toEqual(["ap@enrolled.example"]);
    await w.run(w.at + 2 * DAY);
    expect(w.intents()).toHaveLength(1);
    await w.run(w.at + 3 * DAY);
    expect(w.intents().map((c) => c.idempotencyKey)).toEqual([`autopay_${w.inv.publicId}_1`, `autopay_${w.inv.publicId}_2`]);
    expect((await w.attempts()).map((a) => a.status)).toEqual(["failed", "failed"]);
    expect(await w.t.scope.select(payments).all()).toEqual([]);
  });

  it("authentication_required is a decline whose mail gives the customer a link to pay the invoice on the page", async () => {
    const w = await world("pm_card_authenticationRequired");
    expect(await w.run()).toMatchObject({ charged: 0, declined: 1 });
    const [attempt] = await w.attempts();
    expect(attempt).toMatchObject({ status: "failed", nextAttemptAt: w.at + 3 * DAY });
    expect(attempt!.errorMessage).toMatch(/confirm this payment/);
    const [mail] = await w.mails();
    expect(mail!.text).toContain(`http://${w.t.tenant.username}.localhost:8787/pay?invoice=${w.inv.publicId}`);
    expect(mail!.text).toMatch(/bank asks you to confirm/);
    expect((await w.api.get(`/invoices/${w.inv.id}`)).body.balance).toBe(250);
  });
});
