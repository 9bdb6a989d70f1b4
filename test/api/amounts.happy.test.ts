import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogItems, payments } from "../../src/db/schema";
import { fromMinor } from "../../src/lib/money";
import { makeCustomer } from "../helpers/fixtures";
import { apiTenant } from "./support";

/** [currency, wire value as sent, minor units stored, wire value sent back] */
const EXACT: [string, number | string, number, number][] = [
  ["usd", 0.29, 29, 0.29], // 0.29 * 100 is 28.999999999999996 in floating point
  ["usd", 19.99, 1999, 19.99],
  ["usd", "0.10", 10, 0.1],
  ["usd", 10, 1000, 10],
  ["usd", 1234567.89, 123456789, 1234567.89],
  ["usd", "9007199254740.99", 900719925474099, 9007199254740.99],
  ["eur", 0.07, 7, 0.07],
  ["eur", 1.1, 110, 1.1],
  ["eur", "4.35", 435, 4.35],
  ["jpy", 1500, 1500, 1500],
  ["jpy", "1", 1, 1],
  ["jpy", 123456789, 123456789, 123456789],
  ["jpy", "1500.00", 1500, 1500], // trailing zeros are not decimals
];

describe("amounts: exact conversion between wire decimals and minor units (S35)", () => {
  for (const [currency, sent, minor, back] of EXACT) {
    it(`${currency.toUpperCase()} ${sent} -> ${minor} -> ${back}`, async () => {
      const { t, api } = await apiTenant();
      const c = await makeCustomer(t.scope, { currency });
      const p = await api.post("/payments", { customer: c.id, amount: sent });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      expect(p.body.amount).toBe(back);
      expect((await t.scope.select(payments, eq(payments.id, p.body.id)).get())!.amount).toBe(minor);

      const item = await api.post("/items", { id: "x", name: "X", currency, unit_cost: sent });
      expect(item.body.unit_cost).toBe(back);
      expect((await t.scope.select(catalogItems, eq(catalogItems.id, "x")).get())!.unitCost).toBe(minor);
    });
  }

  it("property: any amount in minor units survives the wire and back, in USD, EUR and JPY", async () => {
    const { t, api } = await apiTenant();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("usd", "eur", "jpy"), fc.integer({ min: 0, max: 10_000_000_000 }), fc.boolean(), async (currency, minor, asString) => {
        const wire = fromMinor(minor, currency);
        const id = `p${n++}`;
        const res = await api.post("/items", { id, name: id, currency, unit_cost: asString ? String(wire) : wire });
        expect(res.status).toBe(201);
        expect(res.body.unit_cost).toBe(wire);
        expect((await t.scope.select(catalogItems, eq(catalogItems.id, id)).get())!.unitCost).toBe(minor);
      }),
      { numRuns: 60 },
    );
  });

  it("applications are converted with the payment's currency", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope, { currency: "jpy" });
    const res = await api.post("/payments", { customer: c.id, amount: 1000, applied_to: [{ type: "credit", amount: 999 }] });
    expect(res.body).toMatchObject({ currency: "jpy", amount: 1000, balance: 1, applied_to: [{ type: "credit", amount: 999 }] });
  });
});
