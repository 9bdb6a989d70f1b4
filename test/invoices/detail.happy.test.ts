import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, lineItems } from "../../src/db/schema";
import { DAY, nowSeconds } from "../../src/lib/time";
import { makePaymentSource } from "../helpers/fixtures";
import { viewsWritten } from "../helpers/views";
import { eventsOf, invoiceRow, makeInvoice, payInvoices, pdfLiteral, readPdf, signedIn } from "./helpers";

async function richInvoice() {
  const ctx = await signedIn({}, { name: "Acme Widgets Ltd", address1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" });
  const { t, cust } = ctx;
  const due = Date.parse("2026-12-15T00:00:00Z") / 1000;
  const inv = await makeInvoice(
    t.scope,
    cust.id,
    {
      number: "INV-4242",
      purchaseOrder: "PO-77",
      paymentTerms: "NET 30",
      dueDate: due,
      notes: "Thank you for your business.",
      // 2 x 50.00 + 12.5 hours x 8.00 = 200.00; -10% = 180.00; +20% VAT = 216.00
      subtotal: 20000,
      totalDiscounts: 2000,
      totalTaxes: 3600,
      total: 21600,
      balance: 21600,
      discounts: [{ id: 1, rateId: "loyal", name: "Loyalty", percentBp: 1000, amount: 2000 }],
      taxes: [{ id: 2, rateId: "vat", name: "VAT", percentBp: 2000, amount: 3600 }],
    },
    [
      { name: "Widget", quantityE4: 20000, unitCost: 5000 },
      { name: "Consulting hours", quantityE4: 125000, unitCost: 800 },
    ],
  );
  return { ...ctx, inv, due };
}

describe("invoice detail: happy paths", () => {
  it("shows bill-to, lines, discounts, taxes, total, amount paid, balance, due date and the payments applied", async () => {
    const { t, cust, portal, inv } = await richInvoice();
    await payInvoices(t, cust.id, [{ invoice: inv, amount: 5000 }], { methodBrand: "Visa", methodLast4: "4242", method: "credit_card" });

    const res = await portal.get(`/invoices/${inv.publicId}`);
    expect(res.status).toBe(200);
    const h = res.html;
    expect(h).toContain("<h1>Invoice INV-4242</h1>");
    expect(h).toContain("Acme Widgets Ltd");
    expect(h).toContain("San Francisco, CA 94105");
    expect(h).toContain("PO-77");
    expect(h).toContain("NET 30");
    expect(h).toContain('<time datetime="2026-12-15">Dec 15, 2026</time>');
    expect(h).toContain("Widget");
    expect(h).toContain("12.5");
    expect(h).toContain("Discount: Loyalty (10%)");
    expect(h).toContain("-$20.00");
    expect(h).toContain("Tax: VAT (20%)");
    expect(h).toContain("$36.00");
    expect(h).toMatch(/Total<\/th>\s*<td class="num"><span class="money">\$216\.00/);
    expect(h).toMatch(/Amount paid<\/th>\s*<td class="num"><span class="money">\$50\.00/);
    expect(h).toMatch(/Balance due<\/th>\s*<td class="num"><span class="money">\$166\.00/);
    expect(h).toContain("Payments applied");
    expect(h).toContain("Visa ending in 4242");
    expect(h).toContain("Thank you for your business.");
    expect(h).toContain(`href="/pay?invoice=${inv.publicId}"`);
    expect(h).toContain("Pay $166.00");
    expect(h).toContain(`href="/invoices/${inv.publicId}/pdf"`);
    expect(h).toContain('aria-label="Main"'); // signed in: the navigation is there
  });

  it("issue 6.4: an open invoice says AutoPay is on and which method it will charge", async () => {
    const { t, cust, portal, inv } = await richInvoice();
    const card = await makePaymentSource(t.scope, cust.id, { brand: "Mastercard", last4: "5454", expMonth: 3, expYear: 2031 });
    await t.scope.update(customers, { autopay: true, defaultPaymentSourceId: card.id }, eq(customers.id, cust.id));
    const h = (await portal.get(`/invoices/${inv.publicId}`)).html;
    expect(h).toContain("AutoPay is on.");
    expect(h).toContain("Mastercard ending in 5454");
    expect(h).toContain("expires 03/2031");
  });

  it("issue 6.4: AutoPay off, or on without a saved method, is said in words", async () => {
    const { t, cust, portal, inv } = await richInvoice();
    expect((await portal.get(`/invoices/${inv.publicId}`)).html).toContain("AutoPay is off.");
    await t.scope.update(customers, { autopay: true }, eq(customers.id, cust.id));
    expect((await portal.get(`/invoices/${inv.publicId}`)).html).toContain("AutoPay is on, but no payment method is saved");
  });

  it("a paid invoice has no Pay button and no AutoPay note", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id);
    await payInvoices(t, cust.id, [{ invoice: inv, amount: inv.total }]);
    const h = (await portal.get(`/invoices/${inv.publicId}`)).html;
    expect(h).toContain("Paid");
    expect(h).not.toContain("/pay?invoice=");
    expect(h).not.toContain("AutoPay is");
  });

  it("records invoice.viewed on every view and moves sent to viewed once", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id, { status: "sent" });
    await portal.get(`/invoices/${inv.publicId}`, { headers: { "CF-Connecting-IP": "203.0.113.9", "User-Agent": "TestBrowser/1.0" } });
    await viewsWritten(t.tenant.id, 1);
    expect((await invoiceRow(t, inv.id)).status).toBe("viewed");
    let evs = await eventsOf(t, "invoice.viewed");
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({
      customerId: cust.id,
      objectType: "invoice",
      objectId: inv.publicId,
      actor: "customer",
      ip: "203.0.113.9",
      userAgent: "TestBrowser/1.0",
    });
    expect(evs[0]!.data).toMatchObject({ number: inv.number, status: "sent", via: "page" });

    await portal.get(`/invoices/${inv.publicId}`);
    await viewsWritten(t.tenant.id, 2);
    evs = await eventsOf(t, "invoice.viewed");
    expect(evs).toHaveLength(2);
    expect(evs[0]!.data).toMatchObject({ status: "viewed" }); // the second view found it viewed already
    expect((await invoiceRow(t, inv.id)).status).toBe("viewed");
  });

  it("viewing never changes a status other than sent", async () => {
    const { t, cust, portal } = await signedIn();
    const late = await makeInvoice(t.scope, cust.id, { status: "past_due", dueDate: nowSeconds() - DAY });
    const notSent = await makeInvoice(t.scope, cust.id, { status: "not_sent" });
    await portal.get(`/invoices/${late.publicId}`);
    await portal.get(`/invoices/${notSent.publicId}`);
    await viewsWritten(t.tenant.id, 2);
    expect((await invoiceRow(t, late.id)).status).toBe("past_due");
    expect((await invoiceRow(t, notSent.id)).status).toBe("not_sent");
    expect(await eventsOf(t, "invoice.viewed")).toHaveLength(2);
  });

  it("the page costs at most three D1 round trips, the view's writes included", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id);
    const res = await portal.get(`/invoices/${inv.publicId}`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("X-D1-Round-Trips"))).toBeLessThanOrEqual(3);
  });
});

describe("invoice PDF: happy paths", () => {
  it("is a valid PDF that pdf-lib reads, naming the number, bill-to and the amounts", async () => {
    const { portal, inv } = await richInvoice();
    const res = await portal.fetch(`/invoices/${inv.publicId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe('inline; filename="invoice-INV-4242.pdf"');
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const pdf = await readPdf(res);
    expect(pdf.head).toBe("%PDF-");
    expect(pdf.doc.getPageCount()).toBe(1);
    expect(pdf.doc.getTitle()).toBe("Invoice INV-4242");
    for (const s of ["Invoice INV-4242", "Acme Widgets Ltd", "$216.00", "Balance due", "Discount: Loyalty (10%)", "Tax: VAT (20%)", "Dec 15, 2026", "PO-77"]) {
      expect(pdf.text, s).toContain(pdfLiteral(s));
    }
  });

  it("records invoice.viewed (via pdf) and moves sent to viewed", async () => {
    const { t, portal, inv } = await richInvoice();
    await portal.fetch(`/invoices/${inv.publicId}/pdf`);
    await viewsWritten(t.tenant.id, 1);
    const evs = await eventsOf(t, "invoice.viewed");
    expect(evs).toHaveLength(1);
    expect(evs[0]!.data).toMatchObject({ via: "pdf" });
    expect((await invoiceRow(t, inv.id)).status).toBe("viewed");
  });

  it("JPY has no decimals, on the page and in the PDF", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id, { currency: "jpy" }, [{ unitCost: 123456 }]);
    const page = await portal.get(`/invoices/${inv.publicId}`);
    expect(page.html).toContain("¥123,456");
    expect(page.html).not.toContain("¥123,456.00");
    const pdf = await readPdf(await portal.fetch(`/invoices/${inv.publicId}/pdf`));
    expect(pdf.text).toContain("\\245123,456)"); // ¥ is byte 0xA5 in WinAnsi, written as an octal escape
    expect(pdf.text).not.toContain("123,456.00");
  });

  it("a long invoice flows onto more pages, and names outside WinAnsi do not break it", async () => {
    const { t, cust, portal } = await signedIn({}, { name: "株式会社 Example" });
    const inv = await makeInvoice(t.scope, cust.id, { subtotal: 8000, total: 8000, balance: 8000 }, [{ name: "Line 0 — ünïcødé 李", unitCost: 100 }]);
    const more = Array.from({ length: 79 }, (_, i) => ({
      invoiceId: inv.id,
      position: i + 1,
      name: `Line ${i + 1} — ünïcødé 李`,
      quantityE4: 10000,
      unitCost: 100,
      amount: 100,
    }));
    const stmts = [];
    for (let i = 0; i < more.length; i += 6) stmts.push(t.scope.insertMany(lineItems, more.slice(i, i + 6)));
    await t.scope.batch(stmts as [(typeof stmts)[0], ...typeof stmts]);
    const pdf = await readPdf(await portal.fetch(`/invoices/${inv.publicId}/pdf`));
    expect(pdf.head).toBe("%PDF-");
    expect(pdf.doc.getPageCount()).toBeGreaterThan(1);
    expect(pdf.text).toContain("Line 79");
    expect(pdf.text).toContain("$80.00");
  });
});
