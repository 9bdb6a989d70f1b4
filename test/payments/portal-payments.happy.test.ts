import { describe, expect, it } from "vitest";
import { paymentApplications, payments } from "../../src/db/schema";
import { DAY, nowSeconds } from "../../src/lib/time";
import { makeEstimate, makePayment } from "../helpers/fixtures";
import { makeInvoice, payInvoices, pdfLiteral, readPdf, signedIn } from "../invoices/helpers";

describe("payments list: happy paths", () => {
  it("lists date, amount, method with brand and last 4, status and the invoices each paid (linked)", async () => {
    const { t, cust, portal } = await signedIn();
    const a = await makeInvoice(t.scope, cust.id, { number: "INV-PA" }, [{ unitCost: 10000 }]);
    const b = await makeInvoice(t.scope, cust.id, { number: "INV-PB" }, [{ unitCost: 5000 }]);
    const pay = await payInvoices(
      t,
      cust.id,
      [
        { invoice: a, amount: 10000 },
        { invoice: b, amount: 2500 },
      ],
      {
        method: "credit_card",
        methodBrand: "Visa",
        methodLast4: "4242",
        date: Date.parse("2026-10-05T10:00:00Z") / 1000,
      },
    );
    const res = await portal.get("/payments");
    expect(res.status).toBe(200);
    const h = res.html;
    expect(h).toContain("<h1>Payments</h1>");
    expect(h).toContain('<time datetime="2026-10-05">Oct 5, 2026</time>');
    expect(h).toContain("$125.00");
    expect(h).toContain("Visa ending in 4242");
    expect(h).toContain("Succeeded");
    expect(h).toContain(`<a href="/invoices/${a.publicId}">Invoice INV-PA</a>`);
    expect(h).toContain(`<a href="/invoices/${b.publicId}">Invoice INV-PB</a>`);
    expect(h).toContain("$25.00");
    expect(h).toContain(`href="/payments/${pay.publicId}/pdf"`);
  });

  it("shows failed and pending payments with their status, without a receipt", async () => {
    const { t, cust, portal } = await signedIn();
    const failed = await makePayment(t.scope, cust.id, { status: "failed", failureMessage: "Your card was declined." });
    const pending = await makePayment(t.scope, cust.id, { status: "pending", method: "ach" });
    const h = (await portal.get("/payments")).html;
    expect(h).toContain("Failed");
    expect(h).toContain("Your card was declined.");
    expect(h).toContain("Pending");
    expect(h).toContain("Bank transfer (ACH)");
    expect(h).not.toContain(`/payments/${failed.publicId}/pdf`);
    expect(h).not.toContain(`/payments/${pending.publicId}/pdf`);
  });

  it("names deposits and credit, and does not link a voided invoice", async () => {
    const { t, cust, portal } = await signedIn();
    const est = await makeEstimate(t.scope, cust.id, { number: "EST-DEP" });
    const voided = await makeInvoice(t.scope, cust.id, { number: "INV-VOIDED", status: "voided", voided: true });
    const pay = await makePayment(t.scope, cust.id, { amount: 3000 });
    await t.scope.insertMany(paymentApplications, [
      { paymentId: pay.id, type: "estimate", estimateId: est.id, amount: 1000 },
      { paymentId: pay.id, type: "credit", amount: 1000 },
      { paymentId: pay.id, type: "invoice", invoiceId: voided.id, amount: 1000 },
    ]);
    const h = (await portal.get("/payments")).html;
    expect(h).toContain(`<a href="/estimates/${est.publicId}">Deposit on estimate EST-DEP</a>`);
    expect(h).toContain("Credit on account");
    expect(h).toContain("Invoice INV-VOIDED");
    expect(h).not.toContain(`/invoices/${voided.publicId}`);
  });

  it("pages newest first, 25 a page", async () => {
    const { t, cust, portal } = await signedIn();
    const base = nowSeconds() - 100 * DAY;
    const rows = Array.from({ length: 27 }, (_, i) => ({
      publicId: `pp${String(i).padStart(2, "0")}${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`,
      customerId: cust.id,
      date: base + i * DAY,
      currency: "usd",
      amount: 100 + i,
      status: "succeeded" as const,
      createdAt: base,
      updatedAt: base,
    }));
    const stmts = [];
    for (let i = 0; i < rows.length; i += 7) stmts.push(t.scope.insertMany(payments, rows.slice(i, i + 7)));
    await t.scope.batch(stmts as [(typeof stmts)[0], ...typeof stmts]);
    const first = (await portal.get("/payments")).html;
    expect(first).toContain("$1.26"); // newest
    expect(first).not.toContain("$1.01");
    expect(first).toContain("Page 1 of 2");
    const second = (await portal.get("/payments?page=2")).html;
    expect(second).toContain("$1.01");
    expect(second).toContain("$1.00");
    expect(second).not.toContain("$1.26");
  });

  it("the list costs at most three D1 round trips", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id);
    await payInvoices(t, cust.id, [{ invoice: inv, amount: 100 }]);
    const res = await portal.get("/payments");
    expect(Number(res.headers.get("X-D1-Round-Trips"))).toBeLessThanOrEqual(3);
  });
});

describe("receipt PDF: happy paths", () => {
  it("is a valid PDF naming tenant, customer, date, amount, method, what it paid and the reference", async () => {
    const { t, cust, portal } = await signedIn({}, { name: "Receipt Customer Inc" });
    const inv = await makeInvoice(t.scope, cust.id, { number: "INV-R1" }, [{ unitCost: 123450 }]);
    const pay = await payInvoices(t, cust.id, [{ invoice: inv, amount: 123450 }], {
      method: "credit_card",
      methodBrand: "Visa",
      methodLast4: "4242",
      reference: "ch_3Nabc",
      date: Date.parse("2026-11-20T09:00:00Z") / 1000,
    });
    const res = await portal.fetch(`/payments/${pay.publicId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const pdf = await readPdf(res);
    expect(pdf.head).toBe("%PDF-");
    expect(pdf.doc.getPageCount()).toBe(1);
    for (const s of [t.tenant.name, "Receipt Customer Inc", "Nov 20, 2026", "$1,234.50 (USD)", "Visa ending in 4242", "Invoice INV-R1", "ch_3Nabc"]) {
      expect(pdf.text, s).toContain(pdfLiteral(s));
    }
  });

  it("formats JPY without decimals and EUR with its symbol", async () => {
    const { t, cust, portal } = await signedIn();
    const yen = await makePayment(t.scope, cust.id, { currency: "jpy", amount: 98765 });
    const euro = await makePayment(t.scope, cust.id, { currency: "eur", amount: 4250 });
    const y = await readPdf(await portal.fetch(`/payments/${yen.publicId}/pdf`));
    expect(y.text).toContain("\\24598,765 \\(JPY\\)");
    expect(y.text).not.toContain("98,765.00");
    const e = await readPdf(await portal.fetch(`/payments/${euro.publicId}/pdf`));
    expect(e.text).toContain("\\20042.50 \\(EUR\\)"); // € is 0x80 in WinAnsi
  });
});
