import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { paymentSources } from "../../src/db/schema";
import { fakeStripe } from "../helpers/stripe-fake";
import { send } from "../webhooks/stripe-helpers";
import { setupCompleted } from "../webhooks/stripe-setup-helpers";
import { madeBy, stripeForm, stripeSignupTenant, toCheckout } from "./stripe-support";
import { invoicesOf, submissionsOf, submit, subscriptionsOf } from "./support";

afterEach(() => vi.restoreAllMocks());

/**
 * Sign-ups through Stripe Checkout: a decline leaves nothing (issue 16.3), the
 * return page and the webhook finish a sign-up once however they arrive (S39), and
 * the outcome is only ever what Stripe says about the session stored on the claim (S40).
 */
describe("Stripe Checkout sign-ups, declined or doubled", () => {
  it("a card declined when the first invoice is charged: no customer, method or subscription; the form comes back with the error and the choice kept", async () => {
    const stripe = fakeStripe({ paymentMethod: "pm_card_chargeDeclined" });
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w, stripeForm({ plan: "pro", name: "Ada Lovelace" }));
    const back = await w.portal.get(c.returnPath);
    expect(back.status).toBe(422);
    expect(back.html).toContain("Nothing was charged");
    expect(back.html).toContain('value="Ada Lovelace"');
    expect(back.html).toMatch(/name="plan" value="pro"[^>]*checked/);
    const m = await madeBy(w);
    expect(m.customers).toEqual([]);
    expect(m.subs).toEqual([]);
    expect(m.sources).toEqual([]);
    expect(await invoicesOf(w)).toEqual([]);
    expect(await submissionsOf(w, w.page.id)).toEqual([]);
    // the webhook arriving after the decline finds no claim: nothing is made
    expect((await send(w.t.tenant.username, setupCompleted(stripe, c.sessionId))).status).toBe(200);
    expect((await madeBy(w)).customers).toEqual([]);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toHaveLength(1);
  });

  it("the return page visited twice: one customer, one subscription, one charge", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    const first = await w.portal.get(c.returnPath);
    const second = await w.portal.get(c.returnPath);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.location).toBe(`/pages/${w.page.id}/thanks`);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect(m.paid).toHaveLength(1);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toHaveLength(1);
  });

  it("the webhook and the return page at the same moment (both read the session first): one customer, one subscription, one charge", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    stripe.control.holdRetrieves = 2;
    const [back, hook] = await Promise.all([w.portal.get(c.returnPath), send(w.t.tenant.username, setupCompleted(stripe, c.sessionId))]);
    expect(hook.status).toBe(200);
    expect([303, 409]).toContain(back.status);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect(m.sources).toHaveLength(1);
    expect(m.paid).toHaveLength(1);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toHaveLength(1);
    expect(await submissionsOf(w, w.page.id)).toMatchObject([{ status: "completed" }]);
  });

  it("Stripe's session id in the return URL is ignored: the claim's own session is read back", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    const back = await w.portal.get(c.returnPath.replace(c.sessionId, "cs_test_someone_elses"));
    expect(back.status).toBe(303);
    const reads = stripe.calls.filter((x) => x.method === "GET" && x.path.startsWith("/v1/checkout/sessions/"));
    expect(reads.map((x) => x.path)).toEqual([`/v1/checkout/sessions/${c.sessionId}`]);
    expect((await madeBy(w)).customers).toHaveLength(1);
  });

  it("a session whose metadata is not this sign-up's makes nothing; an unknown reference is a 404", async () => {
    const stripe = fakeStripe({ metadata: { attempt: "signup_999999_setup", tenant: "1" } });
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    expect((await w.portal.get(c.returnPath)).status).toBe(404);
    expect((await madeBy(w)).customers).toEqual([]);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toEqual([]);
    expect((await w.portal.get(`/pages/${w.page.id}/checkout/${"x".repeat(24)}`)).status).toBe(404);
  });

  it("another tenant's reference finds nothing", async () => {
    const stripe = fakeStripe();
    const a = await stripeSignupTenant();
    const b = await stripeSignupTenant();
    const c = await toCheckout(stripe, a);
    const path = c.returnPath.replace(`/pages/${a.page.id}/`, `/pages/${b.page.id}/`);
    expect((await b.portal.get(path)).status).toBe(404);
    expect((await madeBy(b)).customers).toEqual([]);
    expect((await madeBy(a)).customers).toEqual([]);
  });

  it("an onboarding customer declined on Stripe: the form comes back on their own link, and nothing is added to them", async () => {
    const stripe = fakeStripe({ paymentMethod: "pm_card_chargeDeclined" });
    const w = await stripeSignupTenant();
    const url = (await w.api.patch(`/customers/${w.customer.id}`, { sign_up_page: w.page.id })).body.sign_up_url as string;
    const path = new URL(url).pathname;
    const { res } = await submit(w, stripeForm({ name: "Acme Corp", email: "billing@acme.example", plan: "pro" }), path);
    expect(res.status).toBe(303);
    const create = stripe.callsTo("POST", "/v1/checkout/sessions").at(-1)!;
    expect(create.params.get("success_url")).toContain(`${path}/checkout/`);
    const sessionId = new URL(res.location!).pathname.split("/").at(-1)!;
    const back = await w.portal.get(create.params.get("success_url")!.replace(w.t.origin, "").replace("{CHECKOUT_SESSION_ID}", sessionId));
    expect(back.status).toBe(422);
    expect(back.html).toContain(`action="${path}"`);
    expect(await subscriptionsOf(w)).toEqual([]);
    expect(await w.t.scope.select(paymentSources, eq(paymentSources.customerId, w.customer.id)).all()).toEqual([]);
  });
});
