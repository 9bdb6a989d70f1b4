import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { paymentSourceSetups } from "../../src/db/schema";
import { makePaymentSource } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { fakeStripe, useStripe } from "../helpers/stripe-fake";
import { makeTenant } from "../helpers/tenants";
import { ageSignIn, customerRow, eventsOf, liveSources, signedIn, testBank, testCard } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const MIN = 60;
/** The S23 "Confirm it's you" step (hono/jsx escapes the apostrophe). */
const CONFIRM = /<h1>Confirm it(&#39;|')s you<\/h1>/;

/** Everything D1 holds, as one string (S41: the raw number must appear nowhere). */
async function dumpD1(): Promise<string> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{
    name: string;
  }>();
  let out = "";
  for (const { name } of tables.results) out += JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results);
  return out;
}

async function withCard(settings: Parameters<typeof signedIn>[0] = {}, autopay = false) {
  const s = await signedIn(settings, { autopay });
  const card = await makePaymentSource(s.t.scope, s.cust.id);
  const other = await makePaymentSource(s.t.scope, s.cust.id, { brand: "Mastercard", last4: "4444" });
  await s.t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${card.id} WHERE id = ${s.cust.id}`);
  await s.portal.get("/payment-methods");
  return { ...s, card, other };
}

describe("S23: payment-method changes need a sign-in within 15 minutes", () => {
  it("with a 16-minute-old sign-in the add form asks to confirm it's you first", async () => {
    const { t, portal, sessionId } = await signedIn();
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.get("/payment-methods/new");
    expect(res.status).toBe(200);
    expect(res.html).toMatch(CONFIRM);
    expect(res.html).not.toContain('name="number"');
    expect(res.html).toContain('name="next" value="/payment-methods/new"');
  });

  it("adding a card with an old sign-in shows the confirm step, stores nothing and never echoes the number", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    await portal.get("/payment-methods");
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.post("/payment-methods", testCard());
    expect(res.html).toMatch(CONFIRM);
    expect(res.html).toContain('action="/login/reauth"');
    expect(res.html).not.toMatch(/4242 ?4242 ?4242 ?4242/);
    expect(await liveSources(t, cust.id)).toEqual([]);
    expect(await eventsOf(t, "payment_source.created")).toEqual([]);
  });

  it("removing, making default and AutoPay with an old sign-in change nothing", async () => {
    const { t, cust, portal, sessionId, card, other } = await withCard({ allowAutopayOptOut: true });
    await ageSignIn(t, sessionId, 16 * MIN);
    for (const [path, fields] of [
      [`/payment-methods/${card.publicId}/delete`, {}],
      [`/payment-methods/${other.publicId}/default`, {}],
      ["/payment-methods/autopay", { autopay: "on" }],
    ] as const) {
      const res = await portal.post(path, fields);
      expect(res.status, path).toBe(200);
      expect(res.html, path).toMatch(CONFIRM);
    }
    expect(await liveSources(t, cust.id)).toHaveLength(2);
    expect(await customerRow(t, cust.id)).toMatchObject({ defaultPaymentSourceId: card.id, autopay: false });
    expect(await eventsOf(t)).toEqual([]);
  });

  it("turning AutoPay off with an old sign-in changes nothing either", async () => {
    const { t, cust, portal, sessionId } = await withCard({ allowAutopayOptOut: true }, true);
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.post("/payment-methods/autopay", { autopay: "off" });
    expect(res.html).toMatch(CONFIRM);
    expect((await customerRow(t, cust.id)).autopay).toBe(true);
  });

  it("a 14-minute-old sign-in is recent enough", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    await ageSignIn(t, sessionId, 14 * MIN);
    await portal.get("/payment-methods/new");
    expect((await portal.post("/payment-methods", testCard())).status).toBe(303);
    expect(await liveSources(t, cust.id)).toHaveLength(1);
  });

  it("on a Stripe tenant, starting Checkout with an old sign-in asks first and calls Stripe not at all", async () => {
    const { t, portal, sessionId } = await signedIn();
    await useStripe(t);
    const stripe = fakeStripe();
    await portal.get("/payment-methods");
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.post("/payment-methods/checkout", {});
    expect(res.html).toMatch(CONFIRM);
    expect(stripe.calls).toEqual([]);
  });
});

describe("S41: only the gateway's token, brand, last 4 and expiry are stored", () => {
  it("after adding a card and a bank account, their numbers appear nowhere in D1", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    await portal.post("/payment-methods", testCard({ number: "5555555555554444" }));
    await portal.post("/payment-methods", testBank());
    // a failed attempt must not leave the number behind either
    await portal.post("/payment-methods", testCard({ number: "4242424242424242", cvc: "" }));
    const sources = await liveSources(t, cust.id);
    expect(sources).toHaveLength(2);
    const dump = await dumpD1();
    expect(dump).toContain("tok_test_ok_");
    for (const secret of ["5555555555554444", "555555555555", "4242424242424242", "000123456789"]) expect(dump).not.toContain(secret);
  });

  it("a Stripe tenant never takes a card number: a hand-made post of the test form stores nothing", async () => {
    const { t, cust, portal } = await signedIn();
    await useStripe(t);
    await portal.get("/payment-methods");
    const res = await portal.post("/payment-methods", testCard());
    expect(res.status).toBe(303);
    expect(res.location).toBe("/payment-methods/new");
    expect(await liveSources(t, cust.id)).toEqual([]);
    expect(await dumpD1()).not.toContain("4242424242424242");
  });

  it("the test-mode banner is on every payment-method page of a test tenant", async () => {
    const { portal } = await signedIn();
    for (const path of ["/payment-methods", "/payment-methods/new"]) expect((await portal.get(path)).html).toContain("Test mode:");
  });
});

describe("S26: CSRF on every payment-method change", () => {
  it("posts without the token, from another site, from a sibling tenant, or as text/plain are refused and change nothing", async () => {
    const { t, cust, portal, card, other } = await withCard();
    const sibling = await makeTenant();
    const routes: [string, Record<string, string>][] = [
      ["/payment-methods", testCard()],
      ["/payment-methods/checkout", {}],
      ["/payment-methods/autopay", { autopay: "on" }],
      [`/payment-methods/${other.publicId}/default`, {}],
      [`/payment-methods/${card.publicId}/delete`, {}],
    ];
    for (const [path, fields] of routes) {
      const noToken = await portal.fetch(path, {
        method: "POST",
        headers: { Origin: t.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
      expect(noToken.status, `${path} without token`).toBe(403);
      for (const origin of ["https://evil.example", sibling.origin]) {
        const res = await portal.post(path, fields, { headers: { Origin: origin } });
        expect(res.status, `${path} from ${origin}`).toBe(403);
      }
      const plain = await portal.fetch(path, { method: "POST", headers: { Origin: t.origin, "Content-Type": "text/plain" }, body: "autopay=on" });
      expect(plain.status, `${path} text/plain`).toBe(403);
    }
    expect(await liveSources(t, cust.id)).toHaveLength(2);
    expect(await customerRow(t, cust.id)).toMatchObject({ defaultPaymentSourceId: card.id, autopay: false });
    expect(await eventsOf(t)).toEqual([]);
  });
});

describe("S40: a Stripe setup is completed only from Stripe's own answer", () => {
  async function started() {
    const s = await signedIn();
    await useStripe(s.t);
    return s;
  }
  async function start(s: Awaited<ReturnType<typeof started>>, stripe: ReturnType<typeof fakeStripe>) {
    await s.portal.get("/payment-methods/new");
    await s.portal.post("/payment-methods/checkout", {});
    const setup = (await s.t.scope.select(paymentSourceSetups).all()).at(-1)!;
    void stripe;
    return setup;
  }

  it("the return URL's session_id is ignored: our row names the session that is retrieved", async () => {
    const s = await started();
    const stripe = fakeStripe();
    const setup = await start(s, stripe);
    await s.portal.get(`/payment-methods/setup/${setup.id}?session_id=cs_test_attacker`);
    const retrieve = stripe.calls.filter((c) => c.method === "GET");
    expect(retrieve.map((c) => c.path)).toEqual([`/v1/checkout/sessions/${setup.providerSessionId}`]);
  });

  it("a return before Checkout is complete saves nothing and says so", async () => {
    const s = await started();
    const stripe = fakeStripe({ status: "open" });
    const setup = await start(s, stripe);
    const res = await s.portal.get(`/payment-methods/setup/${setup.id}`);
    expect(res.status).toBe(409);
    expect(res.html).toContain("The payment method was not saved");
    expect(await liveSources(s.t, s.cust.id)).toEqual([]);
  });

  it("a session whose metadata names another customer is refused", async () => {
    const s = await started();
    const stripe = fakeStripe({ metadata: { attempt: "setup_other", tenant: "1", customer: "999999" } });
    const setup = await start(s, stripe);
    const res = await s.portal.get(`/payment-methods/setup/${setup.id}`);
    expect(res.status).toBe(409);
    expect(await liveSources(s.t, s.cust.id)).toEqual([]);
    expect((await s.t.scope.select(paymentSourceSetups).all())[0]!.status).toBe("failed");
  });

  it("reloading the return page (or two tabs at once) saves the method once", async () => {
    const s = await started();
    const stripe = fakeStripe();
    const setup = await start(s, stripe);
    const results = await Promise.all([1, 2, 3].map(() => s.portal.get(`/payment-methods/setup/${setup.id}`)));
    for (const r of results) expect(r.status).toBe(303);
    expect(await liveSources(s.t, s.cust.id)).toHaveLength(1);
    expect(await eventsOf(s.t, "payment_source.created")).toHaveLength(1);
    const row = (await s.t.scope.select(paymentSourceSetups).all())[0]!;
    expect(row.status).toBe("completed");
    expect(row.paymentSourceId).toBe((await liveSources(s.t, s.cust.id))[0]!.id);
  });

  it("Stripe unreachable: a clear message, no redirect, and the setup marked failed", async () => {
    const s = await started();
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("network down"));
    await s.portal.get("/payment-methods/new");
    const res = await s.portal.post("/payment-methods/checkout", {});
    expect(res.status).toBe(502);
    expect(res.html).toContain("The payment provider could not be reached.");
    expect((await s.t.scope.select(paymentSourceSetups).all())[0]!.status).toBe("failed");
  });

  it("another customer's setup id is a 404 and Stripe is not asked", async () => {
    const s = await started();
    const stripe = fakeStripe();
    const setup = await start(s, stripe);
    const otherCustomer = new PortalClient(s.t.origin);
    const { makeCustomer } = await import("../helpers/fixtures");
    const someone = await makeCustomer(s.t.scope);
    await otherCustomer.signInAs(s.t.scope, s.t.tenant, someone.id);
    stripe.calls.length = 0;
    expect((await otherCustomer.get(`/payment-methods/setup/${setup.id}`)).status).toBe(404);
    expect(stripe.calls).toEqual([]);
  });
});
