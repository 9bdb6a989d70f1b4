import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeInvoice, makePaymentSource } from "../helpers/fixtures";
import { readPdf } from "../invoices/helpers";
import { signedIn } from "../payment-methods/helpers";
import { apiTenant } from "./support";

const CONTACT = {
  support_email: "help@acme.example",
  support_phone: "+44 20 7946 0000",
  postal_address: "Acme Ltd\n10 Downing Lane\nLondon SW1A 2AA",
  tax_id: "GB123456789",
  website: "https://acme.example/",
  autopay_terms: "We charge in GBP.\n\nRefunds within 14 days on request.",
};

describe("settings: merchant contact details and AutoPay text (issue 17)", () => {
  it("PATCH /settings stores them and GET shows them; blanks clear them", async () => {
    const { api } = await apiTenant();
    const before = await api.get("/settings");
    expect(before.body).toMatchObject({ support_email: null, support_phone: null, postal_address: null, tax_id: null, website: null, autopay_terms: null });
    const res = await api.patch("/settings", CONTACT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(CONTACT);
    expect((await api.get("/settings")).body).toMatchObject(CONTACT);
    const cleared = await api.patch("/settings", { website: "", support_phone: null });
    expect(cleared.body).toMatchObject({ website: null, support_phone: null, support_email: "help@acme.example" });
  });

  it("refuses what cannot be shown safely (400 naming the field)", async () => {
    const { api } = await apiTenant();
    const cases: [Record<string, unknown>, string][] = [
      [{ support_email: "not-an-email" }, "support_email"],
      [{ website: "http://acme.example" }, "website"],
      [{ website: "javascript:alert(1)" }, "website"],
      [{ website: "https://user:pw@acme.example" }, "website"],
      [{ support_phone: "+1\n555" }, "support_phone"],
      [{ tax_id: "x".repeat(41) }, "tax_id"],
      [{ postal_address: "x".repeat(301) }, "postal_address"],
      [{ autopay_terms: "x".repeat(2001) }, "autopay_terms"],
    ];
    for (const [body, param] of cases) {
      const res = await api.patch("/settings", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.param).toBe(param);
    }
  });

  it("the portal footer shows how to reach the merchant, with a Back to <merchant> link; the invoice PDF carries the same", async () => {
    const s = await signedIn();
    await s.t.scope.db.run(
      sql`UPDATE tenants SET support_email = ${CONTACT.support_email}, support_phone = ${CONTACT.support_phone}, postal_address = ${CONTACT.postal_address}, tax_id = ${CONTACT.tax_id}, website = ${CONTACT.website} WHERE id = ${s.t.tenant.id}`,
    );
    const page = await s.portal.get("/account");
    expect(page.status).toBe(200);
    const footer = page.html.slice(page.html.indexOf("<footer"));
    expect(footer).toContain('href="mailto:help@acme.example"');
    expect(footer).toContain('href="tel:+442079460000"');
    expect(footer).toContain("10 Downing Lane");
    expect(footer).toContain("GB123456789");
    expect(page.html).toContain(`<a class="merchant-return" href="https://acme.example/"><span aria-hidden="true">← </span>Back to ${s.t.tenant.name}</a>`);

    const inv = await makeInvoice(s.t.scope, s.cust.id, { number: "INV-FOOT-1", status: "sent" });
    const pdf = await readPdf(await s.portal.fetch(`/invoices/${inv.publicId}/pdf`));
    for (const text of ["help@acme.example", "+44 20 7946 0000", "10 Downing Lane", "GB123456789", "Pay online", `/pay?invoice=${inv.publicId}`]) {
      expect(pdf.text, text).toContain(text);
    }
  });

  it("without contact details there is no contact block and no return link", async () => {
    const s = await signedIn();
    const page = await s.portal.get("/account");
    expect(page.html).not.toContain("merchant-contact");
    expect(page.html).not.toContain("Back to ");
  });

  it("before enrolling, the AutoPay text says which method, which invoices, when, declines, how to stop, then the tenant's own text", async () => {
    const s = await signedIn({ allowAutopayOptOut: false, supportEmail: "help@acme.example", autopayTerms: CONTACT.autopay_terms });
    const card = await makePaymentSource(s.t.scope, s.cust.id, { brand: "Visa", last4: "4242" });
    await s.t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${card.id} WHERE id = ${s.cust.id}`);
    const list = await s.portal.get("/payment-methods");
    expect(list.html, "the list links to the confirmation, it does not enrol").toContain('href="/payment-methods/autopay/confirm"');
    expect(list.html).not.toContain("Agree and turn on AutoPay");
    const page = await s.portal.get("/payment-methods/autopay/confirm");
    expect(page.status).toBe(200);
    const terms = page.html.slice(page.html.indexOf('id="autopay-terms"'), page.html.indexOf("</form>", page.html.indexOf('id="autopay-terms"')));
    expect(terms).toContain("Visa ending in 4242");
    expect(terms).toContain("every open invoice on your account");
    expect(terms).toContain("every 15");
    expect(terms).toContain("3, 5 and 7 days");
    expect(terms).toContain(`only ${s.t.tenant.name} can turn AutoPay off for you: contact ${s.t.tenant.name} (help@acme.example)`);
    expect(terms).toContain("<p>We charge in GBP.</p><p>Refunds within 14 days on request.</p>");
    expect(terms).toContain("Agree and turn on AutoPay");
    // nothing promises a day of charge the run does not keep
    expect(page.html).not.toContain("paid on their due date");
  });

  it("with opt-out allowed the text says the customer can turn it off here", async () => {
    const s = await signedIn({ allowAutopayOptOut: true, dunningRetryDays: [] });
    const card = await makePaymentSource(s.t.scope, s.cust.id);
    await s.t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${card.id} WHERE id = ${s.cust.id}`);
    const page = await s.portal.get("/payment-methods/autopay/confirm");
    expect(page.html).toContain("you can turn AutoPay off at any time on the Payment methods page");
    expect(page.html).toContain("it is not retried automatically");
    expect(page.html, "a way back that changes nothing").toContain('<a href="/payment-methods">Cancel, keep AutoPay off</a>');
  });

  it("the confirmation step leads back when there is nothing to agree to, and is refused where enrolment is off", async () => {
    const none = await signedIn();
    const noMethod = await none.portal.get("/payment-methods/autopay/confirm");
    expect([noMethod.status, noMethod.headers.get("location")]).toEqual([303, "/payment-methods"]);

    const on = await signedIn();
    const card = await makePaymentSource(on.t.scope, on.cust.id);
    await on.t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${card.id}, autopay = 1 WHERE id = ${on.cust.id}`);
    const already = await on.portal.get("/payment-methods/autopay/confirm");
    expect([already.status, already.headers.get("location")]).toEqual([303, "/payment-methods"]);

    const off = await signedIn({ allowAutopayEnrollment: false });
    const offCard = await makePaymentSource(off.t.scope, off.cust.id);
    await off.t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${offCard.id} WHERE id = ${off.cust.id}`);
    expect((await off.portal.get("/payment-methods/autopay/confirm")).status).toBe(403);
  });
});
