import { describe, expect, it } from "vitest";
import { eventsOf } from "../api/support";
import { invoicesOf, subscriptionTenant } from "./support";

/**
 * A subscription's `ship_to` (Invoiced's ShippingDetail) through the API, as Invoiced's
 * client sends it: set at creation, changed by a PATCH of that key alone (no invoice,
 * an event with the previous value), removed with null. Sign-up pages set it too
 * (test/signup/shipping.test.ts).
 */
describe("subscriptions: ship_to through the API", () => {
  const leeds = { name: "Ada Lovelace", address1: "1 Mill Lane", city: "Leeds", postal_code: "LS1 1AA", country: "gb" };
  const full = { ...leeds, country: "GB", attention_to: null, address2: null, state: null };

  it("create with ship_to, retrieve and list show it; PATCH changes only it; null removes it", async () => {
    const w = await subscriptionTenant();
    const created = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", ship_to: leeds });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.ship_to).toEqual(full);
    expect((await w.api.get(`/subscriptions/${created.body.id}`)).body.ship_to).toEqual(full);
    expect((await w.api.get("/subscriptions")).body[0].ship_to).toEqual(full);
    const invoicesBefore = (await invoicesOf(w)).length;

    const moved = { name: "Ada Lovelace", attention_to: "Goods in", address1: "2 Dock St", city: "Hull", country: "GB" };
    const saved = await w.api.patch(`/subscriptions/${created.body.id}`, { ship_to: moved });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.ship_to).toEqual({ ...moved, address2: null, state: null, postal_code: null });
    expect(saved.body).toMatchObject({ plan: "basic", quantity: 1 });
    expect(await invoicesOf(w)).toHaveLength(invoicesBefore);
    const [updated] = await eventsOf(w.t, "subscription.updated");
    expect(updated!.data).toMatchObject({ fields: ["ship_to"], previous: { ship_to: full }, object: { ship_to: { city: "Hull" } } });

    const cleared = await w.api.patch(`/subscriptions/${created.body.id}`, { ship_to: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.ship_to).toBeNull();
    expect((await w.api.get(`/subscriptions/${created.body.id}`)).body.ship_to).toBeNull();
  });

  it("a subscription created without ship_to has null, and a refused ship_to leaves the saved one", async () => {
    const w = await subscriptionTenant();
    const created = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", ship_to: leeds });
    const plain = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" });
    expect(plain.body.ship_to).toBeNull();
    const bad = await w.api.patch(`/subscriptions/${created.body.id}`, { ship_to: { ...leeds, city: "" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: "invalid_request_error", param: "ship_to.city" });
    expect((await w.api.get(`/subscriptions/${created.body.id}`)).body.ship_to).toEqual(full);
  });
});
