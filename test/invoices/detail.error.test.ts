import { describe, expect, it } from "vitest";
import { eventsOf, invoiceRow, makeInvoice, signedIn } from "./helpers";

describe("invoice detail and PDF: what does not exist", () => {
  it("drafts are a 404 on the page and the PDF, and viewing them records nothing", async () => {
    const { t, cust, portal } = await signedIn();
    const draft = await makeInvoice(t.scope, cust.id, { status: "draft", draft: true });
    const draftFlagOnly = await makeInvoice(t.scope, cust.id, { status: "sent", draft: true });
    for (const inv of [draft, draftFlagOnly]) {
      expect((await portal.get(`/invoices/${inv.publicId}`)).status).toBe(404);
      expect((await portal.get(`/invoices/${inv.publicId}/pdf`)).status).toBe(404);
    }
    expect(await eventsOf(t, "invoice.viewed")).toHaveLength(0);
    expect((await invoiceRow(t, draftFlagOnly.id)).status).toBe("sent");
  });

  it("voided invoices are a 404, by status or by flag, and are not moved to viewed", async () => {
    const { t, cust, portal } = await signedIn();
    const voided = await makeInvoice(t.scope, cust.id, { status: "voided", voided: true });
    const flagged = await makeInvoice(t.scope, cust.id, { status: "sent", voided: true });
    for (const inv of [voided, flagged]) {
      expect((await portal.get(`/invoices/${inv.publicId}`)).status).toBe(404);
      expect((await portal.get(`/invoices/${inv.publicId}/pdf`)).status).toBe(404);
    }
    expect((await invoiceRow(t, flagged.id)).status).toBe("sent");
    expect(await eventsOf(t, "invoice.viewed")).toHaveLength(0);
  });

  it("drafts and voided invoices are not in the list under any filter", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "HIDDEN-DRAFT", status: "draft", draft: true });
    await makeInvoice(t.scope, cust.id, { number: "HIDDEN-VOID", status: "voided", voided: true });
    for (const status of ["open", "paid", "past_due", "all"]) {
      const html = (await portal.get(`/invoices?status=${status}&q=HIDDEN`)).html;
      expect(html).not.toContain("HIDDEN-");
    }
  });

  it("an unknown or malformed id is the plain 404 page", async () => {
    const { portal } = await signedIn();
    for (const id of ["doesnotexist000", "short", "has-dash-0000000", "a".repeat(41), "%27%20or%201%3D1--"]) {
      const page = await portal.get(`/invoices/${id}`);
      expect(page.status, id).toBe(404);
      expect(page.html).toContain("Page not found");
      expect((await portal.get(`/invoices/${id}/pdf`)).status, id).toBe(404);
    }
  });
});
