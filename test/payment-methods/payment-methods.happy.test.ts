import { describe, expect, it } from "vitest";
import { makePaymentSource } from "../helpers/fixtures";
import { allSources, customerRow, eventsOf, liveSources, signedIn, testBank, testCard } from "./helpers";

describe("payment methods: happy paths", () => {
  it("the walk of the acceptance test: add a test card, make it default, enrol in AutoPay, remove the old card", async () => {
    const { t, cust, portal } = await signedIn();
    const old = await makePaymentSource(t.scope, cust.id, { brand: "Mastercard", last4: "4444" });
    await t.scope.db.run(
      // the old card is the default, as a customer who had one before
      (await import("drizzle-orm")).sql`UPDATE customers SET default_payment_source_id = ${old.id} WHERE id = ${cust.id}`,
    );

    const list = await portal.get("/payment-methods");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Mastercard ending in 4444");

    const form = await portal.get("/payment-methods/new");
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="number"');

    const added = await portal.post("/payment-methods", testCard());
    expect(added.status).toBe(303);
    expect(added.location).toBe("/payment-methods?saved=added");
    const sources = await liveSources(t, cust.id);
    expect(sources).toHaveLength(2);
    const card = sources.find((s) => s.id !== old.id)!;
    expect(card).toMatchObject({ type: "card", gateway: "test", brand: "Visa", last4: "4242", expMonth: 12, expYear: 2039 });
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(old.id);

    const page = await portal.get(added.location!);
    expect(page.html).toContain("The payment method was added.");
    expect(page.html).toContain("Visa ending in 4242");

    const def = await portal.post(`/payment-methods/${card.publicId}/default`);
    expect(def.status).toBe(303);
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(card.id);

    const on = await portal.post("/payment-methods/autopay", { autopay: "on" });
    expect(on.status).toBe(303);
    expect(on.location).toBe("/payment-methods?saved=autopay-on");
    expect((await customerRow(t, cust.id)).autopay).toBe(true);

    const removed = await portal.post(`/payment-methods/${old.publicId}/delete`);
    expect(removed.status).toBe(303);
    expect((await liveSources(t, cust.id)).map((s) => s.id)).toEqual([card.id]);
    // soft delete: the row stays for receipts
    expect((await allSources(t, cust.id)).find((s) => s.id === old.id)!.deletedAt).not.toBeNull();

    const types = (await eventsOf(t)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["payment_source.created", "customer.updated", "autopay.enrolled", "payment_source.deleted"]));

    const after = await portal.get("/payment-methods");
    expect(after.html).toContain("AutoPay is <strong>on</strong>");
    expect(after.html).toContain("Visa ending in 4242");
    expect(after.html).not.toContain("Mastercard ending in 4444");
  });

  it("the first method becomes the default by itself", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    await portal.post("/payment-methods", testCard());
    const [only] = await liveSources(t, cust.id);
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(only!.id);
  });

  it("adds a test bank account", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    const res = await portal.post("/payment-methods", testBank({ make_default: "1" }));
    expect(res.status).toBe(303);
    const [bank] = await liveSources(t, cust.id);
    expect(bank).toMatchObject({ type: "bank_account", bankName: "Test Bank", last4: "6789", expMonth: null });
    const page = await portal.get("/payment-methods");
    expect(page.html).toContain("Test Bank account ending in 6789");
    expect(page.html).toContain("Does not expire");
  });

  it("payment_source.created and .deleted carry who, IP and browser, and no card number", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    await portal.post("/payment-methods", testCard(), { headers: { "CF-Connecting-IP": "203.0.113.9", "User-Agent": "TestBrowser/1.0" } });
    const [created] = await eventsOf(t, "payment_source.created");
    const [src] = await liveSources(t, cust.id);
    expect(created).toMatchObject({
      actor: "customer",
      ip: "203.0.113.9",
      userAgent: "TestBrowser/1.0",
      customerId: cust.id,
      objectType: "card",
      objectId: String(src!.id),
    });
    expect(created!.data).toMatchObject({ object: { object: "card", id: src!.id, brand: "Visa", last4: "4242" }, via: "portal" });
    expect(JSON.stringify(created)).not.toContain("424242424242");
  });

  it("flags a card that expires within 60 days and one that has expired", async () => {
    const { t, cust, portal } = await signedIn();
    const now = new Date();
    // expires at the end of next month: within 60 days
    const soon = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    await makePaymentSource(t.scope, cust.id, { brand: "Soonbrand", expMonth: soon.getUTCMonth() + 1, expYear: soon.getUTCFullYear() });
    await makePaymentSource(t.scope, cust.id, { brand: "Oldbrand", expMonth: 1, expYear: 2020 });
    await makePaymentSource(t.scope, cust.id, { brand: "Farbrand", expMonth: 1, expYear: now.getUTCFullYear() + 5 });
    const page = await portal.get("/payment-methods");
    const row = (brand: string) => new RegExp(`${brand} ending in 4242[\\s\\S]*?</tr>`).exec(page.html)![0];
    expect(row("Soonbrand")).toContain(">Expires soon</span>");
    expect(row("Oldbrand")).toContain(">Expired</span>");
    expect(row("Farbrand")).not.toMatch(/>Expire(s soon|d)<\/span>/);
  });

  it("turns AutoPay off when the merchant allows opting out", async () => {
    const { t, cust, portal } = await signedIn({ allowAutopayOptOut: true }, { autopay: true });
    const src = await makePaymentSource(t.scope, cust.id);
    await t.scope.db.run((await import("drizzle-orm")).sql`UPDATE customers SET default_payment_source_id = ${src.id} WHERE id = ${cust.id}`);
    const page = await portal.get("/payment-methods");
    expect(page.html).toContain("Turn off AutoPay");
    const res = await portal.post("/payment-methods/autopay", { autopay: "off" });
    expect(res.location).toBe("/payment-methods?saved=autopay-off");
    expect((await customerRow(t, cust.id)).autopay).toBe(false);
    const [ev] = await eventsOf(t, "autopay.canceled");
    expect(ev).toMatchObject({ actor: "customer", customerId: cust.id });
  });

  it("removing the default makes the newest remaining method the default", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/payment-methods/new");
    await portal.post("/payment-methods", testCard());
    await portal.post("/payment-methods", testCard({ number: "5555 5555 5555 4444" }));
    await portal.post("/payment-methods", testBank());
    const [first, , bank] = await liveSources(t, cust.id);
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(first!.id);
    await portal.post(`/payment-methods/${first!.publicId}/delete`);
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(bank!.id);
  });
});
