import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tenants } from "../../src/db/schema";
import { accessibleAccent } from "../../src/services/theme";
import { testDb } from "../helpers/tenants";
import { attachedPdf, draftInvoice, emailWorld, eventsOfType, linkIn, outboxOf } from "./helpers";

describe("document emails: invoice.send as Invoiced's client calls it", () => {
  it("POST /invoices/{id}/emails with {} mails the customer and its primary contact, one branded message each, the PDF attached and a link that works", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w);
    // Invoiced's Ruby client: invoice.send -> POST /invoices/:id/emails, Basic auth with the key, JSON body of the options ({} without any)
    const res = await w.api.post(`/invoices/${inv.id}/emails`, {});
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(2);
    expect(res.body.map((e: { email: string }) => e.email).sort()).toEqual([w.customer.email, w.primary.email].sort());
    for (const e of res.body) {
      expect(e).toMatchObject({ object: "email", state: "sent", reject_reason: null, template: "new_invoice_email", opens: 0, clicks: 0 });
      expect(e.subject).toBe(`Invoice ${inv.number} from ${w.t.tenant.name}`);
      expect(e.id).toMatch(/^[0-9a-f]{32}$/);
    }

    const mails = await outboxOf(w.t.tenant.id);
    expect(mails.map((m) => m.to).sort()).toEqual([w.customer.email, w.primary.email].sort());
    expect(mails.find((m) => m.to === w.other.email)).toBeUndefined();
    const url = `${w.t.origin}/invoices/${inv.public_id}`;
    for (const m of mails) {
      // branded: name, colour (as the portal renders it), contact details; the button and the summary
      expect(m.html).toContain(w.t.tenant.name);
      expect(m.html).toContain(accessibleAccent("#0f766e"));
      expect(m.html).toContain("View and pay");
      expect(m.html).toContain(`href="${url}"`);
      expect(m.html).toContain("$1,000.00");
      expect(m.text).toContain("help@merchant.example");
      expect(m.text).toContain("+1 555 0100");
      expect(m.text).toContain("1 Harbour Street");
      expect(m.text).toContain(`View and pay: ${url}`);
      expect(m.attachments).toHaveLength(1);
      expect(m.attachments[0]).toMatchObject({ filename: `invoice-${inv.number}.pdf`, contentType: "application/pdf" });
      const pdf = await attachedPdf(m.attachments[0]!);
      expect(pdf.head).toBe("%PDF-");
      expect(pdf.doc.getTitle()).toBe(`Invoice ${inv.number}`);
      for (const s of ["Two days on site", "help@merchant.example", "1 Harbour Street", "Pay online", `${w.t.origin}/pay?invoice=${inv.public_id}`]) {
        expect(pdf.text, s).toContain(s);
      }
    }
    expect(mails.find((m) => m.to === w.primary.email)!.text).toMatch(/^Hello Grace Hopper,/);

    // the link: signed out it goes through sign-in and comes back to the invoice
    const link = linkIn(mails[0]!.text, url);
    const open = await exports.default.fetch(link, { redirect: "manual" });
    expect(open.status).toBe(303);
    expect(open.headers.get("Location")).toBe(`/login?next=${encodeURIComponent(`/invoices/${inv.public_id}`)}`);

    // issued by the send: invoice.sent once, then one email.sent per message with the email object
    expect((await w.api.get(`/invoices/${inv.id}`)).body).toMatchObject({ draft: false, status: "sent", sent: true });
    expect(await eventsOfType(w, "invoice.sent")).toHaveLength(1);
    const sent = await eventsOfType(w, "email.sent");
    expect(sent).toHaveLength(2);
    expect(sent.map((e) => e.objectId).sort()).toEqual(res.body.map((e: { id: string }) => e.id).sort());
    expect(sent[0]).toMatchObject({ actor: "api", objectType: "email", customerId: w.customer.id });
    expect(sent[0]!.data).toMatchObject({ document: { object: "invoice", id: inv.id, number: inv.number } });
    expect((sent[0]!.data as { object: { email: string } }).object.email).toBe(res.body[0].email);
    // as Invoiced's Event.list shows them
    const listed = await w.api.get("/events?filter[type]=email.sent");
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    expect(listed.body.map((e: { data: { object: { id: string } } }) => e.data.object.id).sort()).toEqual(res.body.map((e: { id: string }) => e.id).sort());
  });

  it("takes `to` as Invoiced's client passes it ([{name, email}]), with its own subject and message", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w);
    const res = await w.api.post(`/invoices/${inv.id}/emails`, {
      to: [{ name: "Accounts Payable", email: "ap@customer.example" }],
      subject: "Your June invoice",
      message: "Hi team,\n\nhere is June's invoice. Thank you!",
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([expect.objectContaining({ email: "ap@customer.example", name: "Accounts Payable", subject: "Your June invoice" })]);
    expect(res.body[0].message).toBe("Hi team,\n\nhere is June's invoice. Thank you!");
    const mails = await outboxOf(w.t.tenant.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "ap@customer.example", subject: "Your June invoice" });
    expect(mails[0]!.text).toContain("here is June's invoice. Thank you!");
    expect(mails[0]!.text).toMatch(/^Hello Accounts Payable,/);
  });

  it("with require_authentication off, the mailed link opens the invoice itself, with the way to pay it", async () => {
    const w = await emailWorld({ requireAuthentication: false });
    const inv = await draftInvoice(w);
    await w.api.post(`/invoices/${inv.id}/emails`, {});
    const [mail] = await outboxOf(w.t.tenant.id, w.customer.email);
    const link = linkIn(mail!.text, `${w.t.origin}/invoices/`);
    const page = await exports.default.fetch(link, { redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(inv.number);
    expect(html).toContain(`/login?next=${encodeURIComponent(`/pay?invoice=${inv.public_id}`)}`);
    expect(html).toContain("help@merchant.example");
  });

  it("a paid invoice is mailed as a copy: 'View invoice', nothing owed", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w, { draft: false });
    await w.api.post("/payments", { customer: w.customer.id, amount: 1000, currency: "usd", applied_to: [{ type: "invoice", invoice: inv.id, amount: 1000 }] });
    const res = await w.api.post(`/invoices/${inv.id}/emails`, { to: [{ email: "copy@customer.example" }] });
    expect(res.status).toBe(201);
    const [mail] = await outboxOf(w.t.tenant.id);
    expect(mail!.html).toContain("View invoice");
    expect(mail!.html).not.toContain("View and pay");
  });

  it("an Idempotency-Key retry mails nobody twice", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w);
    const key = { "Idempotency-Key": `send-${inv.id}` };
    const a = await w.api.post(`/invoices/${inv.id}/emails`, {}, key);
    const b = await w.api.post(`/invoices/${inv.id}/emails`, {}, key);
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    expect(await outboxOf(w.t.tenant.id)).toHaveLength(2);
  });
});

describe("document emails: estimates and statements", () => {
  it("estimate.send mails 'View and approve' with the estimate's PDF and issues a draft estimate", async () => {
    const w = await emailWorld();
    const est = (
      await w.api.post("/estimates", {
        customer: w.customer.id,
        draft: true,
        items: [{ name: "Roof repair", description: "Slate, north side", quantity: 1, unit_cost: 2400 }],
      })
    ).body;
    const res = await w.api.post(`/estimates/${est.id}/emails`, { to: [{ name: "Ada", email: w.customer.email }] });
    expect(res.status).toBe(201);
    expect(res.body[0]).toMatchObject({ template: "estimate_email", state: "sent" });
    expect((await w.api.get(`/estimates/${est.id}`)).body.status).toBe("sent");
    const [mail] = await outboxOf(w.t.tenant.id);
    expect(mail!.subject).toBe(`Estimate ${est.number} from ${w.t.tenant.name}`);
    expect(mail!.html).toContain("View and approve");
    expect(mail!.text).toContain(`${w.t.origin}/estimates/${est.public_id}`);
    const pdf = await attachedPdf(mail!.attachments[0]!);
    expect(pdf.doc.getTitle()).toBe(`Estimate ${est.number}`);
    for (const s of ["Slate, north side", "Approve online", "help@merchant.example", "Prepared for"]) expect(pdf.text, s).toContain(s);
    expect(await eventsOfType(w, "email.sent")).toHaveLength(1);
  });

  it("customer.send_statement mails an open-item statement by default, a balance forward when asked", async () => {
    const w = await emailWorld();
    await draftInvoice(w, { draft: false });
    const open = await w.api.post(`/customers/${w.customer.id}/emails`, {});
    expect(open.status).toBe(201);
    expect(open.body.map((e: { template: string }) => e.template)).toEqual(["statement_email", "statement_email"]);
    const first = (await outboxOf(w.t.tenant.id, w.customer.email))[0]!;
    expect(first.subject).toBe(`Your account statement from ${w.t.tenant.name}`);
    expect(first.text).toContain(`${w.t.origin}/statements?type=open_item`);
    expect(first.text).toContain("$1,000.00 due");
    expect(first.attachments[0]!.filename).toBe("open-items.pdf");
    expect((await attachedPdf(first.attachments[0]!)).head).toBe("%PDF-");

    const bf = await w.api.post(`/customers/${w.customer.id}/emails`, { type: "balance_forward", to: [{ email: "books@customer.example" }] });
    expect(bf.status).toBe(201);
    const [mail] = await outboxOf(w.t.tenant.id, "books@customer.example");
    expect(mail!.attachments[0]!.filename).toMatch(/^statement-\d{4}-\d{2}\.pdf$/);
    expect(mail!.text).toContain("type=balance_forward&month=");
    const sent = await eventsOfType(w, "email.sent");
    expect(sent).toHaveLength(3);
    expect(sent[2]!.data).toMatchObject({ document: { object: "customer", id: w.customer.id } });
  });

  it("without contact details the mail and PDF carry the merchant's name alone", async () => {
    const w = await emailWorld();
    await testDb()
      .update(tenants)
      .set({ supportEmail: null, supportPhone: null, postalAddress: null, taxId: null, website: null })
      .where(eq(tenants.id, w.t.tenant.id));
    const inv = await draftInvoice(w);
    await w.api.post(`/invoices/${inv.id}/emails`, { to: [{ email: "x@customer.example" }] });
    const [mail] = await outboxOf(w.t.tenant.id);
    expect(mail!.text.trimEnd().endsWith(`--\n${w.t.tenant.name}`)).toBe(true);
    expect((await attachedPdf(mail!.attachments[0]!)).text).not.toContain("help@merchant.example");
  });
});
