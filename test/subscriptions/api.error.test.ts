import { describe, expect, it } from "vitest";
import { eventsOf } from "../api/support";
import { invoicesOf, subscriptionTenant } from "./support";

/** Every create and update rule of docs/subscriptions.md: a 400 with a message and `param`, nothing stored, never a 500. */
describe("subscriptions: bad input", () => {
  it.each([
    [{ customer: undefined }, "customer", /required/],
    [{ customer: "CUST" }, "customer"],
    [{ customer: 999999, plan: "basic" }, "customer", /No such customer/],
    [{ customer: 0 }, "customer"],
    [{ plan: undefined }, "plan", /required/],
    [{ plan: "nope" }, "plan", /No such plan/],
    [{ quantity: 0 }, "quantity", /greater than 0/],
    [{ quantity: -2 }, "quantity"],
    [{ quantity: 1.5 }, "quantity"],
    [{ addons: Array.from({ length: 101 }, () => ({ plan: "seat" })) }, "addons", /at most 100/],
    [{ addons: [{ plan: "yearly" }] }, "addons[0].plan", /interval/],
    [{ addons: [{ plan: "seat", catalog_item: "x" }] }, "addons[0]", /exactly one/],
    [{ addons: [{ catalog_item: "nope" }] }, "addons[0].catalog_item", /No such item/],
    [{ start_date: Math.floor(Date.now() / 1000) - 6 * 366 * 86400 }, "start_date", /5 years/],
    [{ start_date: "yesterday" }, "start_date"],
    [{ snap_to_nth_day: 0 }, "snap_to_nth_day"],
    [{ snap_to_nth_day: 32 }, "snap_to_nth_day"],
    [{ plan: "yearly", snap_to_nth_day: 1 }, "snap_to_nth_day", /monthly/],
    [{ plan: "quarterly", snap_to_nth_day: 15 }, "snap_to_nth_day", /interval_count/],
    [{ discounts: ["nope"] }, "discounts[0]", /No such coupon/],
    [{ discounts: ["expired"] }, "discounts[0]", /expired/],
    [{ taxes: ["nope"] }, "taxes[0]", /No such tax rate/],
    [{ bill_in: "later" }, "bill_in"],
    [{ contract_renewal_mode: "auto" }, "contract_renewal_mode", /cycles/],
    [{ amount: -1 }, "amount"],
    [{ status: "active" }, "status", /read-only/],
    [{ color: "blue" }, "color", /Unknown field/],
    [{ ship_to: { name: "Ada", address1: "1 Way", city: "Leeds", country: "ZZ" } }, "ship_to.country", /ISO 3166/],
    [{ ship_to: { name: "Ada", city: "Leeds", country: "GB" } }, "ship_to.address1", /required/],
    [{ ship_to: { name: "Ada", address1: "1 Way", city: "Leeds", country: "GB", phone: "1" } }, "ship_to.phone", /Unknown field/],
    [{ ship_to: "1 Way, Leeds" }, "ship_to"],
  ] as [Record<string, unknown>, string, RegExp?][])("%j -> 400 on %s", async (patch, param, message) => {
    const w = await subscriptionTenant();
    await w.api.post("/plans", { id: "quarterly", name: "Quarterly", amount: 80, interval: "month", interval_count: 3 });
    await w.api.post("/coupons", { id: "expired", name: "Old", value: 10, expiration_date: 1_000_000 });
    const body: Record<string, unknown> = { customer: w.customer.id, plan: "basic", ...patch };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    for (const path of ["/subscriptions", "/subscriptions/preview"]) {
      const res = await w.api.post(path, body);
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      if (message) expect(res.body.message).toMatch(message);
    }
    expect((await w.api.get("/subscriptions")).body).toEqual([]);
    expect(await invoicesOf(w)).toEqual([]);
    expect(await eventsOf(w.t, "subscription.created")).toEqual([]);
  });

  it("update rules: customer is fixed, a canceled subscription cannot change, proration_date in the period, unknown id 404", async () => {
    const w = await subscriptionTenant();
    const other = (await w.api.post("/customers", { name: "Other" })).body;
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" })).body;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ customer: other.id }, "customer", /cannot be changed/],
      // a change to another interval (allowed) still has its rules
      [{ plan: "yearly", addons: [{ plan: "seat" }] }, "addons", /main plan's interval/],
      [{ plan: "yearly", proration_date: sub.period_end + 10 }, "proration_date", /current billing period/],
      [{ quantity: 0 }, "quantity", /greater than 0/],
      [{ quantity: 2, proration_date: sub.period_end + 10 }, "proration_date", /current billing period/],
      [{ period_end: 1 }, "period_end", /read-only/],
    ];
    for (const [body, param, message] of cases) {
      const res = await w.api.patch(`/subscriptions/${sub.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ param });
      expect(res.body.message).toMatch(message);
    }
    expect((await w.api.get(`/subscriptions/${sub.id}`)).body).toMatchObject({ quantity: 1, plan: "basic", customer: w.customer.id });
    await w.api.delete(`/subscriptions/${sub.id}`);
    const revive = await w.api.patch(`/subscriptions/${sub.id}`, { cancel_at_period_end: false });
    expect(revive.status).toBe(400);
    expect(revive.body.message).toMatch(/cannot be reactivated/);
    expect((await w.api.post(`/subscriptions/${sub.id}/resume`)).status).toBe(400);
    expect((await w.api.get("/subscriptions/999999")).status).toBe(404);
    expect((await w.api.get("/subscriptions/abc")).status).toBe(404);
    expect((await w.api.patch("/subscriptions/999999", { quantity: 2 })).status).toBe(404);
    expect((await w.api.get("/subscriptions?filter[status]=weird")).status).toBe(400);
  });

  it("pause and resume: a second call changes nothing (safe to retry) and records no second event", async () => {
    const w = await subscriptionTenant();
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" })).body;
    expect((await w.api.post(`/subscriptions/${sub.id}/pause`)).body).toMatchObject({ status: "paused", paused: true });
    expect((await w.api.post(`/subscriptions/${sub.id}/pause`)).body).toMatchObject({ status: "paused" });
    expect((await w.api.post(`/subscriptions/${sub.id}/resume`)).body).toMatchObject({ status: "active", paused: false });
    expect((await w.api.post(`/subscriptions/${sub.id}/resume`)).body).toMatchObject({ status: "active" });
    const types = (await eventsOf(w.t)).map((e) => e.type);
    expect(types.filter((t) => t === "subscription.paused")).toHaveLength(1);
    expect(types.filter((t) => t === "subscription.resumed")).toHaveLength(1);
  });
});
