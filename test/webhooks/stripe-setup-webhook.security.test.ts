import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe } from "../helpers/stripe-fake";
import { eventsOf, liveSources } from "../payment-methods/helpers";
import { deliver, send, sign } from "./stripe-helpers";
import { retrieves, setupCompleted, setupRow, setupWaiting, webhookEventCount } from "./stripe-setup-helpers";

afterEach(() => vi.restoreAllMocks());

describe("S39: a setup webhook changes state once", () => {
  it("the same event ten times (five of them at once) saves one method and records one event", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    const evt = setupCompleted(stripe, w.sessionId);
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(w.t.tenant.username, evt)));
    for (let i = 0; i < 5; i++) answers.push(await send(w.t.tenant.username, evt));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body?.duplicate === true).length).toBeGreaterThanOrEqual(5);
    expect(await liveSources(w.t, w.cust.id)).toHaveLength(1);
    expect(await eventsOf(w.t, "payment_source.created")).toHaveLength(1);
    expect(await webhookEventCount(evt.id)).toBe(1);
  });
});

describe("S31/S40: a setup webhook completes only this tenant's setups, from what Stripe says", () => {
  it("tenant B's session in an event to tenant A's endpoint changes nothing, and Stripe is not even asked", async () => {
    const stripe = fakeStripe();
    const a = await setupWaiting(stripe);
    const b = await setupWaiting(stripe);
    const res = await send(a.t.tenant.username, setupCompleted(stripe, b.sessionId));
    expect(res.status).toBe(200);
    expect(retrieves(stripe)).toEqual([]);
    expect(await liveSources(b.t, b.cust.id)).toEqual([]);
    expect(await liveSources(a.t, a.cust.id)).toEqual([]);
    expect((await setupRow(b)).status).toBe("pending");
    expect((await setupRow(a)).status).toBe("pending");
    expect(await eventsOf(a.t, "payment_source.created")).toEqual([]);
    expect(await eventsOf(b.t, "payment_source.created")).toEqual([]);
    // the same event on B's own endpoint is the real thing
    expect((await send(b.t.tenant.username, setupCompleted(stripe, b.sessionId))).status).toBe(200);
    expect(await liveSources(b.t, b.cust.id)).toHaveLength(1);
  });

  it("an unknown or malformed session id is acknowledged and changes nothing", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    for (const id of ["cs_test_nosuchsession", "not-a-session", "cs_test_' OR 1=1 --"]) {
      const res = await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId, { id }));
      expect(res.status, id).toBe(200);
    }
    expect(retrieves(stripe)).toEqual([]);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
    expect((await setupRow(w)).status).toBe("pending");
  });

  it("a session Stripe says is still open changes nothing, even when the event claims it is complete", async () => {
    const stripe = fakeStripe({ status: "open" });
    const w = await setupWaiting(stripe);
    const res = await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId));
    expect(res.status).toBe(200);
    expect(retrieves(stripe)).toHaveLength(1);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
    expect((await setupRow(w)).status).toBe("pending");
    expect(await eventsOf(w.t, "payment_source.created")).toEqual([]);
  });

  it("an expired session saves nothing and the setup is closed as failed", async () => {
    const stripe = fakeStripe({ status: "expired" });
    const w = await setupWaiting(stripe);
    expect((await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId))).status).toBe(200);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
    expect((await setupRow(w)).status).toBe("failed");
  });

  it("the card, customer and metadata in the event body are not trusted: what is saved is what Stripe returns", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    const lies = {
      customer: "cus_attacker",
      metadata: { tenant: "999", customer: "999", setup: "x", attempt: "setup_x" },
      setup_intent: {
        id: "seti_evil",
        object: "setup_intent",
        payment_method: { id: "pm_evil", object: "payment_method", type: "card", card: { brand: "amex", last4: "0005", exp_month: 1, exp_year: 2030 } },
      },
    };
    expect((await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId, lies))).status).toBe(200);
    const sources = await liveSources(w.t, w.cust.id);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ gatewayToken: "cus_fake1/pm_fake1", brand: "Visa", last4: "4242" });
  });

  it("a session Stripe says belongs to another setup or customer is not saved", async () => {
    const stripe = fakeStripe({ metadata: { tenant: "1", customer: "1", setup: "someoneelse", attempt: "setup_someoneelse" } });
    const w = await setupWaiting(stripe);
    expect((await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId))).status).toBe(200);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
    expect((await setupRow(w)).status).toBe("failed");
  });

  it("S38: a setup event with a changed byte is a 400 and saves nothing", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    const payload = JSON.stringify(setupCompleted(stripe, w.sessionId));
    const res = await deliver(w.t.tenant.username, payload.replace('"status":"complete"', '"status":"completE"'), await sign(payload));
    expect(res.status).toBe(400);
    expect(retrieves(stripe)).toEqual([]);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
  });

  it("when Stripe cannot be asked, the event is refused (not recorded) and its retry saves the card", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    const evt = setupCompleted(stripe, w.sessionId);
    stripe.control.failRetrieves = true;
    const down = await send(w.t.tenant.username, evt);
    expect(down.status).toBe(500);
    expect(JSON.stringify(down.body)).not.toMatch(/Stripe is down|sk_/);
    expect(await webhookEventCount(evt.id)).toBe(0);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
    expect((await setupRow(w)).status).toBe("pending");
    stripe.control.failRetrieves = false;
    expect((await send(w.t.tenant.username, evt)).status).toBe(200);
    expect(await liveSources(w.t, w.cust.id)).toHaveLength(1);
    expect(await webhookEventCount(evt.id)).toBe(1);
  });
});
