import { describe, expect, it } from "vitest";
import { DAY, nowSeconds } from "../../src/lib/time";
import { planInvoices } from "../../src/services/demo/documents";
import { prng } from "../../src/services/demo/prng";
import { apiWorld, eventsOf, invoiceBody, seedCatalog } from "./invoices.helpers";

describe("merchant API: invoices, happy paths", () => {
  it("creates an invoice with totals computed on the server and reads it back", async () => {
    const { t, api, cust } = await apiWorld();
    const res = await api.post("/invoices", {
      customer: cust.id,
      number: "INV-1",
      purchase_order: "PO-7",
      items: [
        { name: "Consulting", quantity: 1.5, unit_cost: 150 },
        { name: "Paper", quantity: 3, unit_cost: "24.99", taxable: false, metadata: { sku: "A4" } },
      ],
      metadata: { order: "42" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: "invoice",
      customer: cust.id,
      number: "INV-1",
      currency: "usd",
      draft: false,
      status: "not_sent",
      sent: false,
      paid: false,
      closed: false,
      purchase_order: "PO-7",
      subtotal: 299.97,
      total: 299.97,
      balance: 299.97,
      amount_paid: 0,
      metadata: { order: "42" },
    });
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ object: "line_item", name: "Consulting", quantity: 1.5, unit_cost: 150, amount: 225 });
    expect(res.body.items[1]).toMatchObject({ quantity: 3, unit_cost: 24.99, amount: 74.97, taxable: false, metadata: { sku: "A4" } });
    expect(res.body.url).toBe(`${t.origin}/invoices/${res.body.public_id}`);
    expect(res.body.pdf_url).toBe(`${t.origin}/invoices/${res.body.public_id}/pdf`);
    expect(res.body.payment_url).toBe(`${t.origin}/pay?invoice=${res.body.public_id}`);
    expect(res.body.public_id).toMatch(/^[A-Za-z0-9]{20}$/);

    const again = await api.get(`/invoices/${res.body.id}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const [ev] = await eventsOf(t, "invoice.created");
    expect(ev).toMatchObject({ actor: "api", objectId: res.body.public_id, customerId: cust.id });
  });

  it("numbers invoices itself when no number is given, and fills a line from its catalog item", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const a = await api.post("/invoices", { customer: cust.id, items: [{ catalog_item: "support-plan", quantity: 2 }] });
    const b = await api.post("/invoices", invoiceBody(cust.id));
    expect(a.status).toBe(201);
    expect(a.body.number).toBe("INV-00001");
    expect(b.body.number).toBe("INV-00002");
    expect(a.body.items[0]).toMatchObject({
      catalog_item: "support-plan",
      name: "Support plan",
      description: "Business-hours support, one month",
      unit_cost: 49,
      amount: 98,
    });
  });

  it("applies coupons and tax rates, document-level and per line, with exact totals", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const res = await api.post("/invoices", {
      customer: cust.id,
      items: [
        { catalog_item: "hardware-kit", quantity: 1 }, // 899.50
        { name: "Setup", unit_cost: 100, discounts: [{ amount: 10 }], taxes: [{ tax_rate: "eco-fee" }] },
        { name: "Deposit refund", unit_cost: 50, discountable: false, taxable: false },
      ],
      discounts: [{ coupon: "welcome10" }],
      taxes: [{ tax_rate: "sales-tax" }],
    });
    expect(res.status).toBe(201);
    const b = res.body;
    // subtotal 899.50 + 100 + 50 = 1049.50
    expect(b.subtotal).toBe(1049.5);
    // line discount 10; document 10 % of the discountable net (899.50 + 90) = 98.95
    expect(b.discounts).toEqual([{ id: 1, object: "discount", coupon: "welcome10", name: "Welcome 10%", value: 10, is_percent: true, amount: 98.95 }]);
    expect(b.items[1].discounts[0]).toMatchObject({ coupon: null, amount: 10, is_percent: false });
    expect(b.items[1].taxes[0]).toMatchObject({ tax_rate: "eco-fee", amount: 2.5, is_percent: false });
    // sales tax 8.25 % of taxable lines after all discounts: 989.50 - 98.95 = 890.55 -> 73.47
    expect(b.taxes[0]).toMatchObject({ tax_rate: "sales-tax", value: 8.25, is_percent: true, amount: 73.47 });
    expect(b.total_discounts).toBe(108.95);
    expect(b.total_taxes).toBe(75.97);
    expect(b.total).toBe(1016.52);
    expect(Math.round((b.subtotal - b.total_discounts + b.total_taxes) * 100)).toBe(Math.round(b.total * 100));
  });

  it("keeps amounts exact in USD, EUR and JPY (JPY has no decimals)", async () => {
    const { t, api, cust } = await apiWorld();
    const eur = await api.post("/invoices", {
      customer: cust.id,
      currency: "eur",
      items: [
        { name: "Dienst", quantity: "0.3333", unit_cost: "0.10" },
        { name: "x", quantity: 3, unit_cost: "0.1" },
      ],
      taxes: [{ name: "MwSt", value: 19 }],
    });
    expect(eur.status).toBe(201);
    // 0.3333 x 0.10 = 0.03333 -> 0.03; 3 x 0.10 = 0.30; 19 % of 0.33 = 0.0627 -> 0.06
    expect(eur.body).toMatchObject({ currency: "eur", subtotal: 0.33, total_taxes: 0.06, total: 0.39 });
    const jpy = await api.post("/invoices", {
      customer: cust.id,
      currency: "JPY",
      items: [{ name: "サービス", quantity: 3, unit_cost: 1999 }],
      discounts: [{ value: 5, is_percent: true }],
      taxes: [{ value: 10 }],
    });
    expect(jpy.status).toBe(201);
    // 5997; 5 % = 299.85 -> 300; 10 % of 5697 = 569.7 -> 570
    expect(jpy.body).toMatchObject({ currency: "jpy", subtotal: 5997, total_discounts: 300, total_taxes: 570, total: 6267, balance: 6267 });
    const usd = await api.post("/invoices", {
      customer: cust.id,
      items: [
        { name: "a", quantity: 3, unit_cost: 0.1 },
        { name: "b", unit_cost: 0.2 },
      ],
    });
    expect(usd.body.total).toBe(0.5); // never 0.30000000000000004 + 0.2
    // what is stored is integers
    const { invoices } = await import("../../src/db/schema");
    const { eq } = await import("drizzle-orm");
    const row = await t.scope.select(invoices, eq(invoices.id, jpy.body.id)).get();
    expect([row!.subtotal, row!.total]).toEqual([5997, 6267]);
  });

  it("accepts every body the demo seed sends (catalog items, coupons, tax rates, fractional hours)", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const plans = planInvoices(prng(7), Math.floor(nowSeconds() / DAY) * DAY).slice(0, 25);
    for (const p of plans) {
      const res = await api.post("/invoices", { ...p.body, customer: cust.id });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.draft).toBe(p.body.draft);
      expect(res.body.currency).toBe(p.currency);
      expect(res.body.items).toHaveLength((p.body.items as unknown[]).length);
    }
  });

  it("issues a draft with draft: false, then send marks it sent with an event and no email", async () => {
    const { t, api, cust } = await apiWorld();
    const draft = await api.post("/invoices", invoiceBody(cust.id, { draft: true }));
    expect(draft.body).toMatchObject({ draft: true, status: "draft", sent: false });
    const issued = await api.patch(`/invoices/${draft.body.id}`, { draft: false });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ draft: false, status: "not_sent" });
    const sent = await api.post(`/invoices/${draft.body.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: "sent", sent: true });
    expect(await eventsOf(t, "invoice.sent")).toHaveLength(1);
    const direct = await api.post("/invoices", invoiceBody(cust.id, { sent: true }));
    expect(direct.body.status).toBe("sent");
  });

  it("derives past_due when read: an open invoice whose due date has passed", async () => {
    const { api, cust } = await apiWorld();
    const now = nowSeconds();
    const res = await api.post("/invoices", invoiceBody(cust.id, { date: now - 40 * DAY, payment_terms: "NET 30" }));
    expect(res.body.due_date).toBe(now - 10 * DAY);
    expect(res.body.status).toBe("past_due");
    const fresh = await api.post("/invoices", invoiceBody(cust.id, { date: now, due_date: now + DAY }));
    expect(fresh.body.status).toBe("not_sent");
    const list = await api.get("/invoices?filter[status]=past_due");
    expect(list.body.map((i: { id: number }) => i.id)).toEqual([res.body.id]);
  });

  it("changes lines with PATCH and recomputes totals and balance, recording invoice.updated", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    const res = await api.patch(`/invoices/${inv.body.id}`, { items: [{ name: "Bigger", unit_cost: 1000 }], notes: "Thanks" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1000, balance: 1000, notes: "Thanks" });
    expect(res.body.items.map((l: { name: string }) => l.name)).toEqual(["Bigger"]);
    const [ev] = await eventsOf(t, "invoice.updated");
    expect(ev!.data.fields).toEqual(["items", "notes"]);
    expect(ev!.actor).toBe("api");
  });

  it("sends a retrieved invoice back unchanged (PATCH round trip keeps the totals)", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const inv = await api.post("/invoices", {
      customer: cust.id,
      items: [{ catalog_item: "onboarding", discounts: [{ value: 5 }] }],
      discounts: [{ coupon: "loyalty5" }],
      taxes: [{ tax_rate: "sales-tax" }],
    });
    const { items, discounts, taxes } = inv.body;
    const res = await api.patch(`/invoices/${inv.body.id}`, { items, discounts, taxes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(inv.body.total);
    expect(res.body.discounts).toEqual(inv.body.discounts);
  });

  it("voids an invoice without payments; it reads voided, closed, balance 0", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    const res = await api.post(`/invoices/${inv.body.id}/void`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "voided", closed: true, balance: 0, paid: false });
    expect(await eventsOf(t, "invoice.voided")).toHaveLength(1);
  });

  it("deletes an invoice without payments", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    const res = await api.delete(`/invoices/${inv.body.id}`);
    expect(res.status).toBe(204);
    expect((await api.get(`/invoices/${inv.body.id}`)).status).toBe(404);
    expect(await eventsOf(t, "invoice.deleted")).toHaveLength(1);
  });

  it("lists with pagination headers, filters and sort", async () => {
    const { t, api, cust } = await apiWorld();
    const { makeCustomer } = await import("../helpers/fixtures");
    const other = await makeCustomer(t.scope);
    const now = nowSeconds();
    for (let i = 0; i < 5; i++) await api.post("/invoices", invoiceBody(cust.id, { number: `A-${i}`, date: now - i * DAY }));
    await api.post("/invoices", invoiceBody(other.id, { number: "B-0", currency: "eur" }));
    const page = await api.get("/invoices?per_page=2&page=2&sort=number%20asc");
    expect(page.status).toBe(200);
    expect(page.headers.get("X-Total-Count")).toBe("6");
    expect(page.body.map((i: { number: string }) => i.number)).toEqual(["A-2", "A-3"]);
    const link = page.headers.get("Link")!;
    for (const rel of ["self", "first", "previous", "next", "last"]) expect(link).toContain(`rel="${rel}"`);
    expect(link).toContain("page=3");
    const single = await api.get(`/invoices?filter[customer]=${other.id}`);
    expect(single.headers.get("X-Total-Count")).toBe("1");
    expect(single.headers.get("Link")).toContain('rel="last"');
    expect(single.body[0]).toMatchObject({ number: "B-0", currency: "eur" });
    const range = await api.get(`/invoices?start_date=${now - 2 * DAY}&end_date=${now - DAY}&sort=-date`);
    expect(range.body.map((i: { number: string }) => i.number)).toEqual(["A-1", "A-2"]);
    const eur = await api.get("/invoices?filter[currency]=EUR");
    expect(eur.body).toHaveLength(1);
  });
});
