import { describe, expect, it } from "vitest";
import { eventsOf } from "../api/support";
import { ALL_ON, chargeNowOf, confirmFields, invoicesNewestFirst, portalSubscription, subRow, versionOf } from "./portal-support";

/** Issue 15: wrong input is a message on the page (never a 500), and changes nothing. */

describe("the change form", () => {
  it("a quantity that is not a whole number, or no change at all, is a message beside the field", async () => {
    const w = await portalSubscription();
    const a = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=basic&quantity=two`);
    expect(a.status).toBe(422);
    expect(a.html).toContain('id="quantity-error"');
    expect(a.html).toContain("Enter a whole number.");
    const b = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=basic&quantity=1`);
    expect(b.status).toBe(422);
    expect(b.html).toContain("Choose a different plan or quantity.");
    const c = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=no_such_plan&quantity=1`);
    expect(c.status).toBe(422);
    expect(c.html).toContain("That plan is not offered for this subscription.");
  });

  it("a confirm without its preview's fields changes nothing", async () => {
    const w = await portalSubscription();
    const before = await subRow(w);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, { plan: "pro", quantity: "1" });
    expect(res.status).toBe(422);
    expect(await subRow(w)).toEqual(before);
  });

  it("a declined saved card sends the customer to /pay for the upgrade's invoice, which stays open", async () => {
    const w = await portalSubscription(ALL_ON, { card: "tok_chargeDeclined" });
    const preview = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=1`);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(preview.html));
    const [inv] = await invoicesNewestFirst(w);
    expect(res.location).toBe(`/pay?invoice=${inv!.publicId}`);
    expect(inv!.total).toBe(chargeNowOf(preview.html));
    expect(inv!.paid).toBe(false);
    expect((await subRow(w)).plan).toBe("pro");
  });
});

describe("preview equals invoice, to the cent", () => {
  it("with a coupon, an add-on and tax, on quantity and plan", async () => {
    const w = await portalSubscription(ALL_ON, {
      sub: { plan: "basic", quantity: 3, discounts: ["half"], addons: [{ plan: "seat", quantity: 2 }] },
    });
    for (const [plan, quantity] of [
      ["basic", 7],
      ["pro", 9],
    ] as const) {
      const preview = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=${plan}&quantity=${quantity}`);
      const expected = chargeNowOf(preview.html);
      const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(preview.html));
      expect(res.status, preview.html.slice(0, 200)).toBe(303);
      const [inv] = await invoicesNewestFirst(w);
      expect(inv!.total).toBe(expected);
      const [event] = await eventsOf(w.t, "subscription.updated");
      expect((event!.data as { invoice?: string }).invoice).toBe(inv!.publicId);
    }
  });
});

describe("the cancel form", () => {
  it("a reason outside the list, or too long a text, is a message and cancels nothing", async () => {
    const w = await portalSubscription();
    const form = await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`);
    const version = versionOf(form.html);
    const a = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, { when: "period_end", reason: "hacked", details: "", version, offer_declined: "" });
    expect(a.status).toBe(422);
    expect(a.html).toContain("Choose one of the reasons, or none.");
    const b = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, {
      when: "period_end",
      reason: "",
      details: "x".repeat(201),
      version,
      offer_declined: "",
    });
    expect(b.status).toBe(422);
    expect(b.html).toContain("Keep it to at most 200 characters.");
    expect((await subRow(w)).cancelAtPeriodEnd).toBe(false);
  });
});

describe("settings API", () => {
  it("quantity bounds must be in order, plan ids well formed", async () => {
    const w = await portalSubscription();
    const a = await w.api.patch("/settings", { subscription_min_quantity: 5, subscription_max_quantity: 2 });
    expect(a.status).toBe(400);
    expect(a.body.param).toBe("subscription_min_quantity");
    const b = await w.api.patch("/settings", { subscription_change_plans: ["no spaces allowed"] });
    expect(b.status).toBe(400);
    const c = await w.api.patch("/settings", { subscription_max_quantity: 0 });
    expect(c.status).toBe(400);
  });
});
