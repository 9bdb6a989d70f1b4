import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, paymentSources } from "../../src/db/schema";
import { makeInvoice, makePaymentSource } from "../helpers/fixtures";
import { DECLINED_CARD, pay, review, TEST_CARD, world } from "./helpers";

// Issue 17 point 4: one short pay page.
const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const ticked = (html: string, id: string) => new RegExp(`value="${id}" checked`).test(html);

describe("the pay page (issue 17)", () => {
  it("?invoice= shows the chosen invoice first and the others behind 'Add other invoices'", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 1_000 }]);
    const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 2_000 }]);
    const page = await w.client.get(`/pay?invoice=${b.publicId}`);
    const chosenAt = page.html.indexOf(`id="inv-${b.publicId}"`);
    const detailsAt = page.html.indexOf('<details class="more-invoices">');
    expect(chosenAt).toBeGreaterThan(0);
    expect(detailsAt).toBeGreaterThan(chosenAt);
    expect(page.html.indexOf(`id="inv-${a.publicId}"`)).toBeGreaterThan(detailsAt);
    expect(page.html).toContain("Add other invoices (1 open)");
  });

  it("plain /pay ticks only past-due invoices, and offers Select all / Select none", async () => {
    const w = await world();
    const due = await makeInvoice(w.scope, w.customer.id, { dueDate: now() - 5 * DAY, date: now() - 35 * DAY });
    const later = await makeInvoice(w.scope, w.customer.id, { dueDate: now() + 20 * DAY });
    const page = await w.client.get("/pay");
    expect(ticked(page.html, due.publicId)).toBe(true);
    expect(ticked(page.html, later.publicId)).toBe(false);
    expect(page.html).toContain('href="/pay?select=all"');
    const all = await w.client.get("/pay?select=all");
    expect(ticked(all.html, due.publicId) && ticked(all.html, later.publicId)).toBe(true);
    const none = await w.client.get("/pay?select=none");
    expect(ticked(none.html, due.publicId) || ticked(none.html, later.publicId)).toBe(false);
  });

  it("with nothing past due, plain /pay ticks nothing", async () => {
    const w = await world();
    const later = await makeInvoice(w.scope, w.customer.id, { dueDate: now() + 20 * DAY });
    expect(ticked((await w.client.get("/pay")).html, later.publicId)).toBe(false);
  });

  it("an amount error names its invoice", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 1_000 }]);
    const r = await review(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "99", ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain(`Invoice ${a.number}: The amount cannot be more than the balance of $10.00.`);
  });

  it("Try again after a decline keeps the chosen amounts", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 1_000 }]);
    const { result } = await pay(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "4.25", ...DECLINED_CARD });
    const href = /href="(\/pay\?[^"]+)"[^>]*>\s*Try again/.exec(result.html)?.[1]?.replaceAll("&amp;", "&");
    expect(href).toBe(`/pay?invoice=${a.publicId}&amount_${a.publicId}=4.25`);
    const again = await w.client.get(href!);
    expect(again.html).toMatch(new RegExp(`name="amount_${a.publicId}"[^>]*value="4.25"`));
    expect(again.html).toContain("$4.25");
  });

  it("a card saved while paying becomes the default when it is the customer's first method", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    await pay(w.client, { invoice: a.publicId, ...TEST_CARD, save_method: "1" });
    const saved = await w.scope.select(paymentSources, and(eq(paymentSources.customerId, w.customer.id), isNull(paymentSources.deletedAt))).all();
    expect(saved).toHaveLength(1);
    const cust = await w.scope.select(customers, eq(customers.id, w.customer.id)).get();
    expect(cust!.defaultPaymentSourceId).toBe(saved[0]!.id);
    expect(cust!.autopay).toBe(false);
  });

  it("a card saved while paying leaves an existing default alone", async () => {
    const w = await world();
    const first = await makePaymentSource(w.scope, w.customer.id, { brand: "Mastercard", last4: "4444" });
    await w.scope.update(customers, { defaultPaymentSourceId: first.id }, eq(customers.id, w.customer.id)).run();
    const a = await makeInvoice(w.scope, w.customer.id);
    await pay(w.client, { invoice: a.publicId, ...TEST_CARD, save_method: "1" });
    const cust = await w.scope.select(customers, eq(customers.id, w.customer.id)).get();
    expect(cust!.defaultPaymentSourceId).toBe(first.id);
  });
});
