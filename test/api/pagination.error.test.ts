import { describe, expect, it } from "vitest";
import { apiTenant } from "./support";

// Found by the S29 fuzz (test/security/fuzz-api.security.test.ts): list query
// names were looked up on plain objects, so `?__proto__=` reached
// Object.prototype and answered 500. Every name of Object.prototype is now an
// unknown parameter, filter or sort field: a 400 naming it.
const LISTS = ["/customers", "/invoices", "/estimates", "/payments", "/items", "/plans", "/coupons", "/tax_rates"];
const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

describe("list queries named like Object.prototype's members", () => {
  it("are a 400 naming the parameter on every list, never a 500", async () => {
    const { api } = await apiTenant();
    for (const list of LISTS) {
      for (const name of NAMES) {
        for (const query of [`${name}=1`, `filter[${name}]=1`, `sort=${name}`]) {
          const res = await api.get(`${list}?${query}`);
          expect(res.status, `${list}?${query}`).toBe(400);
          expect(res.body, `${list}?${query}`).toMatchObject({ type: "invalid_request_error" });
        }
      }
    }
  });
});
