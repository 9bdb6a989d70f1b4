import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentSources, payments } from "../../src/db/schema";
import { eventsOf } from "../api/support";
import { outboxTo } from "./outbox";
import { form, invoicesOf, newCustomersOf, signupTenant, submissionsOf, submit, subscriptionsOf } from "./support";

describe("A sign-up page", () => {
  it("shows the page's plans, add-ons, coupon field, terms and the total; the total follows the choice", async () => {
    const w = await signupTenant();
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Join Acme");
    expect(page.html).toContain('name="plan" value="basic"');
    expect(page.html).toContain('name="plan" value="pro"');
    expect(page.html).toContain('name="addons" value="seat"');
    expect(page.html).toContain('name="coupon"');
    expect(page.html).toContain("https://acme.example/terms");
    // Basic 30.00 + 20 % VAT
    expect(page.html).toContain("$36.00");
    const total = await w.portal.post(`/pages/${w.page.id}/total`, { plan: "pro", quantity: "2", addons: "seat", coupon: "welcome" });
    // (2 x 60 + 5) = 125, 10 % off = 112.50, + 20 % VAT = 135.00
    expect(total.html).toContain("$135.00");
    // without JavaScript: the "Update total" button posts the whole form
    const nojs = await w.portal.post(`/pages/${w.page.id}`, { ...form({ plan: "pro", quantity: "2" }), action: "total" });
    expect(nojs.status).toBe(200);
    expect(nojs.html).toContain("$144.00");
    expect(await newCustomersOf(w)).toHaveLength(1); // only the fixture's customer
  });

  it("submit creates customer, default card, subscription and paid first invoice, then the thank-you page, mails and the event", async () => {
    const w = await signupTenant();
    const fields = form({ plan: "pro", coupon: "welcome" });
    const { res } = await submit(w, fields);
    expect(res.status, res.html.slice(0, 2000)).toBe(303);
    expect(res.location).toBe(`/pages/${w.page.id}/thanks`);
    const [customer] = await newCustomersOf(w);
    expect(customer).toMatchObject({ name: "Grace Hopper", email: fields.email, city: "Springfield", country: "US", autopay: true });
    expect(customer!.defaultPaymentSourceId).not.toBeNull();
    const [source] = await w.t.scope.select(paymentSources, eq(paymentSources.customerId, customer!.id)).all();
    expect(source).toMatchObject({ brand: "Visa", last4: "4242" });
    const subs = (await subscriptionsOf(w)).filter((s) => s.customerId === customer!.id);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ plan: "pro", status: "active" });
    const invs = (await invoicesOf(w)).filter((i) => i.customerId === customer!.id);
    expect(invs).toHaveLength(1);
    // 60 - 10 % = 54, + 20 % = 64.80, paid by the card
    expect(invs[0]).toMatchObject({ total: 6480, balance: 0, paid: true });
    const paid = await w.t.scope.select(payments, eq(payments.customerId, customer!.id)).all();
    expect(paid.map((p) => p.amount)).toEqual([6480]);

    const thanks = await w.portal.get(res.location ?? "");
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain("Go to My Account");
    const mails = await outboxTo(w.t.tenant.id, fields.email ?? "");
    expect(mails.some((m) => m.subject.startsWith("Your subscription"))).toBe(true);
    const [completed] = await eventsOf(w.t, "sign_up_page.completed");
    expect(completed!.data).toMatchObject({ object: { id: customer!.id, object: "customer", email: fields.email, sign_up_page: w.page.id } });
    expect((await submissionsOf(w, w.page.id))[0]).toMatchObject({ status: "completed", customerId: customer!.id, subscriptionId: subs[0]!.id });
  });

  it("a trial charges nothing now: no invoice until it ends, and the card is kept for then", async () => {
    const w = await signupTenant({ trial_period_days: 14 });
    const fields = form({ coupon: "welcome" });
    const { res } = await submit(w, fields);
    expect(res.status).toBe(303);
    const [customer] = await newCustomersOf(w);
    const [sub] = (await subscriptionsOf(w)).filter((s) => s.customerId === customer!.id);
    expect(sub).toMatchObject({ status: "not_started" });
    expect((await invoicesOf(w)).filter((i) => i.customerId === customer!.id)).toEqual([]);
    expect(customer!.defaultPaymentSourceId).not.toBeNull();
  });

  it("thanks_url gets invoiced_customer_id and invoiced_subscription_id", async () => {
    const w = await signupTenant({ thanks_url: "https://acme.example/welcome?from=portal" });
    const { res } = await submit(w, form());
    expect(res.status).toBe(303);
    const [customer] = await newCustomersOf(w);
    const [sub] = (await subscriptionsOf(w)).filter((s) => s.customerId === customer!.id);
    expect(res.location).toBe(`https://acme.example/welcome?from=portal&invoiced_customer_id=${customer!.id}&invoiced_subscription_id=${sub!.id}`);
  });

  it("an onboarding link opens prefilled and adds the subscription to that customer", async () => {
    const w = await signupTenant();
    const url = (await w.api.patch(`/customers/${w.customer.id}`, { sign_up_page: w.page.id, address1: "9 Elm St" })).body.sign_up_url as string;
    const path = new URL(url).pathname;
    const page = await w.portal.get(path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="Acme Corp"');
    expect(page.html).toContain('value="billing@acme.example"');
    expect(page.html).toContain('value="9 Elm St"');
    const { res } = await submit(w, form({ name: "Acme Corp", email: "billing@acme.example" }), path);
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    expect(await newCustomersOf(w)).toHaveLength(1);
    expect((await subscriptionsOf(w)).map((s) => s.customerId)).toEqual([w.customer.id]);
    expect((await w.portal.get(`/pages/${w.page.id}/NotAValidToken1234`)).status).toBe(404);
  });
});
