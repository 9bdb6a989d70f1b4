import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { invoices, lineItems } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { afterDepositPaid } from "../../src/services/estimates/after-approval";
import { estimateHash } from "../../src/services/estimates/hash";
import { applyPayment } from "../../src/services/pay/apply-payment";
import { makeCustomer, makeEstimate } from "../helpers/fixtures";
import { viewsWritten } from "../helpers/views";
import { approvalsOf, approve, browser, estimate, eventsOf, past, row, signedIn } from "./helpers";

describe("portal estimates: list and detail", () => {
  it("lists the customer's estimates by filter; drafts, voided and other customers' never show", async () => {
    const w = await signedIn();
    await estimate(w, { number: "E-OPEN", status: "sent" });
    await estimate(w, { number: "E-VIEWED", status: "viewed" });
    await estimate(w, { number: "E-APPROVED", status: "approved", approved: "AB" });
    await estimate(w, { number: "E-INVOICED", status: "invoiced" });
    await estimate(w, { number: "E-DECLINED", status: "declined", declinedReason: "no" });
    await estimate(w, { number: "E-EXPIRED", status: "sent", expirationDate: past(1) });
    await estimate(w, { number: "E-DRAFT", status: "draft", draft: true });
    await estimate(w, { number: "E-VOID", status: "voided" });
    const other = await makeCustomer(w.t.scope);
    await makeEstimate(w.t.scope, other.id, { number: "E-NOT-MINE" });

    const shows = async (filter: string) => {
      const res = await w.portal.get(`/estimates${filter ? `?filter=${filter}` : ""}`);
      expect(res.status).toBe(200);
      return ["E-OPEN", "E-VIEWED", "E-APPROVED", "E-INVOICED", "E-DECLINED", "E-EXPIRED", "E-DRAFT", "E-VOID", "E-NOT-MINE"].filter((n) =>
        res.html.includes(`>${n}<`),
      );
    };
    expect(await shows("")).toEqual(["E-OPEN", "E-VIEWED", "E-APPROVED", "E-INVOICED", "E-DECLINED", "E-EXPIRED"]);
    expect(await shows("open")).toEqual(["E-OPEN", "E-VIEWED"]);
    expect(await shows("approved")).toEqual(["E-APPROVED", "E-INVOICED"]);
    expect(await shows("declined")).toEqual(["E-DECLINED"]);
    expect(await shows("expired")).toEqual(["E-EXPIRED"]);
    expect(await shows("nonsense")).toHaveLength(6);
  });

  it("shows the detail: lines, discounts, taxes, total, deposit, expiration date and terms", async () => {
    const w = await signedIn();
    const e = await estimate(
      w,
      {
        number: "E-42",
        deposit: 25_000,
        terms: "Half up front, the rest on delivery.",
        discounts: [{ id: 1, rateId: "welcome10", name: "Welcome 10%", percentBp: 1000, amount: 10_000 }],
        taxes: [{ id: 1, rateId: "vat", name: "VAT", percentBp: 2000, amount: 18_000 }],
        subtotal: 100_000,
        totalDiscounts: 10_000,
        totalTaxes: 18_000,
        total: 108_000,
        expirationDate: Date.UTC(2099, 0, 31) / 1000,
      },
      [
        { name: "Cabinets", unitCost: 60_000 },
        { name: "Fitting", quantityE4: 25_000, unitCost: 16_000 },
      ],
    );
    const res = await w.portal.get(`/estimates/${e.publicId}`);
    expect(res.status).toBe(200);
    for (const text of [
      "Estimate E-42",
      "Cabinets",
      "Fitting",
      "2.5",
      "Discount: Welcome 10% (10%)",
      "Tax: VAT (20%)",
      "$1,080.00",
      "Deposit due on approval",
      "$250.00",
      "Jan 31, 2099",
      "Half up front",
    ]) {
      expect(res.html).toContain(text);
    }
    expect(res.html).toContain("I agree to the terms of this estimate");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
  });

  it("the PDF is a valid PDF that names the estimate number", async () => {
    const w = await signedIn();
    const e = await estimate(w, { number: "E-PDF-7" });
    const res = await w.portal.fetch(`/estimates/${e.publicId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toContain('filename="estimate-E-PDF-7.pdf"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe("Estimate E-PDF-7");
    expect(doc.getPageCount()).toBe(1);
  });

  it("viewing records estimate.viewed (with IP and browser) and moves sent to viewed", async () => {
    const w = await signedIn();
    const e = await estimate(w, { status: "sent" });
    await w.portal.get(`/estimates/${e.publicId}`, { headers: browser });
    await viewsWritten(w.t.tenant.id, 1);
    expect((await row(w, e.id)).status).toBe("viewed");
    const [ev] = await eventsOf(w, "estimate.viewed");
    expect(ev).toMatchObject({ actor: "customer", customerId: w.cust.id, objectId: e.publicId, ip: "198.51.100.7", userAgent: "Mozilla/5.0 (TestBrowser)" });
    await w.portal.get(`/estimates/${e.publicId}/pdf`);
    await viewsWritten(w.t.tenant.id, 2);
    expect((await eventsOf(w, "estimate.viewed"))[0]!.data).toMatchObject({ via: "pdf" });
    const approved = await estimate(w, { status: "approved", approved: "X" });
    await w.portal.get(`/estimates/${approved.publicId}`);
    expect((await row(w, approved.id)).status).toBe("approved");
  });
});

describe("portal estimates: approve and decline", () => {
  it("approving stores who, when, IP, browser, initials and the hash, and shows the approval record", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    const res = await approve(w, e.publicId, { initials: "Ada L." });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/estimates/${e.publicId}?done=approved`);
    const [a] = await approvalsOf(w, e.id);
    expect(a).toMatchObject({
      customerId: w.cust.id,
      sessionId: w.sessionId,
      email: w.cust.email,
      initials: "Ada L.",
      ip: "198.51.100.7",
      userAgent: "Mozilla/5.0 (TestBrowser)",
      revision: 1,
    });
    expect(Math.abs(a!.createdAt - nowSeconds())).toBeLessThan(60);
    const stored = await row(w, e.id);
    expect(stored).toMatchObject({ status: "approved", approved: "Ada L." });
    const lines = await w.t.scope.select(lineItems, eq(lineItems.estimateId, e.id)).all();
    expect(a!.documentHash).toBe(await estimateHash(stored, lines));
    const page = await w.portal.get(res.location!);
    for (const text of ["Thank you. You approved this estimate.", "Approval record", "Ada L.", "198.51.100.7", "Mozilla/5.0 (TestBrowser)", a!.documentHash]) {
      expect(page.html).toContain(text);
    }
    expect(page.html).not.toContain("I agree to the terms of this estimate");
    const [ev] = await eventsOf(w, "estimate.approved");
    expect(ev).toMatchObject({ actor: "customer", ip: "198.51.100.7", data: { initials: "Ada L.", document_hash: a!.documentHash } });
    const api = (await w.api.get(`/estimates/${e.id}`)).body;
    expect(api).toMatchObject({ status: "approved", approved: "Ada L.", approval: { ip: "198.51.100.7", user_agent: "Mozilla/5.0 (TestBrowser)" } });
  });

  it("declining with a reason: the merchant sees it through the API and the event", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    const res = await w.portal.post(`/estimates/${e.publicId}/decline`, { reason: "Over our budget this quarter.", revision: "1" }, { headers: browser });
    expect(res.status).toBe(303);
    const page = await w.portal.get(res.location!);
    expect(page.html).toContain("You declined this estimate");
    expect(page.html).toContain("Over our budget this quarter.");
    const api = (await w.api.get(`/estimates/${e.id}`)).body;
    expect(api).toMatchObject({ status: "declined", declined_reason: "Over our budget this quarter." });
    const [ev] = await eventsOf(w, "estimate.declined");
    expect(ev).toMatchObject({ actor: "customer", ip: "198.51.100.7", data: { reason: "Over our budget this quarter." } });
  });

  it("declining without a reason is fine", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    expect((await w.portal.post(`/estimates/${e.publicId}/decline`, { reason: "", revision: "1" })).status).toBe(303);
    expect(await row(w, e.id)).toMatchObject({ status: "declined", declinedReason: null });
  });

  it("estimate_auto_invoice on: approval creates the invoice (same lines and total) and shows it", async () => {
    const w = await signedIn({ estimateAutoInvoice: true });
    const e = await estimate(w, { number: "E-AUTO" }, [{ name: "Roof", unitCost: 420_000 }]);
    const res = await approve(w, e.publicId);
    expect(res.location).toBe(`/estimates/${e.publicId}?done=invoiced`);
    const [inv] = await w.t.scope.select(invoices, eq(invoices.estimateId, e.id)).all();
    expect(inv).toMatchObject({ total: 420_000, balance: 420_000, status: "not_sent", customerId: w.cust.id });
    expect(await row(w, e.id)).toMatchObject({ status: "invoiced", invoiceId: inv!.id });
    const page = await w.portal.get(res.location!);
    expect(page.html).toContain(`invoice ${inv!.number} was created`);
    expect(page.html).toContain(`href="/invoices/${inv!.publicId}"`);
  });

  it("estimate_auto_invoice off (the default): approval creates no invoice", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    expect((await approve(w, e.publicId)).location).toBe(`/estimates/${e.publicId}?done=approved`);
    expect(await w.t.scope.select(invoices).all()).toEqual([]);
  });
});

describe("portal estimates: deposits", () => {
  it("approving an estimate with a deposit goes straight to /pay for it; a deposit payment marks deposit_paid", async () => {
    const w = await signedIn();
    const e = await estimate(w, { deposit: 10_000 });
    const res = await approve(w, e.publicId);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/pay?estimate=${e.publicId}`);
    const detail = await w.portal.get(`/estimates/${e.publicId}`);
    expect(detail.html).toContain(`href="/pay?estimate=${e.publicId}"`);

    await applyPayment(
      w.t.scope,
      { customerId: w.cust.id, currency: "usd", amount: 10_000, source: "portal", applications: [{ type: "estimate", estimateId: e.id, amount: 10_000 }] },
      nowSeconds(),
      { actor: "customer" },
      "https://portal.test",
    );
    expect((await row(w, e.id)).depositPaid).toBe(true);
    expect((await w.api.get(`/estimates/${e.id}`)).body.deposit_paid).toBe(true);
    const after = await w.portal.get(`/estimates/${e.publicId}`);
    expect(after.html).toContain("Deposit (paid)");
    expect(after.html).not.toContain(`href="/pay?estimate=${e.publicId}"`);
  });

  it("with estimate_auto_invoice on, the invoice follows the paid deposit and credits it", async () => {
    const w = await signedIn({ estimateAutoInvoice: true });
    const e = await estimate(w, { deposit: 10_000 }, [{ unitCost: 50_000 }]);
    expect((await approve(w, e.publicId)).location).toBe(`/pay?estimate=${e.publicId}`);
    expect(await w.t.scope.select(invoices).all()).toEqual([]); // not before the deposit: it would be billed twice
    await applyPayment(
      w.t.scope,
      { customerId: w.cust.id, currency: "usd", amount: 10_000, applications: [{ type: "estimate", estimateId: e.id, amount: 10_000 }] },
      nowSeconds(),
      { actor: "customer" },
      "https://portal.test",
    );
    const invoiceId = await afterDepositPaid(w.t.scope, w.t.tenant, e.id, nowSeconds(), w.t.origin);
    expect(invoiceId).not.toBeNull();
    const [inv] = await w.t.scope.select(invoices, eq(invoices.id, invoiceId!)).all();
    expect(inv).toMatchObject({ total: 50_000, balance: 40_000, estimateId: e.id });
  });
});
