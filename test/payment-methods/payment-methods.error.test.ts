import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makePaymentSource } from "../helpers/fixtures";
import { customerRow, eventsOf, liveSources, signedIn, testBank, testCard, unescapeHtml } from "./helpers";

/** A customer with one saved card as the default, on AutoPay or not. */
async function withDefaultCard(settings: Parameters<typeof signedIn>[0] = {}, autopay = false) {
  const s = await signedIn(settings, { autopay });
  const card = await makePaymentSource(s.t.scope, s.cust.id);
  await s.t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${card.id} WHERE id = ${s.cust.id}`);
  await s.portal.get("/payment-methods");
  return { ...s, card };
}

const inputValue = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe("payment methods: invalid card input", () => {
  it("a mistyped card number gets a clear message; name and expiry are kept, number and CVC are not sent back", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const res = await portal.post("/payment-methods", testCard({ number: "4242 4242 4242 4241", name: "Ada Q. Lovelace", expiry: "11/38", cvc: "987" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("This card number is not valid. Check it for typing mistakes.");
    expect(inputValue(res.html, "card-name")).toBe("Ada Q. Lovelace");
    expect(inputValue(res.html, "card-expiry")).toBe("11/38");
    expect(inputValue(res.html, "card-number")).toBe("");
    expect(inputValue(res.html, "card-cvc")).toBe("");
    expect(res.html).not.toMatch(/4242 ?4242 ?4242 ?4241/);
    expect(res.html).not.toContain("987");
    expect(res.html).toContain("For your security, enter the security code again.");
    // the message is tied to the field and listed in the summary with a link to it
    expect(res.html).toMatch(/id="card-number"[^>]*aria-invalid="true"/);
    expect(res.html).toMatch(/id="card-number"[^>]*aria-describedby="[^"]*card-number-error/);
    expect(res.html).toContain('href="#card-number"');
    expect(await liveSources(t, cust.id)).toEqual([]);
    expect(await eventsOf(t, "payment_source.created")).toEqual([]);
  });

  it("a real (non-test) card number is refused in test mode with the test number to use", async () => {
    const { portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const res = await portal.post("/payment-methods", testCard({ number: "4111 1111 1111 1111" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("This is test mode: use a test card such as 4242 4242 4242 4242.");
    expect(res.html).not.toMatch(/4111 ?1111 ?1111 ?1111/);
  });

  it("every missing field is named", async () => {
    const { portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const res = await portal.post("/payment-methods", { type: "card", number: "", expiry: "", cvc: "", name: "" });
    expect(res.status).toBe(422);
    for (const m of ["Enter the card number.", "Enter the expiry date (MM/YY).", "Enter the security code (CVC).", "Enter the name on the card."]) {
      expect(res.html).toContain(m);
    }
    expect(res.html).toContain("Please correct these 4:");
  });

  it("an expired card and a malformed date get their own messages", async () => {
    const { portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const expired = await portal.post("/payment-methods", testCard({ expiry: "01/20" }));
    expect(expired.status).toBe(422);
    expect(expired.html).toContain("This card has expired.");
    expect(inputValue(expired.html, "card-expiry")).toBe("01/20");
    const bad = await portal.post("/payment-methods", testCard({ expiry: "13/40" }));
    expect(bad.html).toContain("Enter the expiry date as MM/YY, for example 12/30.");
  });

  it("10 kB in any field is a clear message, never a 500, and the long number is not echoed", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const long = "x".repeat(10_000);
    const name = await portal.post("/payment-methods", testCard({ name: long }));
    expect(name.status).toBe(422);
    expect(name.html).toContain("The name on the card is too long (100 characters at most).");
    expect(unescapeHtml(inputValue(name.html, "card-name") ?? "")).toBe(long);
    const digits = "4".repeat(10_000);
    const number = await portal.post("/payment-methods", testCard({ number: digits, expiry: long, cvc: long }));
    expect(number.status).toBe(422);
    expect(number.html).toContain("This is too long to be valid. Check what you entered.");
    expect(number.html).not.toContain("4".repeat(20));
    expect(await liveSources(t, cust.id)).toEqual([]);
  });

  it("bank account: a wrong routing number is named, the routing number kept and the account number not sent back", async () => {
    const { portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const res = await portal.post("/payment-methods", testBank({ routing_number: "123456789", account_number: "000123456789" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("The routing number must be 9 valid digits.");
    expect(inputValue(res.html, "bank-routing_number")).toBe("123456789");
    expect(inputValue(res.html, "bank-account_number")).toBe("");
    expect(res.html).not.toContain('000123456789"');
    expect(inputValue(res.html, "bank-account_holder_name")).toBe("Ada Lovelace");
  });
});

describe("payment methods: the AutoPay last-method rule", () => {
  it("the only method of a customer on AutoPay cannot be removed; the page says so and nothing changes", async () => {
    const { t, cust, portal, card } = await withDefaultCard({ allowAutopayOptOut: false }, true);
    const page = await portal.get("/payment-methods");
    expect(page.html).toContain("Cannot be removed while AutoPay uses it.");
    expect(page.html).not.toContain(`/payment-methods/${card.publicId}/delete`);
    expect(page.html).toContain("To remove it, add another payment method first.");

    const res = await portal.post(`/payment-methods/${card.publicId}/delete`);
    expect(res.status).toBe(409);
    expect(res.html).toContain("AutoPay charges this method and it is your only one. To remove it, add another payment method first.");
    expect((await liveSources(t, cust.id)).map((s) => s.id)).toEqual([card.id]);
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(card.id);
    expect(await eventsOf(t, "payment_source.deleted")).toEqual([]);
  });

  it("when opt-out is allowed the message says to turn AutoPay off first; after that the card can go", async () => {
    const { t, cust, portal, card } = await withDefaultCard({ allowAutopayOptOut: true }, true);
    const refused = await portal.post(`/payment-methods/${card.publicId}/delete`);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("To remove it, turn AutoPay off first or add another payment method.");
    await portal.post("/payment-methods/autopay", { autopay: "off" });
    const removed = await portal.post(`/payment-methods/${card.publicId}/delete`);
    expect(removed.status).toBe(303);
    expect(await liveSources(t, cust.id)).toEqual([]);
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBeNull();
  });

  it("with a second method, the AutoPay default can be removed and the other becomes the default", async () => {
    const { t, cust, portal, card } = await withDefaultCard({}, true);
    const other = await makePaymentSource(t.scope, cust.id, { brand: "Mastercard", last4: "4444" });
    const res = await portal.post(`/payment-methods/${card.publicId}/delete`);
    expect(res.status).toBe(303);
    expect(await customerRow(t, cust.id)).toMatchObject({ autopay: true, defaultPaymentSourceId: other.id });
  });

  it("two removals at once cannot leave a customer on AutoPay without a method", async () => {
    const { t, cust, portal, card } = await withDefaultCard({}, true);
    const other = await makePaymentSource(t.scope, cust.id, { last4: "4444" });
    const results = await Promise.all([portal.post(`/payment-methods/${card.publicId}/delete`), portal.post(`/payment-methods/${other.publicId}/delete`)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await liveSources(t, cust.id)).toHaveLength(1);
    const row = await customerRow(t, cust.id);
    expect((await liveSources(t, cust.id))[0]!.id).toBe(row.defaultPaymentSourceId);
    expect(await eventsOf(t, "payment_source.deleted")).toHaveLength(1);
  });
});

describe("payment methods: AutoPay settings are enforced on the POST", () => {
  it("opting out is refused when the merchant does not allow it: 403, still on, no event", async () => {
    const { t, cust, portal } = await withDefaultCard({ allowAutopayOptOut: false }, true);
    const page = await portal.get("/payment-methods");
    expect(page.html).not.toContain("Turn off AutoPay");
    expect(page.html).toContain("To turn AutoPay off, please contact");
    const res = await portal.post("/payment-methods/autopay", { autopay: "off" });
    expect(res.status).toBe(403);
    expect(res.html).toContain("Nothing was changed.");
    expect((await customerRow(t, cust.id)).autopay).toBe(true);
    expect(await eventsOf(t, "autopay.canceled")).toEqual([]);
  });

  it("enrolling is refused when the merchant does not offer AutoPay", async () => {
    const { t, cust, portal } = await withDefaultCard({ allowAutopayEnrollment: false });
    const page = await portal.get("/payment-methods");
    expect(page.html).not.toMatch(/turn on AutoPay/i);
    expect(page.html).not.toContain("What AutoPay authorizes");
    const res = await portal.post("/payment-methods/autopay", { autopay: "on" });
    expect(res.status).toBe(403);
    expect((await customerRow(t, cust.id)).autopay).toBe(false);
    expect(await eventsOf(t, "autopay.enrolled")).toEqual([]);
  });

  it("enrolling without a payment method says what to do", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods");
    const res = await portal.post("/payment-methods/autopay", { autopay: "on" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("Add a payment method first: AutoPay charges your default method.");
    expect((await customerRow(t, cust.id)).autopay).toBe(false);
  });

  it("enrolling with an expired default card is refused with a way forward", async () => {
    const { t, cust, portal } = await signedIn();
    const old = await makePaymentSource(t.scope, cust.id, { expMonth: 1, expYear: 2021 });
    await t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${old.id} WHERE id = ${cust.id}`);
    await portal.get("/payment-methods");
    const res = await portal.post("/payment-methods/autopay", { autopay: "on" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("Your default card has expired.");
    expect((await customerRow(t, cust.id)).autopay).toBe(false);
  });

  it("a value other than on/off is a 422 and changes nothing", async () => {
    const { t, cust, portal } = await withDefaultCard();
    const res = await portal.post("/payment-methods/autopay", { autopay: "maybe" });
    expect(res.status).toBe(422);
    expect((await customerRow(t, cust.id)).autopay).toBe(false);
  });

  it("enrolling twice (a double submit) enrols once and records one event", async () => {
    const { t, cust, portal } = await withDefaultCard();
    const [a, b] = await Promise.all([portal.post("/payment-methods/autopay", { autopay: "on" }), portal.post("/payment-methods/autopay", { autopay: "on" })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect((await customerRow(t, cust.id)).autopay).toBe(true);
    expect(await eventsOf(t, "autopay.enrolled")).toHaveLength(1);
  });
});

describe("payment methods: stale ids", () => {
  it("a removed method cannot be made default or removed again (404)", async () => {
    const { t, cust, portal } = await withDefaultCard();
    const other = await makePaymentSource(t.scope, cust.id, { last4: "1881" });
    expect((await portal.post(`/payment-methods/${other.publicId}/delete`)).status).toBe(303);
    expect((await portal.post(`/payment-methods/${other.publicId}/delete`)).status).toBe(404);
    expect((await portal.post(`/payment-methods/${other.publicId}/default`)).status).toBe(404);
    expect((await portal.post(`/payment-methods/not-an-id/default`)).status).toBe(404);
    expect(await eventsOf(t, "payment_source.deleted")).toHaveLength(1);
  });
});
