import { describe, expect, it } from "vitest";
import { nowSeconds } from "../../src/lib/time";
import { makeCustomer, makePayment } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { makeInvoice, readPdf, signedIn } from "../invoices/helpers";

describe("statements: security", () => {
  it("S31: another customer's or tenant's invoices and payments appear in no statement, page or PDF", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "MINE-ST" });
    const sibling = await makeCustomer(t.scope);
    await makeInvoice(t.scope, sibling.id, { number: "SIBLING-ST" });
    await makePayment(t.scope, sibling.id, { amount: 987654 });
    const b = await makeTenant();
    await makeInvoice(b.scope, (await makeCustomer(b.scope)).id, { number: "FOREIGN-ST" });
    const month = new Date((nowSeconds() - 10 * 86400) * 1000).toISOString().slice(0, 7);
    for (const q of [`type=balance_forward&month=${month}`, "type=open_item"]) {
      const page = (await portal.get(`/statements?${q}`)).html;
      expect(page).toContain("MINE-ST");
      const pdf = (await readPdf(await portal.fetch(`/statements/pdf?${q}`))).text;
      expect(pdf).toContain("MINE-ST");
      for (const text of [page, pdf]) {
        expect(text).not.toContain("SIBLING-ST");
        expect(text).not.toContain("FOREIGN-ST");
        expect(text).not.toContain("9,876.54");
      }
    }
  });

  it("drafts and voided invoices are not on statements", async () => {
    const { t, cust, portal } = await signedIn();
    const date = nowSeconds() - 60; // this month, so the default statement holds them
    await makeInvoice(t.scope, cust.id, { number: "ST-SHOWN", date });
    await makeInvoice(t.scope, cust.id, { number: "ST-DRAFT", status: "draft", draft: true, date });
    await makeInvoice(t.scope, cust.id, { number: "ST-VOID", status: "voided", voided: true, date });
    for (const q of ["", "?type=open_item"]) {
      const h = (await portal.get(`/statements${q}`)).html;
      expect(h).toContain("ST-SHOWN");
      expect(h).not.toContain("ST-DRAFT");
      expect(h).not.toContain("ST-VOID");
    }
  });

  it("signed out, statements and their PDFs send to sign in", async () => {
    const t = await makeTenant({ requireAuthentication: false });
    const visitor = new PortalClient(t.origin);
    for (const path of ["/statements?type=open_item", "/statements/pdf?type=open_item"]) {
      const res = await visitor.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location).toMatch(/^\/login\?next=/);
    }
  });
});
