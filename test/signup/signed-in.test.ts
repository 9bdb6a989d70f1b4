import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, paymentSources, sessions, subscriptions } from "../../src/db/schema";
import { form, newCustomersOf, type SignupWorld, signupTenant, submissionsOf, submit, subscriptionsOf } from "./support";

/** The fixture's customer (Acme Corp) signed in, with one subscription already. */
async function signedInWithOne(page: Record<string, unknown> = {}) {
  const w = await signupTenant(page);
  const first = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" });
  expect(first.status).toBe(201);
  await w.portal.signInAs(w.t.scope, w.t.tenant, w.customer.id, { email: w.customer.email });
  return w;
}

const sessionsOf = (w: SignupWorld) => w.t.scope.select(sessions, eq(sessions.customerId, w.customer.id)).all();
const subsOfCustomer = (w: SignupWorld) => w.t.scope.select(subscriptions, eq(subscriptions.customerId, w.customer.id)).all();

describe("A signed-in customer on a sign-up page (issue 16.4)", () => {
  it("adds a second subscription where the page allows several: same customer, its method added, no new session, sent to the subscription", async () => {
    const w = await signedInWithOne({ allow_multiple_subscriptions: true });
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Subscribing as Acme Corp");
    // the email is the account's, fixed
    expect(page.html).toMatch(/name="email" type="email" value="billing@acme.example"[^>]*readonly/);
    const sessionsBefore = await sessionsOf(w);
    const { res } = await submit(w, form({ plan: "pro", name: "Acme Corp", email: "someone-else@example.com" }));
    expect(res.status, res.html.slice(0, 1500)).toBe(303);

    expect(await newCustomersOf(w)).toHaveLength(1);
    const subs = await subsOfCustomer(w);
    expect(subs.map((s) => s.plan).sort()).toEqual(["basic", "pro"]);
    const made = subs.find((s) => s.plan === "pro")!;
    expect(res.location).toBe(`/subscriptions/${made.publicId}?done=subscribed`);
    // the card is the customer's now, and its default (it had none)
    const methods = await w.t.scope.select(paymentSources, eq(paymentSources.customerId, w.customer.id)).all();
    expect(methods.map((m) => m.last4)).toEqual(["4242"]);
    const customer = await w.t.scope.select(customers, eq(customers.id, w.customer.id)).get();
    expect(customer).toMatchObject({ email: "billing@acme.example", defaultPaymentSourceId: methods[0]!.id });
    // no session granted: the same sessions as before, and the sign-up offers none
    expect((await sessionsOf(w)).map((s) => s.id)).toEqual(sessionsBefore.map((s) => s.id));
    expect((await submissionsOf(w, w.page.id))[0]).toMatchObject({ status: "completed", emailExisted: true, customerId: w.customer.id });

    const landed = await w.portal.get(res.location ?? "");
    expect(landed.status).toBe(200);
    expect(landed.html).toContain("You are subscribed.");
  });

  it("a page that allows one subscription sends a customer who has one to My Account with a message, and its POST creates nothing", async () => {
    const w = await signedInWithOne();
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.status).toBe(303);
    expect(page.location).toBe("/account?notice=already_subscribed");
    const account = await w.portal.get(page.location ?? "");
    expect(account.status).toBe(200);
    expect(account.html).toContain("You already have a subscription.");
    const post = await w.portal.post(`/pages/${w.page.id}`, { ...form(), form_token: "a".repeat(24) });
    expect(post.status).toBe(303);
    expect((await subsOfCustomer(w)).map((s) => s.plan)).toEqual(["basic"]);
    expect(await submissionsOf(w, w.page.id)).toEqual([]);
  });

  it("a customer with no subscription yet may subscribe on a page that allows one", async () => {
    const w = await signupTenant();
    await w.portal.signInAs(w.t.scope, w.t.tenant, w.customer.id, { email: w.customer.email });
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Subscribing as Acme Corp");
    const { res } = await submit(w, form({ name: "Acme Corp" }));
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    expect((await subscriptionsOf(w)).map((s) => s.customerId)).toEqual([w.customer.id]);
  });

  it("where customers may not edit billing details, the stored ones are kept and no address is asked", async () => {
    const w = await signedInWithOne({ allow_multiple_subscriptions: true });
    await w.api.patch("/settings", { allow_billing_portal_profile_changes: false });
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.html).not.toContain('name="address1"');
    expect(page.html).not.toContain('name="name"');
    const { res } = await submit(w, form({ name: "Someone Else", address1: "" }));
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    expect(await w.t.scope.select(customers, eq(customers.id, w.customer.id)).get()).toMatchObject({ name: "Acme Corp", address1: null });
    expect(await subsOfCustomer(w)).toHaveLength(2);
  });
});
