import { describe, expect, it } from "vitest";
import { form, invoicesOf, newCustomersOf, signupTenant, sourcesOf, submissionsOf, submit, subscriptionsOf } from "./support";

const shipping = (extra: Record<string, string> = {}) => ({
  shipping_address1: "7 Dock Rd",
  shipping_address2: "Unit 4",
  shipping_city: "Portsmouth",
  shipping_state: "",
  shipping_postal_code: "PO1 1AA",
  shipping_country: "GB",
  ...extra,
});

describe("A sign-up page's shipping address (issue 16, shipping_address)", () => {
  it("is asked with a 'same as billing' box, ticked at first; ticked, the billing address becomes the subscription's ship_to", async () => {
    const w = await signupTenant({ shipping_address: true });
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.html).toContain("Shipping address");
    expect(page.html).toMatch(/<input id="signup-shipping_same" name="shipping_same" type="checkbox" value="1" checked/);
    expect(page.html).toContain('name="shipping_address1"');
    const { res } = await submit(w, form({ shipping_same: "1", address2: "Floor 2" }));
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    const [customer] = await newCustomersOf(w);
    const [sub] = (await subscriptionsOf(w)).filter((s) => s.customerId === customer!.id);
    const expected = {
      name: "Grace Hopper",
      attention_to: null,
      address1: "1 Main St",
      address2: "Floor 2",
      city: "Springfield",
      state: null,
      postal_code: "12345",
      country: "US",
    };
    expect(sub!.shipTo).toEqual(expected);
    // the merchant reads it where Invoiced's client does: the subscription's ship_to
    expect((await w.api.get(`/subscriptions/${sub!.id}`)).body.ship_to).toEqual(expected);
  });

  it("unticked, the shipping fields are stored as typed", async () => {
    const w = await signupTenant({ shipping_address: true });
    const { res } = await submit(w, form(shipping()));
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    const [customer] = await newCustomersOf(w);
    const [sub] = (await subscriptionsOf(w)).filter((s) => s.customerId === customer!.id);
    expect(sub!.shipTo).toMatchObject({ address1: "7 Dock Rd", address2: "Unit 4", city: "Portsmouth", postal_code: "PO1 1AA", country: "GB", state: null });
    // the customer keeps its billing address
    expect(customer).toMatchObject({ address1: "1 Main St", city: "Springfield", country: "US" });
  });

  const missing: [string, Record<string, string>, string][] = [
    ["street", { shipping_address1: "" }, "signup-shipping_address1-error"],
    ["city", { shipping_city: "" }, "signup-shipping_city-error"],
    ["postal code", { shipping_postal_code: "" }, "signup-shipping_postal_code-error"],
    ["country", { shipping_country: "XX" }, "signup-shipping_country-error"],
    ["a too long line", { shipping_address2: "x".repeat(300) }, "signup-shipping_address2-error"],
  ];
  for (const [what, bad, errorId] of missing) {
    it(`unticked, a missing or bad ${what} is refused on its field and nothing is created`, async () => {
      const w = await signupTenant({ shipping_address: true });
      const { res } = await submit(w, form(shipping(bad)));
      expect(res.status).toBe(422);
      expect(res.html).toContain(`id="${errorId}"`);
      // what was typed comes back, the box still unticked
      expect(res.html).toContain(bad.shipping_address1 === "" ? 'value="Portsmouth"' : 'value="7 Dock Rd"');
      expect(res.html).not.toMatch(/name="shipping_same" type="checkbox" value="1" checked/);
      expect(await newCustomersOf(w)).toHaveLength(1);
      expect(await subscriptionsOf(w)).toEqual([]);
      expect(await invoicesOf(w)).toEqual([]);
      expect(await sourcesOf(w)).toEqual([]);
      expect(await submissionsOf(w, w.page.id)).toEqual([]);
    });
  }

  it("a page without a billing address has no 'same as' box: the shipping address is required", async () => {
    const w = await signupTenant({ shipping_address: true, billing_address: false });
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.html).not.toContain('name="shipping_same"');
    expect(page.html).not.toContain('name="address1"');
    const refused = await submit(w, form({ shipping_same: "1" }));
    expect(refused.res.status).toBe(422);
    expect(refused.res.html).toContain('id="signup-shipping_address1-error"');
    const { res } = await submit(w, form(shipping()));
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    const subs = await subscriptionsOf(w);
    expect(subs.map((s) => s.shipTo?.city)).toEqual(["Portsmouth"]);
  });

  it("a page that does not ask stores no ship_to, whatever is posted", async () => {
    const w = await signupTenant();
    const page = await w.portal.get(`/pages/${w.page.id}`);
    expect(page.html).not.toContain("Shipping address");
    const { res } = await submit(w, form(shipping()));
    expect(res.status).toBe(303);
    const [sub] = await subscriptionsOf(w);
    expect(sub!.shipTo).toBeNull();
    expect((await w.api.get(`/subscriptions/${sub!.id}`)).body.ship_to).toBeNull();
  });
});
