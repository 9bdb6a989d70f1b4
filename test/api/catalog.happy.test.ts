import { describe, expect, it } from "vitest";
import { COUPONS, ITEMS, PLANS, TAX_RATES } from "../../src/services/demo/catalog";
import { apiTenant, eventsOf } from "./support";

describe("catalogue: the demo's catalogue goes in through the API and reads back as given", () => {
  for (const [path, list] of [
    ["/items", ITEMS],
    ["/plans", PLANS],
    ["/coupons", COUPONS],
    ["/tax_rates", TAX_RATES],
  ] as const) {
    it(`${path}`, async () => {
      const { api } = await apiTenant();
      for (const body of list) {
        const res = await api.post(path, body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject(body);
      }
      const all = await api.get(`${path}?sort=id`);
      expect(all.body.map((o: { id: string }) => o.id)).toEqual(list.map((o) => o.id).sort());
    });
  }
});

describe("items", () => {
  it("create, retrieve, update, delete with events", async () => {
    const { t, api } = await apiTenant();
    const created = await api.post("/items", { id: "delivery", name: "Delivery", unit_cost: 10, type: "service", metadata: { sku: "D1" } });
    expect(created.body).toEqual({
      id: "delivery",
      object: "item",
      name: "Delivery",
      currency: "usd",
      unit_cost: 10,
      description: null,
      type: "service",
      taxable: true,
      discountable: true,
      metadata: { sku: "D1" },
      created_at: created.body.created_at,
      updated_at: created.body.updated_at,
    });
    expect((await api.get("/items/delivery")).body).toEqual(created.body);
    const updated = await api.patch("/items/delivery", { unit_cost: "12.50", taxable: false, description: "Same day" });
    expect(updated.body).toMatchObject({ unit_cost: 12.5, taxable: false, description: "Same day" });
    const moved = await api.patch("/items/delivery", { currency: "jpy", unit_cost: 1500 });
    expect(moved.body).toMatchObject({ currency: "jpy", unit_cost: 1500 });
    expect((await api.delete("/items/delivery")).status).toBe(204);
    expect((await api.get("/items/delivery")).status).toBe(404);
    expect((await eventsOf(t)).map((e) => e.type)).toEqual(["item.deleted", "item.updated", "item.updated", "item.created"]);
  });

  it("takes the tenant's currency when none is given", async () => {
    const { api } = await apiTenant({ currency: "eur" });
    expect((await api.post("/items", { id: "x", name: "X", unit_cost: 9.99 })).body).toMatchObject({ currency: "eur", unit_cost: 9.99 });
  });
});

describe("plans", () => {
  it("per-unit and tiered plans; only name, catalogue item and metadata change", async () => {
    const { api } = await apiTenant();
    await api.post("/items", { id: "seat", name: "Seat" });
    const tiered = await api.post("/plans", {
      id: "seats",
      name: "Seats",
      currency: "eur",
      interval: "month",
      interval_count: 3,
      pricing_mode: "volume",
      catalog_item: "seat",
      tiers: [
        { min_qty: 1, max_qty: 10, unit_cost: 9.5 },
        { max_qty: 50, unit_cost: "8.25" },
        { max_qty: null, unit_cost: 7 },
      ],
    });
    expect(tiered.status).toBe(201);
    expect(tiered.body).toMatchObject({
      object: "plan",
      amount: 0,
      interval_count: 3,
      pricing_mode: "volume",
      catalog_item: "seat",
      tiers: [
        { min_qty: 1, max_qty: 10, unit_cost: 9.5 },
        { min_qty: 11, max_qty: 50, unit_cost: 8.25 },
        { min_qty: 51, max_qty: null, unit_cost: 7 },
      ],
    });
    const renamed = await api.patch("/plans/seats", { name: "Team seats", catalog_item: null, metadata: { v: "2" } });
    expect(renamed.body).toMatchObject({ name: "Team seats", catalog_item: null, metadata: { v: "2" }, tiers: tiered.body.tiers });
    expect((await api.get("/plans?filter[interval]=month")).body).toHaveLength(1);
    expect((await api.delete("/plans/seats")).status).toBe(204);
  });
});

describe("coupons and tax rates", () => {
  it("percentages keep two decimals exactly; fixed values are in their currency", async () => {
    const { api } = await apiTenant();
    expect((await api.post("/coupons", { id: "pct", name: "12.5%", value: 12.5 })).body).toMatchObject({ value: 12.5, is_percent: true, currency: null });
    expect((await api.post("/coupons", { id: "fix", name: "¥500", value: 500, is_percent: false, currency: "jpy" })).body).toMatchObject({
      value: 500,
      currency: "jpy",
    });
    expect(
      (await api.post("/coupons", { id: "rep", name: "3 months", value: 10, duration: "repeating", duration_in_months: 3, max_redemptions: 100 })).body,
    ).toMatchObject({
      duration: "repeating",
      duration_in_months: 3,
      max_redemptions: 100,
    });
    expect((await api.post("/tax_rates", { id: "zero", name: "Zero rated", value: 0 })).body).toMatchObject({ value: 0, inclusive: false });
    expect((await api.post("/tax_rates", { id: "vat", name: "VAT", value: 20, inclusive: true })).body).toMatchObject({ value: 20, inclusive: true });
  });

  it("name, metadata, expiry and redemption limit change; 0 redemptions means unlimited", async () => {
    const { api } = await apiTenant();
    await api.post("/coupons", { id: "c", name: "C", value: 5, max_redemptions: 10 });
    const res = await api.patch("/coupons/c", { name: "Renamed", max_redemptions: 0, expiration_date: 1_900_000_000, metadata: { a: "b" } });
    expect(res.body).toMatchObject({ name: "Renamed", max_redemptions: 0, expiration_date: 1_900_000_000, value: 5 });
    await api.post("/tax_rates", { id: "t", name: "T", value: 7 });
    expect((await api.patch("/tax_rates/t", { name: "Sales tax" })).body).toMatchObject({ name: "Sales tax", value: 7 });
    expect((await api.delete("/coupons/c")).status).toBe(204);
    expect((await api.delete("/tax_rates/t")).status).toBe(204);
  });
});
