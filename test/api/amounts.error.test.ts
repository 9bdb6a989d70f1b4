import { describe, expect, it } from "vitest";
import { makeCustomer } from "../helpers/fixtures";
import { apiTenant } from "./support";

/** Too many decimals is a 400 naming the field, never a rounding (S35). */
const REFUSED: [string, number | string, RegExp][] = [
  ["usd", 0.001, /more than 2 decimal places for USD/],
  ["usd", "10.005", /more than 2 decimal places for USD/],
  ["eur", 1.234, /more than 2 decimal places for EUR/],
  ["jpy", 1.5, /more than 0 decimal places for JPY/],
  ["jpy", "0.1", /more than 0 decimal places for JPY/],
  ["usd", "1e3", /decimal number/],
  ["usd", "12,50", /decimal number/],
  ["usd", "", /decimal number/],
  ["usd", "99999999999999999999", /too large/],
];

describe("amounts: inexact values are refused", () => {
  for (const [currency, value, message] of REFUSED) {
    it(`${currency.toUpperCase()} ${JSON.stringify(value)}`, async () => {
      const { t, api } = await apiTenant();
      const c = await makeCustomer(t.scope, { currency });
      const res = await api.post("/payments", { customer: c.id, amount: value });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param: "amount" });
      expect(res.body.message).toMatch(message);
      expect((await api.get("/payments")).body).toEqual([]);
    });
  }

  it("a JSON value that is neither a number nor a string is refused", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    for (const amount of [true, null, [1], { value: 1 }]) {
      const res = await api.post("/payments", { customer: c.id, amount });
      expect(res.status).toBe(400);
      expect(res.body.param).toBe("amount");
    }
  });
});
