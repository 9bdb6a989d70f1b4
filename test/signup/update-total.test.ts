import { describe, expect, it } from "vitest";
import { useStripe } from "../helpers/stripe-fake";
import { form, newCustomersOf, signupTenant, submissionsOf } from "./support";

/** The value the page shows in the input called `name` (attribute order as TextField writes it). */
const shownValue = (html: string, name: string) => new RegExp(`name="${name}" type="[a-z]+" value="([^"]*)"`).exec(html)?.[1];

describe("The no-JavaScript 'Update total' round trip (issue 16.2)", () => {
  it("shows the new total and every field as typed, the test card included, and creates nothing", async () => {
    const w = await signupTenant({ shipping_address: true });
    const typed = form({
      plan: "pro",
      quantity: "2",
      addons: "seat",
      coupon: "welcome",
      phone: "+1 555 0100",
      address2: "Floor 3",
      state: "IL",
      shipping_address1: "7 Dock Rd",
      shipping_city: "Portsmouth",
      shipping_postal_code: "PO1 1AA",
      shipping_country: "GB",
    });
    const res = await w.portal.post(`/pages/${w.page.id}`, { ...typed, form_token: "t".repeat(24), action: "total" });
    expect(res.status).toBe(200);
    // (2 x 60 + 5) = 125, 10 % off = 112.50, + 20 % VAT = 135.00
    expect(res.html).toContain("$135.00");
    // the test card comes back: the visitor does not type it again
    expect(shownValue(res.html, "card_number")).toBe("4242 4242 4242 4242");
    expect(shownValue(res.html, "card_expiry")).toBe("12/35");
    expect(shownValue(res.html, "card_cvc")).toBe("123");
    expect(shownValue(res.html, "card_name")).toBe("Grace Hopper");
    for (const k of ["quantity", "coupon", "name", "email", "phone", "address1", "address2", "city", "state", "postal_code"])
      expect(shownValue(res.html, k), k).toBe(typed[k]);
    for (const k of ["shipping_address1", "shipping_city", "shipping_postal_code"]) expect(shownValue(res.html, k), k).toBe(typed[k]);
    expect(res.html).toMatch(/name="shipping_country"[^>]*>[\s\S]*?<option value="GB" selected/);
    expect(res.html).toMatch(/name="country"[^>]*>[\s\S]*?<option value="US" selected/);
    expect(res.html).toMatch(/id="plan-pro" name="plan" value="pro" checked/);
    expect(res.html).toMatch(/id="addon-seat" name="addons" value="seat" checked/);
    expect(res.html).toMatch(/name="terms" type="checkbox" value="1" checked/);
    expect(res.html).toContain('value="tttttttttttttttttttttttt"');
    expect(await newCustomersOf(w)).toHaveLength(1);
    expect(await submissionsOf(w, w.page.id)).toEqual([]);
  });

  it("after a refused submit the card number and security code still come back empty", async () => {
    const w = await signupTenant();
    const res = await w.portal.post(`/pages/${w.page.id}`, { ...form({ terms: "" }), form_token: "u".repeat(24) });
    expect(res.status).toBe(422);
    expect(shownValue(res.html, "card_number")).toBe("");
    expect(shownValue(res.html, "card_cvc")).toBe("");
  });

  it("a Stripe tenant's page has no card field, so no card number is ever echoed", async () => {
    const w = await signupTenant();
    await useStripe(w.t);
    const res = await w.portal.post(`/pages/${w.page.id}`, { ...form(), form_token: "v".repeat(24), action: "total" });
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("card_number");
    expect(res.html).not.toContain("4242");
    expect(shownValue(res.html, "name")).toBe("Grace Hopper");
  });
});
