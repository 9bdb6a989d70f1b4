import { describe, expect, it } from "vitest";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { viewsWritten } from "../helpers/views";
import { eventsOf, invoiceRow, makeInvoice, payInvoices, readPdf, signedIn } from "./helpers";

describe("invoice detail and PDF: security", () => {
  it("S31: another customer's invoice is a 404 (not 403), records no view and keeps its status", async () => {
    const { t, cust, portal } = await signedIn();
    const other = await makeCustomer(t.scope);
    const theirs = await makeInvoice(t.scope, other.id, { status: "sent" });
    expect((await portal.get(`/invoices/${theirs.publicId}`)).status).toBe(404);
    expect((await portal.get(`/invoices/${theirs.publicId}/pdf`)).status).toBe(404);
    // views are written by the queue's consumer: one of the customer's own, viewed after, shows it has run
    const own = await makeInvoice(t.scope, cust.id, { status: "sent" });
    await portal.get(`/invoices/${own.publicId}`);
    expect(await viewsWritten(t.tenant.id, 1)).toEqual([{ type: "invoice.viewed", objectId: own.publicId }]);
    expect((await invoiceRow(t, theirs.id)).status).toBe("sent");
    expect(await eventsOf(t, "invoice.viewed")).toHaveLength(1);
  });

  it("S31: another tenant's invoice is a 404 even for a signed-in customer", async () => {
    const { t, cust, portal } = await signedIn();
    const b = await makeTenant();
    const foreign = await makeCustomer(b.scope);
    const inv = await makeInvoice(b.scope, foreign.id);
    expect((await portal.get(`/invoices/${inv.publicId}`)).status).toBe(404);
    expect((await portal.get(`/invoices/${inv.publicId}/pdf`)).status).toBe(404);
    const own = await makeInvoice(t.scope, cust.id);
    await portal.get(`/invoices/${own.publicId}`);
    await viewsWritten(t.tenant.id, 1);
    expect(await eventsOf(b, "invoice.viewed")).toHaveLength(0);
    expect(await eventsOf(t, "invoice.viewed")).toHaveLength(1);
  });

  it("signed out on a tenant that requires sign-in: to sign in, back to the invoice, and nothing recorded", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id);
    const res = await new PortalClient(t.origin).get(`/invoices/${inv.publicId}`);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/login?next=${encodeURIComponent(`/invoices/${inv.publicId}`)}`);
    const own = await makeInvoice(t.scope, cust.id);
    await portal.get(`/invoices/${own.publicId}`);
    expect(await viewsWritten(t.tenant.id, 1)).toEqual([{ type: "invoice.viewed", objectId: own.publicId }]);
    expect((await invoiceRow(t, inv.id)).status).toBe("sent");
  });
});

describe("invoice by document link (require_authentication off)", () => {
  async function linkWorld() {
    const t = await makeTenant({ requireAuthentication: false });
    const cust = await makeCustomer(t.scope, { name: "Link Holder Co" });
    const inv = await makeInvoice(t.scope, cust.id, { number: "LINK-1" });
    await payInvoices(t, cust.id, [{ invoice: inv, amount: 2500 }], { methodBrand: "Visa", methodLast4: "4242", method: "credit_card" });
    const other = await makeInvoice(t.scope, cust.id, { number: "LINK-OTHER" });
    return { t, cust, inv, other, visitor: new PortalClient(t.origin) };
  }

  it("shows that one invoice, without navigation, account data or card details, and records the view", async () => {
    const { t, inv, visitor } = await linkWorld();
    const res = await visitor.get(`/invoices/${inv.publicId}`);
    expect(res.status).toBe(200);
    expect(res.html).toContain("Invoice LINK-1");
    expect(res.html).toContain("Link Holder Co");
    expect(res.html).not.toContain('aria-label="Main"');
    expect(res.html).not.toContain("All invoices");
    expect(res.html).not.toContain("LINK-OTHER");
    expect(res.html).not.toContain("4242");
    expect(res.html).not.toContain("/payments/");
    expect(res.html).toContain("Sign in to pay");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    await viewsWritten(t.tenant.id, 1);
    const [ev] = await eventsOf(t, "invoice.viewed");
    expect(ev).toMatchObject({ objectId: inv.publicId, actor: "customer" });
    expect((await invoiceRow(t, inv.id)).status).toBe("viewed");
  });

  it("the PDF opens from the link too, without the card's last four", async () => {
    const { inv, visitor } = await linkWorld();
    const res = await visitor.fetch(`/invoices/${inv.publicId}/pdf`);
    expect(res.status).toBe(200);
    const pdf = await readPdf(res);
    expect(pdf.head).toBe("%PDF-");
    expect(pdf.text).toContain("LINK-1");
    expect(pdf.text).not.toContain("4242");
  });

  it("the link opens nothing else: lists, account, payments and receipts still need a sign-in", async () => {
    const { visitor } = await linkWorld();
    for (const path of ["/invoices", "/invoices.csv", "/account", "/payments", "/statements"]) {
      const res = await visitor.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location, path).toMatch(/^\/login/);
    }
  });

  it("drafts, voided invoices and other tenants' invoices are still a 404 by link", async () => {
    const { t, cust, visitor } = await linkWorld();
    const draft = await makeInvoice(t.scope, cust.id, { status: "draft", draft: true });
    const voided = await makeInvoice(t.scope, cust.id, { status: "voided", voided: true });
    const b = await makeTenant({ requireAuthentication: false });
    const foreign = await makeInvoice(b.scope, (await makeCustomer(b.scope)).id);
    for (const inv of [draft, voided, foreign]) {
      expect((await visitor.get(`/invoices/${inv.publicId}`)).status).toBe(404);
      expect((await visitor.get(`/invoices/${inv.publicId}/pdf`)).status).toBe(404);
    }
  });
});
