import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, paymentApplications } from "../../src/db/schema";
import { DAY, nowSeconds } from "../../src/lib/time";
import { makeEstimate, makePayment, makePaymentSource } from "../helpers/fixtures";
import { makeInvoice, payInvoices, signedIn } from "../invoices/helpers";

describe("My Account: happy paths", () => {
  it("shows the balance due per currency, each with a Pay now link", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { currency: "usd" }, [{ unitCost: 10000 }]);
    await makeInvoice(t.scope, cust.id, { currency: "usd" }, [{ unitCost: 2550 }]);
    await makeInvoice(t.scope, cust.id, { currency: "jpy" }, [{ unitCost: 5000 }]);
    const paid = await makeInvoice(t.scope, cust.id, { currency: "usd" }, [{ unitCost: 99999 }]);
    await payInvoices(t, cust.id, [{ invoice: paid, amount: paid.total }]);
    const res = await portal.get("/account");
    expect(res.status).toBe(200);
    expect(res.html).toContain("<h1>My Account</h1>");
    expect(res.html).toContain("$125.50");
    expect(res.html).toContain("2 open invoices in USD");
    expect(res.html).toContain("¥5,000");
    expect(res.html).not.toContain("¥5,000.00");
    expect(res.html).toContain('href="/pay?currency=usd"');
    expect(res.html).toContain('href="/pay?currency=jpy"');
  });

  it("says when nothing is owed", async () => {
    const { portal } = await signedIn();
    const html = (await portal.get("/account")).html;
    expect(html).toContain("You owe nothing right now.");
    expect(html).not.toContain("/pay?");
    expect(html).toContain("No payments yet.");
  });

  it("shows available credit from advance payments", async () => {
    const { t, cust, portal } = await signedIn();
    const pay = await makePayment(t.scope, cust.id, { amount: 4000 });
    await t.scope.insert(paymentApplications, { paymentId: pay.id, type: "credit", amount: 4000 });
    const html = (await portal.get("/account")).html;
    expect(html).toContain("Available credit");
    expect(html).toContain("$40.00");
  });

  it("counts open estimates (not expired, declined or drafts) and links to them", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    await makeEstimate(t.scope, cust.id);
    await makeEstimate(t.scope, cust.id, { status: "viewed" });
    await makeEstimate(t.scope, cust.id, { expirationDate: now - DAY });
    await makeEstimate(t.scope, cust.id, { status: "declined" });
    await makeEstimate(t.scope, cust.id, { status: "draft", draft: true });
    const html = (await portal.get("/account")).html;
    expect(html).toContain("2 open estimates");
    expect(html).toContain('href="/estimates?filter=open"');
  });

  it("summarises billing details with a link to /billing", async () => {
    const { portal } = await signedIn(
      {},
      { name: "Ada Ltd", address1: "10 Downing St", city: "London", postalCode: "SW1A 2AA", country: "GB", phone: "+44 20 7946 0000", taxId: "GB123456789" },
    );
    const html = (await portal.get("/account")).html;
    expect(html).toContain("10 Downing St");
    expect(html).toContain("London, SW1A 2AA");
    expect(html).toContain("+44 20 7946 0000");
    expect(html).toContain("Tax ID: GB123456789");
    expect(html).toContain('href="/billing"');
  });

  it("shows the default payment method and the AutoPay state with a link to /payment-methods", async () => {
    const { t, cust, portal } = await signedIn();
    const card = await makePaymentSource(t.scope, cust.id, { brand: "Visa", last4: "4242", expMonth: 8, expYear: 2031 });
    let html = (await portal.get("/account")).html;
    expect(html).toContain("No default payment method saved.");
    expect(html).toMatch(/AutoPay: <strong>Off<\/strong>/);
    await t.scope.update(customers, { autopay: true, defaultPaymentSourceId: card.id }, eq(customers.id, cust.id));
    html = (await portal.get("/account")).html;
    expect(html).toContain("Default: Visa ending in 4242");
    expect(html).toContain("(expires 08/2031)");
    expect(html).toMatch(/AutoPay: <strong>On<\/strong>/);
    expect(html).toContain('href="/payment-methods"');
  });

  it("issue 6.3: flags cards that expire within 60 days, or have expired, in words", async () => {
    const { t, cust, portal } = await signedIn();
    const now = new Date(nowSeconds() * 1000);
    // valid through the end of this month: at most 31 days left, whatever today is
    await makePaymentSource(t.scope, cust.id, { brand: "Visa", last4: "1111", expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() });
    await makePaymentSource(t.scope, cust.id, { brand: "Amex", last4: "0005", expMonth: 1, expYear: 2020 });
    await makePaymentSource(t.scope, cust.id, { brand: "Mastercard", last4: "5454", expMonth: 1, expYear: now.getUTCFullYear() + 3 });
    await makePaymentSource(t.scope, cust.id, { type: "bank_account", brand: null, bankName: "Chase", last4: "6789", expMonth: null, expYear: null });
    const html = (await portal.get("/account")).html;
    expect(html).toContain("Visa ending in 1111 expires soon");
    expect(html).toContain("Amex ending in 0005 has expired");
    expect(html).not.toContain("Mastercard ending in 5454 expires soon");
    expect(html).not.toContain("6789 expires");
    expect(html).toContain("Update payment methods");
  });

  it("lists the last three payments, newest first, with receipts for settled ones", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    await makePayment(t.scope, cust.id, { amount: 1111, date: now - 4 * DAY });
    const p2 = await makePayment(t.scope, cust.id, { amount: 2222, date: now - 3 * DAY, methodBrand: "Visa", methodLast4: "4242", method: "credit_card" });
    await makePayment(t.scope, cust.id, { amount: 3333, date: now - 2 * DAY, status: "failed" });
    await makePayment(t.scope, cust.id, { amount: 4444, date: now - DAY });
    const html = (await portal.get("/account")).html;
    expect(html).not.toContain("$11.11");
    expect(html.indexOf("$44.44")).toBeLessThan(html.indexOf("$33.33"));
    expect(html.indexOf("$33.33")).toBeLessThan(html.indexOf("$22.22"));
    expect(html).toContain("Visa ending in 4242");
    expect(html).toContain(`/payments/${p2.publicId}/pdf`);
    expect(html).toContain("Failed");
    expect(html).toContain('href="/payments"');
  });

  it("costs at most three D1 round trips, tenant and session lookups included", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id);
    await makeEstimate(t.scope, cust.id);
    await makePaymentSource(t.scope, cust.id);
    await makePayment(t.scope, cust.id);
    const res = await portal.get("/account");
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("X-D1-Round-Trips"))).toBeLessThanOrEqual(3);
  });

  it("shows the tenant's welcome message", async () => {
    const { portal } = await signedIn({ welcomeMessage: "Welcome to Acme billing." });
    expect((await portal.get("/account")).html).toContain("Welcome to Acme billing.");
  });
});
