import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, sessions } from "../../src/db/schema";
import { SESSION_COOKIE } from "../../src/lib/cookies";
import { HOUR } from "../../src/lib/time";
import { loadSession } from "../../src/services/signin/sessions";
import { PortalClient } from "../helpers/portal";
import { mailsTo, waitForMail } from "../signin/helpers";
import { form, newCustomersOf, signupTenant, submissionsOf, submit } from "./support";

/**
 * S25: the session "Go to My Account" gives after a sign-up reaches only what the
 * sign-up created, lasts at most 60 minutes, and is never granted for an address
 * that already belongs to a customer (a sign-in link is mailed instead).
 */
async function signedUp(page: Record<string, unknown> = {}, fields = form()) {
  const w = await signupTenant(page);
  const { res } = await submit(w, fields);
  expect(res.status, res.html.slice(0, 1500)).toBe(303);
  await w.portal.get(`/pages/${w.page.id}/thanks`);
  const go = await w.portal.post(`/pages/${w.page.id}/account`);
  const [customer] = await newCustomersOf(w);
  const [invoice] = await w.t.scope.select(invoices, eq(invoices.customerId, customer!.id)).all();
  return { w, go, customer: customer!, invoice: invoice!, fields };
}

describe("S25: the session after a sign-up", () => {
  it("is a narrow sign-up session of at most 60 minutes that opens My Account showing the subscription", async () => {
    const { w, go, customer } = await signedUp();
    expect(go.status).toBe(303);
    expect(go.location).toBe("/account");
    expect(go.headers.get("Set-Cookie")).toContain(SESSION_COOKIE);
    const [s] = await w.t.scope.select(sessions, eq(sessions.customerId, customer.id)).all();
    expect(s).toMatchObject({ scope: "signup", method: "signup" });
    expect(s!.expiresAt - s!.createdAt).toBeLessThanOrEqual(HOUR);
    const account = await w.portal.get("/account");
    expect(account.status).toBe(200);
    expect(account.html).toContain("Grace Hopper");
  });

  it("expires 60 minutes after the sign-up by the fake clock (accepted at 59:59, refused at 60:00)", async () => {
    const { w } = await signedUp();
    const [done] = await submissionsOf(w, w.page.id);
    const cookie = w.portal.cookies.get(SESSION_COOKIE)!;
    // kept busy every 30 minutes, so only the 60-minute limit can end it
    const signedUpAt = done!.completedAt!;
    expect(await loadSession(w.t.scope, w.t.tenant, cookie, signedUpAt + HOUR / 2)).not.toBeNull();
    expect(await loadSession(w.t.scope, w.t.tenant, cookie, signedUpAt + HOUR - 1)).not.toBeNull();
    expect(await loadSession(w.t.scope, w.t.tenant, cookie, signedUpAt + HOUR)).toBeNull();
  });

  it("a click long after the sign-up gets no session; a second click gets no second session", async () => {
    const { w, customer } = await signedUp();
    expect(await w.t.scope.select(sessions, eq(sessions.customerId, customer.id)).all()).toHaveLength(1);
    w.portal.cookies.delete(SESSION_COOKIE);
    const again = await w.portal.post(`/pages/${w.page.id}/account`);
    expect(again.location).toBe("/login");
    expect(await w.t.scope.select(sessions, eq(sessions.customerId, customer.id)).all()).toHaveLength(1);
  });

  it("reaches its own invoice, and no other page of the portal nor another customer's data", async () => {
    const { w, invoice, customer } = await signedUp();
    const [s] = await w.t.scope.select(sessions, eq(sessions.customerId, customer.id)).all();
    expect(JSON.parse(s!.scopeRef!)).toMatchObject({ invoice: invoice.publicId });
    const own = await w.portal.get(`/invoices/${invoice.publicId}`);
    expect(own.status, `${own.location}`).toBe(200);
    expect(own.html).toContain("Basic");
    expect((await w.portal.get("/payment-methods")).status).toBe(200);
    // pages the sign-up did not create: sent to sign in
    for (const path of ["/invoices", "/payments", "/statements", "/estimates", "/billing", "/pay", "/payment-methods/new", "/switch"]) {
      const res = await w.portal.get(path);
      expect([303, 302], path).toContain(res.status);
      expect(res.location, path).toMatch(/^\/login/);
    }
    // another invoice of the same customer, made by the merchant afterwards
    const later = await w.api.post("/invoices", { customer: invoice.customerId, items: [{ name: "Extra", quantity: 1, unit_cost: 10 }] });
    expect(later.status).toBe(201);
    const laterPage = await w.portal.get(`/invoices/${later.body.public_id ?? later.body.url?.split("/").pop()}`);
    expect([302, 303]).toContain(laterPage.status);
    // its own subscription reads (S25: what the sign-up created); another one of the same customer, made later, does not
    const reach = JSON.parse(s!.scopeRef!) as { subscription: number };
    const pidOf = (url: unknown) => String(url).split("/").pop();
    const ownSub = await w.portal.get(`/subscriptions/${pidOf((await w.api.get(`/subscriptions/${reach.subscription}`)).body.url)}`);
    expect(ownSub.status, `${ownSub.location}`).toBe(200);
    expect(ownSub.html).toContain("Basic");
    const second = await w.api.post("/subscriptions", { customer: customer.id, plan: "basic" });
    expect(second.status).toBe(201);
    const secondPage = await w.portal.get(`/subscriptions/${pidOf(second.body.url)}`);
    expect([302, 303]).toContain(secondPage.status);
    expect(secondPage.location).toMatch(/^\/login/);
    const list = await w.portal.get("/subscriptions");
    expect([302, 303]).toContain(list.status);
    // another customer's invoice
    const other = await w.api.post("/invoices", { customer: w.customer.id, items: [{ name: "Theirs", quantity: 1, unit_cost: 10 }] });
    const [theirs] = await w.t.scope.select(invoices, eq(invoices.customerId, w.customer.id)).all();
    expect(other.status).toBe(201);
    const res = await w.portal.get(`/invoices/${theirs!.publicId}`);
    expect(res.html).not.toContain("Theirs");
    // a state change is refused too
    const add = await w.portal.post("/payment-methods", { type: "card", number: "4242424242424242", expiry: "12/35", cvc: "123", name: "X" });
    expect([302, 303]).toContain(add.status);
    expect(add.location).toMatch(/^\/login/);
  });

  it("another browser cannot take the session: the thank-you page and the button need the signing-up browser's cookie", async () => {
    const w = await signupTenant();
    await submit(w, form());
    const stranger = new PortalClient(w.t.origin);
    expect((await stranger.get(`/pages/${w.page.id}/thanks`)).location).toBe(`/pages/${w.page.id}`);
    await stranger.get(`/pages/${w.page.id}`);
    const go = await stranger.post(`/pages/${w.page.id}/account`);
    expect(go.location).toBe("/login");
    expect(stranger.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it("an address that already has a customer gets no session: a sign-in link is mailed and the page says so", async () => {
    const w = await signupTenant();
    const { res } = await submit(w, form({ email: "Billing@Acme.example" }));
    expect(res.status).toBe(303);
    await w.portal.get(`/pages/${w.page.id}/thanks`);
    const before = (await mailsTo("billing@acme.example")).reduce((m, r) => Math.max(m, r.id), 0);
    const go = await w.portal.post(`/pages/${w.page.id}/account`);
    expect(go.status).toBe(200);
    expect(go.html).toContain("Check your email");
    expect(w.portal.cookies.has(SESSION_COOKIE)).toBe(false);
    const [made] = await newCustomersOf(w);
    expect(await w.t.scope.select(sessions, eq(sessions.customerId, made!.id)).all()).toEqual([]);
    expect(await w.t.scope.select(sessions, eq(sessions.customerId, w.customer.id)).all()).toEqual([]);
    expect((await waitForMail("billing@acme.example", before)).subject).toMatch(/^Sign in to/);
  });

  it("an onboarding link's sign-up (an existing customer) never gives a session", async () => {
    const w = await signupTenant();
    const url = (await w.api.patch(`/customers/${w.customer.id}`, { sign_up_page: w.page.id })).body.sign_up_url as string;
    const path = new URL(url).pathname;
    const { res } = await submit(w, form({ name: "Acme Corp", email: "billing@acme.example" }), path);
    expect(res.status).toBe(303);
    await w.portal.post(`/pages/${w.page.id}/account`);
    expect(await w.t.scope.select(sessions, eq(sessions.customerId, w.customer.id)).all()).toEqual([]);
  });
});
