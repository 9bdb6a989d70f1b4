import { describe, expect, it } from "vitest";
import { eventsOf } from "../api/support";
import { apiClient } from "../helpers/api";
import { invoicesOf, subscriptionTenant } from "./support";

/** Another tenant's subscriptions, customers, plans and pending items are 404 or "No such …", never reachable. */
describe("subscriptions: tenant isolation", () => {
  it("a key of another tenant cannot read, change, cancel, pause or pay what is not its own", async () => {
    const a = await subscriptionTenant();
    const b = await subscriptionTenant();
    const sub = (await a.api.post("/subscriptions", { customer: a.customer.id, plan: "basic" })).body;
    const item = (await a.api.post(`/customers/${a.customer.id}/line_items`, { name: "Setup", unit_cost: 10 })).body;
    const [invoice] = await invoicesOf(a);

    expect((await b.api.get(`/subscriptions/${sub.id}`)).status).toBe(404);
    expect((await b.api.patch(`/subscriptions/${sub.id}`, { quantity: 5 })).status).toBe(404);
    expect((await b.api.delete(`/subscriptions/${sub.id}`)).status).toBe(404);
    expect((await b.api.post(`/subscriptions/${sub.id}/pause`)).status).toBe(404);
    expect((await b.api.get("/subscriptions")).body).toEqual([]);
    expect((await b.api.get(`/customers/${a.customer.id}/line_items`)).status).toBe(404);
    expect((await b.api.delete(`/customers/${a.customer.id}/line_items/${item.id}`)).status).toBe(404);
    expect((await b.api.post(`/invoices/${invoice!.id}/pay`)).status).toBe(404);
    // B's own customer with A's customer id, or A's plan id that B lacks
    const cross = await b.api.post("/subscriptions", { customer: a.customer.id, plan: "basic" });
    expect(cross.status).toBe(400);
    expect(cross.body.param).toBe("customer");

    expect((await a.api.get(`/subscriptions/${sub.id}`)).body).toMatchObject({ quantity: 1, status: "active" });
    expect((await eventsOf(a.t)).filter((e) => e.type === "subscription.updated" || e.type === "subscription.deleted")).toEqual([]);
  });

  it("without a key nothing is answered", async () => {
    const anon = apiClient(null);
    for (const res of [await anon.get("/subscriptions"), await anon.post("/subscriptions/preview", {}), await anon.post("/test_clocks", {})]) {
      expect(res.status).toBe(401);
    }
  });
});
