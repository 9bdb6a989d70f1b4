import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, estimates, paymentSources } from "../../src/db/schema";
import { makeEstimate, makeInvoice, makePaymentSource } from "../helpers/fixtures";
import { applicationsOf, eventsOf, invoiceRow, outboxFor, pay, paymentsOf, review, TEST_CARD, world } from "./helpers";

describe("paying invoices in the portal", () => {
  it("pays two invoices with 4242: both paid, one payment with two applications, a receipt email", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 12_000 }]);
    const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 3_050 }]);
    const { confirm, result } = await pay(w.client, { invoice: [a.publicId, b.publicId], ...TEST_CARD });
    expect(confirm.status).toBe(303);
    expect(result.status).toBe(200);
    expect(result.html).toContain("your payment was received");
    expect(result.html).toContain("$150.50");

    expect([(await invoiceRow(w, a.id)).balance, (await invoiceRow(w, b.id)).balance]).toEqual([0, 0]);
    expect((await invoiceRow(w, a.id)).status).toBe("paid");
    const [payment, ...more] = await paymentsOf(w, w.customer.id);
    expect(more).toEqual([]);
    expect(payment).toMatchObject({ amount: 15_050, currency: "usd", status: "succeeded", source: "portal", methodBrand: "Visa", methodLast4: "4242" });
    const apps = await applicationsOf(w, payment!.id);
    expect(apps.map((x) => [x.type, x.invoiceId, x.amount])).toEqual([
      ["invoice", a.id, 12_000],
      ["invoice", b.id, 3_050],
    ]);
    expect(result.html).toContain(`/payments/${payment!.publicId}/pdf`);
    // the receipt link works (the PDF itself is portal-docs' /payments/:id/pdf)
    const pdf = await w.client.fetch(`/payments/${payment!.publicId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const mail = await outboxFor(w.tenant.id, w.customer.email!);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain("$150.50");
    expect(mail[0]!.text).toContain(a.number);
    expect(mail[0]!.text).toContain(b.number);
    expect(mail[0]!.text).toContain(`${w.origin}/payments/${payment!.publicId}/pdf`);

    expect(await eventsOf(w, "payment.created")).toHaveLength(1);
    expect((await eventsOf(w, "invoice.paid")).map((e) => e.objectId).sort()).toEqual([String(a.id), String(b.id)].sort());
  });
});

describe("amounts, deposits, advances and AutoPay", () => {
  it("a partial payment leaves the right balance and the invoice open", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 10_000 }]);
    const { result } = await pay(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "40.25", ...TEST_CARD });
    expect(result.html).toContain("$40.25");
    const inv = await invoiceRow(w, a.id);
    expect([inv.balance, inv.paid, inv.status]).toEqual([5_975, false, "sent"]);
    expect(await eventsOf(w, "invoice.paid")).toEqual([]);
  });

  it("reads amounts by the currency's exponent: JPY has no decimals, grouped thousands are fine", async () => {
    const w = await world({ currency: "jpy" }, { currency: "jpy" });
    const a = await makeInvoice(w.scope, w.customer.id, { currency: "jpy" }, [{ unitCost: 12_000 }]);
    await pay(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "1,500", ...TEST_CARD });
    expect((await invoiceRow(w, a.id)).balance).toBe(10_500);
    const [p] = await paymentsOf(w, w.customer.id);
    expect([p!.amount, p!.currency]).toEqual([1_500, "jpy"]);
  });

  it("pays an approved estimate's deposit: applied to the estimate, which is marked deposit_paid", async () => {
    const w = await world();
    const e = await makeEstimate(w.scope, w.customer.id, { status: "approved", deposit: 20_000 });
    await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 3_050 }]);
    const page = await w.client.get(`/pay?estimate=${e.publicId}`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/Total to pay: <strong>\$200\.00<\/strong>/);
    const { result } = await pay(w.client, { estimate: e.publicId, ...TEST_CARD });
    expect(result.html).toContain(`Deposit for estimate ${e.number}`);
    const est = await w.scope.select(estimates, eq(estimates.id, e.id)).get();
    expect(est!.depositPaid).toBe(true);
    const [p] = await paymentsOf(w, w.customer.id);
    expect((await applicationsOf(w, p!.id)).map((x) => [x.type, x.estimateId, x.amount])).toEqual([["estimate", e.id, 20_000]]);
  });

  it("with estimate_auto_invoice on, paying the deposit creates the invoice with the deposit credited", async () => {
    const w = await world({ estimateAutoInvoice: true });
    const e = await makeEstimate(w.scope, w.customer.id, { status: "approved", deposit: 20_000 }, [{ unitCost: 50_000 }]);
    await pay(w.client, { estimate: e.publicId, ...TEST_CARD });
    const est = await w.scope.select(estimates, eq(estimates.id, e.id)).get();
    expect([est!.status, est!.depositPaid]).toEqual(["invoiced", true]);
    const inv = await invoiceRow(w, est!.invoiceId!);
    expect([inv.total, inv.balance]).toEqual([50_000, 30_000]);
  });

  it("an advance payment, when the tenant allows it, is applied as credit", async () => {
    const w = await world({ allowAdvancePayments: true });
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 5_000 }]);
    await pay(w.client, { invoice: a.publicId, advance_amount: "25", ...TEST_CARD });
    const [p] = await paymentsOf(w, w.customer.id);
    expect(p!.amount).toBe(7_500);
    expect((await applicationsOf(w, p!.id)).map((x) => [x.type, x.amount])).toEqual([
      ["invoice", 5_000],
      ["credit", 2_500],
    ]);
  });

  it("an advance payment alone, without invoices, is possible when allowed", async () => {
    const w = await world({ allowAdvancePayments: true });
    await pay(w.client, { advance_amount: "10.00", ...TEST_CARD });
    const [p] = await paymentsOf(w, w.customer.id);
    expect((await applicationsOf(w, p!.id)).map((x) => [x.type, x.amount])).toEqual([["credit", 1_000]]);
  });

  it("enrolling in AutoPay at pay time saves the card as default and records autopay.enrolled", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    await pay(w.client, { invoice: a.publicId, ...TEST_CARD, autopay: "1" });
    const cust = await w.scope.select(customers, eq(customers.id, w.customer.id)).get();
    const saved = await w.scope.select(paymentSources, and(eq(paymentSources.customerId, w.customer.id), isNull(paymentSources.deletedAt))).all();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ brand: "Visa", last4: "4242", gateway: "test" });
    expect(cust!.autopay).toBe(true);
    expect(cust!.defaultPaymentSourceId).toBe(saved[0]!.id);
    expect(await eventsOf(w, "autopay.enrolled")).toHaveLength(1);
  });

  it("with 'Enroll in AutoPay' ticked, the review page shows the AutoPay authorization before the button that pays and enrols (issue 17.3)", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD, autopay: "1" });
    expect(r.key).toBeTruthy();
    const page = (await w.client.get(`/pay/confirm/${r.key}`)).html;
    const terms = page.indexOf('id="autopay-terms"');
    expect(terms).toBeGreaterThan(0);
    expect(terms, "the terms come before the Pay button").toBeLessThan(page.indexOf('action="/pay/confirm"'));
    expect(page).toContain("every open invoice on your account");
    expect(page).toContain("charges your default payment method, Visa ending in 4242");
    expect((await w.scope.select(customers, eq(customers.id, w.customer.id)).get())!.autopay, "nothing enrolled by the review").toBe(false);

    const plain = await review(w.client, { invoice: a.publicId, ...TEST_CARD });
    expect((await w.client.get(`/pay/confirm/${plain.key}`)).html).not.toContain('id="autopay-terms"');
  });

  it("a new card not asked to be saved is not kept among the saved methods", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    await pay(w.client, { invoice: a.publicId, ...TEST_CARD });
    const live = await w.scope.select(paymentSources, and(eq(paymentSources.customerId, w.customer.id), isNull(paymentSources.deletedAt))).all();
    expect(live).toEqual([]);
  });

  it("pays with a saved method and with the test bank account", async () => {
    const w = await world();
    const src = await makePaymentSource(w.scope, w.customer.id, { brand: "Mastercard", last4: "4444" });
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 1_000 }]);
    const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 2_000 }]);
    await pay(w.client, { invoice: a.publicId, method: `source_${src.publicId}` });
    await pay(w.client, { invoice: b.publicId, method: "new_bank", bank_routing: "110000000", bank_account: "000123456789", bank_holder: "Ada" });
    const ps = await paymentsOf(w, w.customer.id);
    expect(ps.map((p) => [p.amount, p.method, p.methodLast4]).sort()).toEqual([
      [1_000, "credit_card", "4444"],
      [2_000, "ach", "6789"],
    ]);
  });
});

describe("the pay page", () => {
  it("preselects the invoice named by ?invoice= (the invoice page's Pay button) and shows the confirmation before charging", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 1_000 }]);
    const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 2_000 }]);
    const page = await w.client.get(`/pay?invoice=${b.publicId}`);
    expect(page.html).toMatch(new RegExp(`id="inv-${b.publicId}" name="invoice" value="${b.publicId}" checked`));
    expect(page.html).not.toMatch(new RegExp(`id="inv-${a.publicId}" name="invoice" value="${a.publicId}" checked`));
    expect(page.html.match(/<h1>/g)).toHaveLength(1);

    const r = await review(w.client, { invoice: b.publicId, ...TEST_CARD });
    const confirmPage = await w.client.get(`/pay/confirm/${r.key}`);
    expect(confirmPage.html).toContain("Pay $20.00");
    expect(confirmPage.html).toContain(b.number);
    expect(confirmPage.html).toContain("Visa ending in 4242");
    expect(await paymentsOf(w, w.customer.id)).toEqual([]);
    expect((await invoiceRow(w, b.id)).balance).toBe(2_000);
  });

  it("My Account's Pay Now for one currency (?currency=eur) ticks the open invoices in that currency", async () => {
    const w = await world();
    const usd = await makeInvoice(w.scope, w.customer.id, { currency: "usd" });
    const eur = await makeInvoice(w.scope, w.customer.id, { currency: "eur" });
    const page = await w.client.get("/pay?currency=eur");
    expect(page.html).toMatch(new RegExp(`value="${eur.publicId}" checked`));
    expect(page.html).not.toMatch(new RegExp(`value="${usd.publicId}" checked`));
    expect(page.html).toContain("€100.00");
  });

  it("the htmx total fragment adds the ticked invoices' typed amounts", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 1_000 }]);
    const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 2_000 }]);
    const q = new URLSearchParams([
      ["invoice", a.publicId],
      ["invoice", b.publicId],
      [`amount_${b.publicId}`, "5.5"],
    ]);
    const res = await w.client.get(`/pay/total?${q}`);
    expect(res.status).toBe(200);
    expect(res.html).toContain('id="pay-total"');
    expect(res.html).toContain("$15.50");
    expect(res.html).not.toContain("<html");
  });
});
