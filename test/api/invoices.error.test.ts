import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, taxRates } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { applyPayment } from "../../src/services/pay/apply-payment";
import { API_ORIGIN } from "../helpers/api";
import { apiWorld, invoiceBody, seedCatalog } from "./invoices.helpers";

const pay = (t: Awaited<ReturnType<typeof apiWorld>>["t"], customerId: number, invoiceId: number, amount: number, currency = "usd") =>
  applyPayment(
    t.scope,
    { customerId, currency, amount, applications: [{ type: "invoice", invoiceId, amount }] },
    nowSeconds(),
    { actor: "api" },
    "https://portal.test",
  );

describe("merchant API: invoices, validation errors name the field (S29)", () => {
  const cases: [string, (customer: number) => unknown, string, RegExp][] = [
    ["no customer", () => ({ items: [] }), "customer", /customer is required/],
    ["an unknown field", (c) => ({ customer: c, colour: "red" }), "colour", /Unknown field: colour/],
    ["an unknown line field", (c) => ({ customer: c, items: [{ name: "x", unit_cost: 1, price: 2 }] }), "items[0].price", /Unknown field/],
    ["a customer that does not exist", () => ({ customer: 999_999 }), "customer", /No such customer/],
    [
      "too many decimals for USD",
      (c) => invoiceBody(c, { items: [{ name: "x", unit_cost: 1.234 }] }),
      "items[0].unit_cost",
      /more than 2 decimal places for USD/,
    ],
    [
      "any decimals for JPY",
      (c) => invoiceBody(c, { currency: "jpy", items: [{ name: "x", unit_cost: 1.5 }] }),
      "items[0].unit_cost",
      /more than 0 decimal places for JPY/,
    ],
    ["a quantity with 5 decimals", (c) => invoiceBody(c, { items: [{ name: "x", unit_cost: 1, quantity: 1.00001 }] }), "items[0].quantity", /decimal places/],
    ["a negative quantity", (c) => invoiceBody(c, { items: [{ name: "x", unit_cost: 1, quantity: -1 }] }), "items[0].quantity", /negative/],
    ["a line without name or item", (c) => ({ customer: c, items: [{ unit_cost: 1 }] }), "items[0].name", /name is required/],
    ["a line without price or item", (c) => ({ customer: c, items: [{ name: "x" }] }), "items[0].unit_cost", /unit_cost is required/],
    ["an unknown catalog item", (c) => ({ customer: c, items: [{ catalog_item: "nope" }] }), "items[0].catalog_item", /No such catalog item/],
    ["an unknown coupon", (c) => invoiceBody(c, { discounts: [{ coupon: "nope" }] }), "discounts[0].coupon", /No such coupon/],
    [
      "an unknown tax rate on a line",
      (c) => invoiceBody(c, { items: [{ name: "x", unit_cost: 1, taxes: [{ tax_rate: "nope" }] }] }),
      "items[0].taxes[0].tax_rate",
      /No such tax rate/,
    ],
    ["a percentage over 100", (c) => invoiceBody(c, { discounts: [{ value: 150 }] }), "discounts[0].value", /from 0 to 100/],
    ["an empty discount", (c) => invoiceBody(c, { discounts: [{ name: "x" }] }), "discounts[0]", /needs a coupon, a value or an amount/],
    [
      "a fixed coupon of another currency",
      (c) => invoiceBody(c, { currency: "eur", discounts: [{ coupon: "spring25" }] }),
      "discounts[0].coupon",
      /fixed amount in USD, not EUR/,
    ],
    ["an unknown currency", (c) => invoiceBody(c, { currency: "xyz" }), "currency", /ISO 4217/],
    ["a negative total", (c) => invoiceBody(c, { items: [{ name: "x", unit_cost: -5 }] }), "items", /must not be negative/],
    ["a string where a number belongs", (c) => ({ customer: String(c) }), "customer", /customer/],
    ["metadata that is not text", (c) => invoiceBody(c, { metadata: { n: 1 } }), "metadata.n", /metadata/],
  ];
  for (const [what, body, param, message] of cases) {
    it(`400 for ${what}, param ${param}`, async () => {
      const { t, api, cust } = await apiWorld();
      await seedCatalog(t);
      const res = await api.post("/invoices", body(cust.id));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      expect(res.body.message).toMatch(message);
      expect(await t.scope.select(invoices).all()).toEqual([]);
    });
  }

  it("an inclusive tax rate is refused rather than silently treated as exclusive", async () => {
    const { t, api, cust } = await apiWorld();
    await t.scope.insert(taxRates, { id: "incl", name: "Incl", value: 2000, isPercent: true, inclusive: true, createdAt: 1, updatedAt: 1 });
    const res = await api.post("/invoices", invoiceBody(cust.id, { taxes: [{ tax_rate: "incl" }] }));
    expect(res).toMatchObject({ status: 400, body: { param: "taxes[0].tax_rate" } });
    expect(res.body.message).toMatch(/inclusive/);
  });

  it("malformed JSON is a 400 and a form post a 415, never a 500", async () => {
    const { t, cust } = await apiWorld();
    const auth = { Authorization: `Basic ${btoa(`${t.apiKey}:`)}` };
    const bad = await exports.default.fetch(`${API_ORIGIN}/invoices`, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: "{" });
    expect(bad.status).toBe(400);
    const form = await exports.default.fetch(`${API_ORIGIN}/invoices`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
      body: `customer=${cust.id}`,
    });
    expect(form.status).toBe(415);
  });

  it("list parameters are checked", async () => {
    const { api } = await apiWorld();
    for (const [query, param] of [
      ["per_page=101", "per_page"],
      ["page=0", "page"],
      ["filter[status]=lost", "filter[status]"],
      ["filter[colour]=red", "filter[colour]"],
      ["sort=colour", "sort"],
      ["start_date=yesterday", "start_date"],
      ["customer_id=1", "customer_id"],
    ]) {
      const res = await api.get(`/invoices?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.param).toBe(param);
    }
  });

  it("an unknown or malformed id is a 404", async () => {
    const { api } = await apiWorld();
    expect((await api.get("/invoices/999999")).status).toBe(404);
    expect((await api.get("/invoices/abc")).status).toBe(404);
    expect((await api.patch("/invoices/999999", { notes: "x" })).status).toBe(404);
    expect((await api.post("/invoices/999999/void")).status).toBe(404);
  });
});

describe("merchant API: invoices, state rules", () => {
  it("a number already used is a 409 naming number", async () => {
    const { api, cust } = await apiWorld();
    await api.post("/invoices", invoiceBody(cust.id, { number: "INV-9" }));
    const res = await api.post("/invoices", invoiceBody(cust.id, { number: "INV-9" }));
    expect(res).toMatchObject({ status: 409, body: { param: "number" } });
    const other = await api.post("/invoices", invoiceBody(cust.id, { number: "INV-10" }));
    expect((await api.patch(`/invoices/${other.body.id}`, { number: "INV-9" })).status).toBe(409);
  });

  it("customer and currency cannot change; an issued invoice cannot become a draft", async () => {
    const { t, api, cust } = await apiWorld();
    const { makeCustomer } = await import("../helpers/fixtures");
    const other = await makeCustomer(t.scope);
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    expect((await api.patch(`/invoices/${inv.body.id}`, { customer: other.id })).body.param).toBe("customer");
    expect((await api.patch(`/invoices/${inv.body.id}`, { currency: "eur" })).body.param).toBe("currency");
    expect((await api.patch(`/invoices/${inv.body.id}`, { currency: "USD", notes: "same currency is fine" })).status).toBe(200);
    const back = await api.patch(`/invoices/${inv.body.id}`, { draft: true });
    expect(back).toMatchObject({ status: 409, body: { param: "draft" } });
  });

  it("with payments: lines may change while the total stays at or above what is paid; below is a 409", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id, { items: [{ name: "x", unit_cost: 100 }] }));
    await pay(t, cust.id, inv.body.id, 6000);
    const below = await api.patch(`/invoices/${inv.body.id}`, { items: [{ name: "x", unit_cost: 50 }] });
    expect(below.status).toBe(409);
    expect(below.body.message).toMatch(/below the \$60\.00 already paid/);
    expect((await api.get(`/invoices/${inv.body.id}`)).body).toMatchObject({ total: 100, balance: 40 });
    const up = await api.patch(`/invoices/${inv.body.id}`, { items: [{ name: "x", unit_cost: 150 }] });
    expect(up.body).toMatchObject({ total: 150, balance: 90, amount_paid: 60, status: "not_sent" });
    const exact = await api.patch(`/invoices/${inv.body.id}`, { items: [{ name: "x", unit_cost: 60 }] });
    expect(exact.body).toMatchObject({ total: 60, balance: 0, paid: true, status: "paid", closed: true });
  });

  it("void and delete are refused (409) once a payment is applied", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    await pay(t, cust.id, inv.body.id, 100);
    const v = await api.post(`/invoices/${inv.body.id}/void`);
    expect(v.status).toBe(409);
    expect(v.body.message).toMatch(/\$1\.00 of payments applied/);
    expect((await api.delete(`/invoices/${inv.body.id}`)).status).toBe(409);
    expect((await api.get(`/invoices/${inv.body.id}`)).body.status).not.toBe("voided");
  });

  it("a payment in progress (S37 lock) blocks changing amounts and voiding, not notes", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    await t.scope.update(invoices, { paymentLock: "attempt-1", paymentLockAt: nowSeconds() }, eq(invoices.id, inv.body.id));
    expect((await api.patch(`/invoices/${inv.body.id}`, { items: [{ name: "x", unit_cost: 1 }] })).status).toBe(409);
    expect((await api.post(`/invoices/${inv.body.id}/void`)).status).toBe(409);
    expect((await api.patch(`/invoices/${inv.body.id}`, { notes: "ok" })).status).toBe(200);
  });

  it("a voided invoice cannot be changed (only its metadata) or sent", async () => {
    const { api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    await api.post(`/invoices/${inv.body.id}/void`);
    expect((await api.patch(`/invoices/${inv.body.id}`, { notes: "x" })).status).toBe(409);
    expect((await api.post(`/invoices/${inv.body.id}/send`)).status).toBe(409);
    expect((await api.patch(`/invoices/${inv.body.id}`, { metadata: { a: "b" } })).status).toBe(200);
    expect((await api.post(`/invoices/${inv.body.id}/void`)).body.status).toBe("voided");
  });

  it("POST actions refuse a body with fields", async () => {
    const { api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    expect((await api.post(`/invoices/${inv.body.id}/send`, { email: "x@example.com" })).body).toMatchObject({ param: "email" });
  });
});
