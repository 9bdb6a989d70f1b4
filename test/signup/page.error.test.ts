import { describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { makeTenant } from "../helpers/tenants";
import { form, invoicesOf, newCustomersOf, signupTenant, sourcesOf, submissionsOf, submit, subscriptionsOf } from "./support";

/** Nothing of a refused sign-up is stored: the fixture's one customer, no method, no subscription, no claim. */
async function nothingCreated(w: Awaited<ReturnType<typeof signupTenant>>) {
  expect(await newCustomersOf(w)).toHaveLength(1);
  expect(await subscriptionsOf(w)).toEqual([]);
  expect(await invoicesOf(w)).toEqual([]);
  expect(await sourcesOf(w)).toEqual([]);
  expect(await submissionsOf(w, w.page.id)).toEqual([]);
}

describe("A sign-up page refuses bad input with a message on the field and creates nothing", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["an unknown plan id", { plan: "enterprise" }, "signup-plan-error", "Choose one of the plans"],
    ["quantity 0", { quantity: "0" }, "signup-quantity-error", "whole number from 1"],
    ["quantity 10^9", { quantity: "1000000000" }, "signup-quantity-error", "whole number from 1"],
    ["an expired coupon", { coupon: "old" }, "signup-coupon-error", "cannot be used"],
    ["a coupon in another currency", { coupon: "euro" }, "signup-coupon-error", "cannot be used"],
    ["another tenant's coupon", { coupon: "foreign" }, "signup-coupon-error", "cannot be used"],
    ["a missing street address", { address1: "" }, "signup-address1-error", "street address"],
    ["a missing postal code", { postal_code: "" }, "signup-postal_code-error", "postal code"],
    ["terms unticked", { terms: "" }, "signup-terms-error", "accept the terms"],
    ["a malformed email", { email: "not-an-email" }, "signup-email-error", "email address"],
    ["a card that is not a test card", { card_number: "4111 1111 1111 1112" }, "signup-card_number-error", ""],
  ];
  for (const [what, bad, errorId, message] of cases) {
    it(what, async () => {
      const w = await signupTenant();
      if (bad.coupon === "foreign") {
        const other = await makeTenant();
        await apiClient(other.apiKey).post("/coupons", { id: "foreign", name: "Theirs", value: 50, is_percent: true });
      }
      const { res } = await submit(w, form(bad));
      expect(res.status).toBe(422);
      expect(res.html).toContain(`id="${errorId}"`);
      if (message) expect(res.html).toContain(message);
      expect(res.html).toContain('class="error-summary"');
      // what was typed comes back, the card number does not
      expect(res.html).toContain('value="Grace Hopper"');
      expect(res.html).toMatch(/name="card_number" type="text" value=""/);
      await nothingCreated(w);
    });
  }

  it("a declined card shows the error and leaves nothing: no customer, method, subscription, invoice or claim", async () => {
    const w = await signupTenant();
    const { res, token } = await submit(w, form({ card_number: "4000 0000 0000 0002" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("Your card was declined.");
    await nothingCreated(w);
    // the same form, corrected, then goes through
    const again = await w.portal.post(`/pages/${w.page.id}`, { ...form(), form_token: token });
    expect(again.status).toBe(303);
    expect(await newCustomersOf(w)).toHaveLength(2);
  });

  it("the honeypot filled in: refused, nothing created", async () => {
    const w = await signupTenant();
    const { res } = await submit(w, form({ website: "http://spam.example" }));
    expect(res.status).toBe(422);
    await nothingCreated(w);
  });

  it("more than 30 posts an hour from one IP are refused (429) before anything is checked", async () => {
    const w = await signupTenant();
    const headers = { "CF-Connecting-IP": "203.0.113.9" };
    await w.portal.get(`/pages/${w.page.id}`);
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await w.portal.post(`/pages/${w.page.id}`, form({ terms: "" }), { headers })).status;
    expect(last).toBe(429);
    // another IP still gets through to the checks
    expect((await w.portal.post(`/pages/${w.page.id}`, form({ terms: "" }), { headers: { "CF-Connecting-IP": "203.0.113.10" } })).status).toBe(422);
  });

  it("an unknown page, a foreign page and a malformed id are 404s", async () => {
    const w = await signupTenant();
    const other = await signupTenant();
    expect((await w.portal.get(`/pages/${other.page.id}`)).status).toBe(404);
    expect((await w.portal.get("/pages/999999999")).status).toBe(404);
    expect((await w.portal.get("/pages/abc")).status).toBe(404);
    expect((await w.portal.post(`/pages/${other.page.id}`, form())).status).toBe(404);
  });
});
