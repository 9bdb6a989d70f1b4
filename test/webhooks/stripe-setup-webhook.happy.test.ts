import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe } from "../helpers/stripe-fake";
import { customerRow, eventsOf, liveSources } from "../payment-methods/helpers";
import { send } from "./stripe-helpers";
import { retrieves, setupCompleted, setupRow, setupWaiting } from "./stripe-setup-helpers";

afterEach(() => vi.restoreAllMocks());

/**
 * A card added on Stripe Checkout (setup mode) is saved from the verified
 * `checkout.session.completed` webhook as well as from the return page, with one
 * method whichever comes first (S39) and the card read back from Stripe (S40).
 */
describe("setup sessions are fulfilled from the webhook", () => {
  it("the webhook alone (the customer closed the tab) saves the card read from Stripe, as the default, with its event", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    const res = await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });

    const sources = await liveSources(w.t, w.cust.id);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ gateway: "stripe", gatewayToken: "cus_fake1/pm_fake1", brand: "Visa", last4: "4242", expMonth: 12, expYear: 2034 });
    expect((await customerRow(w.t, w.cust.id)).defaultPaymentSourceId).toBe(sources[0]!.id);
    expect(await setupRow(w)).toMatchObject({ status: "completed", paymentSourceId: sources[0]!.id });
    expect(retrieves(stripe).map((c) => c.path)).toEqual([`/v1/checkout/sessions/${w.sessionId}`]);

    const created = await eventsOf(w.t, "payment_source.created");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ customerId: w.cust.id, objectType: "card", objectId: String(sources[0]!.id), actor: "system" });
    expect(created[0]!.data).toMatchObject({ object: { object: "card", brand: "Visa", last4: "4242" }, via: "portal" });

    const list = await w.portal.get("/payment-methods");
    expect(list.html).toContain("4242");
  });

  it("webhook first, then the return page: one method, and the page says it was added", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    expect((await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId))).status).toBe(200);
    const back = await w.portal.get(w.returnPath);
    expect(back.status).toBe(303);
    expect(back.location).toBe("/payment-methods?saved=added");
    expect((await w.portal.get(back.location!)).html).toContain("The payment method was added.");
    expect(await liveSources(w.t, w.cust.id)).toHaveLength(1);
    expect(await eventsOf(w.t, "payment_source.created")).toHaveLength(1);
  });

  it("the return page first, then the webhook: one method, one event, the webhook acknowledged", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    const back = await w.portal.get(w.returnPath);
    expect(back.location).toBe("/payment-methods?saved=added");
    const [card] = await liveSources(w.t, w.cust.id);
    const res = await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId));
    expect(res.status).toBe(200);
    expect(await liveSources(w.t, w.cust.id)).toEqual([card]);
    expect(await eventsOf(w.t, "payment_source.created")).toHaveLength(1);
    expect(await setupRow(w)).toMatchObject({ status: "completed", paymentSourceId: card!.id });
  });

  it("the webhook and the return page at the same moment (both read the setup before either saves): one method", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe, { makeDefault: true });
    // Both callers have retrieved the session from Stripe before either is let on to save it.
    stripe.control.holdRetrieves = 2;
    const [hook, back] = await Promise.all([send(w.t.tenant.username, setupCompleted(stripe, w.sessionId)), w.portal.get(w.returnPath)]);
    expect(retrieves(stripe)).toHaveLength(2);
    expect(hook.status).toBe(200);
    expect(back.status).toBe(303);
    expect(back.location).toBe("/payment-methods?saved=added");
    const sources = await liveSources(w.t, w.cust.id);
    expect(sources).toHaveLength(1);
    expect(await eventsOf(w.t, "payment_source.created")).toHaveLength(1);
    expect((await customerRow(w.t, w.cust.id)).defaultPaymentSourceId).toBe(sources[0]!.id);
    expect(await setupRow(w)).toMatchObject({ status: "completed", paymentSourceId: sources[0]!.id });
  });

  it("checkout.session.async_payment_succeeded for a setup session is handled the same way, once", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId, {}, "checkout.session.async_payment_succeeded"));
    await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId));
    expect(await liveSources(w.t, w.cust.id)).toHaveLength(1);
    expect(await eventsOf(w.t, "payment_source.created")).toHaveLength(1);
  });
});

describe("expired setup sessions", () => {
  it("checkout.session.expired (confirmed by Stripe) fails the setup row; nothing is saved; a late return page says it was not added", async () => {
    const stripe = fakeStripe({ status: "expired" });
    const w = await setupWaiting(stripe);
    const res = await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId, { status: "expired" }, "checkout.session.expired"));
    expect(res.status).toBe(200);
    expect(retrieves(stripe).map((c) => c.path)).toEqual([`/v1/checkout/sessions/${w.sessionId}`]);
    expect(await setupRow(w)).toMatchObject({ status: "failed", paymentSourceId: null });
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
    expect(await eventsOf(w.t, "payment_source.created")).toEqual([]);
    // the row is failed for good: a second delivery or the return page saves nothing
    await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId, { status: "expired" }, "checkout.session.expired"));
    const back = await w.portal.get(w.returnPath);
    expect(back.status).toBe(409);
    expect(back.html).toContain("This payment method could not be added. Please try again.");
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);
  });

  it("an expired event whose session Stripe says is complete does not fail the setup: the method is saved", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    await send(w.t.tenant.username, setupCompleted(stripe, w.sessionId, { status: "expired" }, "checkout.session.expired"));
    expect(await setupRow(w)).toMatchObject({ status: "completed" });
    expect(await liveSources(w.t, w.cust.id)).toHaveLength(1);
  });
});
