import { describe, expect, it } from "vitest";
import { apiTenant } from "./support";

type Case = [what: string, path: string, body: Record<string, unknown>, param: string, message: RegExp];

const cases: Case[] = [
  ["id is required", "/items", { name: "A" }, "id", /id is required/],
  ["id characters", "/items", { id: "has space", name: "A" }, "id", /letters, digits/],
  ["name is required", "/items", { id: "a" }, "name", /name is required/],
  ["unknown field", "/items", { id: "a", name: "A", gl_account: "4000" }, "gl_account", /Unknown field/],
  ["read-only object", "/items", { id: "a", name: "A", object: "item" }, "object", /cannot be set/],
  ["USD has two decimals", "/items", { id: "a", name: "A", unit_cost: 1.005 }, "unit_cost", /more than 2 decimal places for USD/],
  ["JPY has none", "/items", { id: "a", name: "A", currency: "jpy", unit_cost: 1.5 }, "unit_cost", /more than 0 decimal places for JPY/],
  ["unit cost is a number", "/items", { id: "a", name: "A", unit_cost: "ten" }, "unit_cost", /decimal number/],
  ["plan interval", "/plans", { id: "p", name: "P", amount: 1, interval: "fortnight" }, "interval", /day|week|month|year/],
  ["plan amount", "/plans", { id: "p", name: "P", interval: "month" }, "amount", /amount is required/],
  ["plan negative amount", "/plans", { id: "p", name: "P", interval: "month", amount: -1 }, "amount", /negative/],
  [
    "per-unit plan with tiers",
    "/plans",
    { id: "p", name: "P", interval: "month", amount: 1, tiers: [{ max_qty: null, unit_cost: 1 }] },
    "tiers",
    /only for pricing_mode/,
  ],
  ["tiered plan without tiers", "/plans", { id: "p", name: "P", interval: "month", pricing_mode: "tiered" }, "tiers", /required/],
  [
    "tiers must ascend",
    "/plans",
    {
      id: "p",
      name: "P",
      interval: "month",
      pricing_mode: "tiered",
      tiers: [
        { max_qty: 10, unit_cost: 1 },
        { max_qty: 5, unit_cost: 1 },
        { max_qty: null, unit_cost: 1 },
      ],
    },
    "tiers[1].max_qty",
    /greater than the previous/,
  ],
  [
    "last tier is open-ended",
    "/plans",
    { id: "p", name: "P", interval: "month", pricing_mode: "tiered", tiers: [{ max_qty: 10, unit_cost: 1 }] },
    "tiers[0].max_qty",
    /must be null/,
  ],
  [
    "min_qty follows the previous tier",
    "/plans",
    {
      id: "p",
      name: "P",
      interval: "month",
      pricing_mode: "tiered",
      tiers: [
        { max_qty: 10, unit_cost: 1 },
        { min_qty: 12, max_qty: null, unit_cost: 1 },
      ],
    },
    "tiers[1].min_qty",
    /must be 11/,
  ],
  ["plan's catalogue item must exist", "/plans", { id: "p", name: "P", interval: "month", amount: 1, catalog_item: "ghost" }, "catalog_item", /No such item/],
  ["coupon percent above 100", "/coupons", { id: "c", name: "C", value: 101 }, "value", /at most 100/],
  ["coupon zero", "/coupons", { id: "c", name: "C", value: 0 }, "value", /greater than 0/],
  ["percent has two decimals", "/coupons", { id: "c", name: "C", value: 12.345 }, "value", /more than 2 decimal places/],
  ["repeating needs months", "/coupons", { id: "c", name: "C", value: 5, duration: "repeating" }, "duration_in_months", /required/],
  ["months only when repeating", "/coupons", { id: "c", name: "C", value: 5, duration_in_months: 3 }, "duration_in_months", /only for duration repeating/],
  ["fixed coupon in JPY", "/coupons", { id: "c", name: "C", value: 0.5, is_percent: false, currency: "jpy" }, "value", /more than 0 decimal places for JPY/],
  ["tax rate value required", "/tax_rates", { id: "t", name: "T" }, "value", /value is required/],
  ["tax percent with three decimals", "/tax_rates", { id: "t", name: "T", value: "8.875" }, "value", /more than 2 decimal places/],
  ["negative tax", "/tax_rates", { id: "t", name: "T", value: -1 }, "value", /at least 0/],
];

describe("catalogue: validation errors name the field and store nothing", () => {
  for (const [what, path, body, param, message] of cases) {
    it(`${path}: 400 for ${what}`, async () => {
      const { api } = await apiTenant();
      const res = await api.post(path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      expect(res.body.message).toMatch(message);
      expect((await api.get(path)).headers.get("X-Total-Count")).toBe("0");
    });
  }

  it("400 for an id already used in the tenant", async () => {
    const { api } = await apiTenant();
    await api.post("/coupons", { id: "spring", name: "Spring", value: 10 });
    const res = await api.post("/coupons", { id: "spring", name: "Again", value: 20 });
    expect(res).toMatchObject({ status: 400, body: { param: "id", message: "A coupon with id spring already exists" } });
    expect((await api.get("/coupons/spring")).body.value).toBe(10);
  });
});

describe("catalogue: what an object is worth is fixed after creation", () => {
  const fixed: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ["/plans", { id: "p", name: "P", interval: "month", amount: 10 }, { amount: 12 }, "amount"],
    ["/plans", { id: "p", name: "P", interval: "month", amount: 10 }, { interval: "year" }, "interval"],
    ["/coupons", { id: "c", name: "C", value: 10 }, { value: 20 }, "value"],
    ["/coupons", { id: "c", name: "C", value: 10 }, { is_percent: false }, "is_percent"],
    ["/tax_rates", { id: "t", name: "T", value: 10 }, { inclusive: true }, "inclusive"],
    ["/items", { id: "i", name: "I" }, { id: "j" }, "id"],
  ];
  for (const [path, create, patch, param] of fixed) {
    it(`${path}: PATCH ${param} is a 400 that says why`, async () => {
      const { api } = await apiTenant();
      const before = (await api.post(path, create)).body;
      const res = await api.patch(`${path}/${before.id}`, patch);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ param });
      expect(res.body.message).toMatch(/cannot (change|be set)/);
      expect((await api.get(`${path}/${before.id}`)).body).toEqual(before);
    });
  }

  it("an item's new currency needs its unit cost", async () => {
    const { api } = await apiTenant();
    await api.post("/items", { id: "i", name: "I", unit_cost: 10 });
    const res = await api.patch("/items/i", { currency: "eur" });
    expect(res).toMatchObject({ status: 400, body: { param: "unit_cost" } });
  });

  it("unknown ids are 404", async () => {
    const { api } = await apiTenant();
    for (const path of ["/items/nope", "/plans/nope", "/coupons/nope", "/tax_rates/nope", "/items/bad%20id"]) {
      expect((await api.get(path)).status, path).toBe(404);
      expect((await api.patch(path, { name: "x" })).status, path).toBe(404);
      expect((await api.delete(path)).status, path).toBe(404);
    }
  });
});
