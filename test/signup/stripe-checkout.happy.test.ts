import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe } from "../helpers/stripe-fake";
import { send } from "../webhooks/stripe-helpers";
import { setupCompleted } from "../webhooks/stripe-setup-helpers";
import { madeBy, stripeForm, stripeSignupTenant, toCheckout } from "./stripe-support";
import { invoicesOf, submissionsOf } from "./support";

afterEach(() => vi.restoreAllMocks());

/**
 * Issue 16.2: a Stripe tenant's visitor enters the card on Stripe Checkout in setup
 * mode (no card number reaches us, S41); the sign-up is finished from the return
 * page or the webhook, reading the session back from Stripe (S40), once (S39).
 */
describe("Sign-up pages of a Stripe tenant", () => {
  it("the page sends the visitor to Stripe Checkout in setup mode; on return the first invoice is charged off-session and everything is written", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.html).not.toContain('name="card_number"');
    expect(page.html).toContain("enter your card on Stripe&#39;s secure page");
    // the form's answer is a redirect to Stripe: the page's CSP allows it (S28)
    expect(page.headers.get("Content-Security-Policy")).toContain("form-action 'self' https://checkout.stripe.com");

    const c = await toCheckout(stripe, w, stripeForm({ plan: "pro", coupon: "welcome" }));
    expect(c.res.location).toBe(`https://checkout.stripe.com/c/pay/${c.sessionId}`);
    expect(c.create.params.get("mode")).toBe("setup");
    expect(c.create.params.get("customer")).toBe("cus_fake1");
    // the return URL names our claim, not Stripe's session (S40)
    expect(c.returnPath).toMatch(new RegExp(`^/pages/${w.page.id}/checkout/[A-Za-z0-9_-]{24}\\?session_id=${c.sessionId}$`));
    // nothing exists until the card is saved on Stripe's page
    expect((await madeBy(w)).customers).toEqual([]);

    const back = await w.portal.get(c.returnPath);
    expect(back.status, back.html.slice(0, 1000)).toBe(303);
    expect(back.location).toBe(`/pages/${w.page.id}/thanks`);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.customers[0]).toMatchObject({ email: c.fields.email, autopay: true });
    expect(m.sources).toHaveLength(1);
    expect(m.sources[0]).toMatchObject({ gateway: "stripe", gatewayToken: "cus_fake1/pm_fake1", brand: "Visa", last4: "4242" });
    expect(m.customers[0]!.defaultPaymentSourceId).toBe(m.sources[0]!.id);
    expect(m.subs).toHaveLength(1);
    expect(m.subs[0]).toMatchObject({ plan: "pro", status: "active" });
    const [submission] = await submissionsOf(w, w.page.id);
    // 60 - 10 % = 54, + 20 % VAT = 64.80, charged once off-session with the claim's key
    const charges = stripe.callsTo("POST", "/v1/payment_intents");
    expect(charges).toHaveLength(1);
    expect(charges[0]!.idempotencyKey).toBe(`signup_${submission!.id}`);
    expect(Object.fromEntries(charges[0]!.params)).toMatchObject({ amount: "6480", customer: "cus_fake1", payment_method: "pm_fake1", off_session: "true" });
    expect(m.paid.map((p) => p.amount)).toEqual([6480]);
    expect((await invoicesOf(w)).filter((i) => i.customerId === m.customers[0]!.id)).toMatchObject([{ total: 6480, balance: 0, paid: true }]);
    expect(submission).toMatchObject({ status: "completed", stage: "billed", customerId: m.customers[0]!.id });

    const thanks = await w.portal.get(back.location!);
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain("Go to My Account");
  });

  it("a trial: the card is saved on Stripe, nothing is charged now, and the subscription starts later", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant({ trial_period_days: 14 });
    const c = await toCheckout(stripe, w);
    const back = await w.portal.get(c.returnPath);
    expect(back.status).toBe(303);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toMatchObject([{ status: "not_started" }]);
    expect(m.sources).toHaveLength(1);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toEqual([]);
    expect(m.paid).toEqual([]);
  });

  it("the webhook alone (the tab was closed on Stripe) finishes the sign-up; the return page later lands on the thank-you page", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    const res = await send(w.t.tenant.username, setupCompleted(stripe, c.sessionId));
    expect(res.status).toBe(200);
    let m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect(m.paid.map((p) => p.amount)).toEqual([3600]);

    const back = await w.portal.get(c.returnPath);
    expect(back.location).toBe(`/pages/${w.page.id}/thanks`);
    expect((await w.portal.get(back.location!)).status).toBe(200);
    m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toHaveLength(1);
  });

  it("cancel on Stripe's page: back to the form as it was sent, the session closed, nothing made; the same form can be sent again", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w, stripeForm({ name: "Ada Lovelace", plan: "pro" }));
    const back = await w.portal.get(c.cancelPath);
    expect(back.status).toBe(200);
    expect(back.html).toContain("No card was saved");
    expect(back.html).toContain('value="Ada Lovelace"');
    expect(back.html).toMatch(/name="plan" value="pro"[^>]*checked/);
    expect(stripe.callsTo("POST", `/v1/checkout/sessions/${c.sessionId}/expire`)).toHaveLength(1);
    expect(await submissionsOf(w, w.page.id)).toEqual([]);
    expect((await madeBy(w)).customers).toEqual([]);

    const again = await w.portal.post(`/pages/${w.page.id}`, { ...c.fields, form_token: c.token });
    expect(again.status).toBe(303);
    expect(again.location).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(again.location).not.toContain(c.sessionId);
  });
});

describe("Sign-up pages of a Stripe tenant, the visitor going back", () => {
  it("the form sent again while Stripe's page is still open goes back to that page: no second session, nothing made", async () => {
    const stripe = fakeStripe({ status: "open" });
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    const again = await w.portal.post(`/pages/${w.page.id}`, { ...c.fields, form_token: c.token });
    expect(again.status).toBe(303);
    expect(again.location).toBe(`https://checkout.stripe.com/c/pay/${c.sessionId}`);
    expect(stripe.callsTo("POST", "/v1/checkout/sessions")).toHaveLength(1);
    // and the return page before the card was saved shows the form again, nothing made
    const back = await w.portal.get(c.returnPath);
    expect(back.status).toBe(409);
    expect(back.html).toContain("The card was not saved");
    expect((await madeBy(w)).customers).toEqual([]);
  });
});
