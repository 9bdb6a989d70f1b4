import { describe, expect, it } from "vitest";
import { csvText } from "../../src/services/invoices/csv";
import { makeCustomer } from "../helpers/fixtures";
import { makeInvoice, signedIn } from "./helpers";

describe("invoice CSV export: security", () => {
  it("neutralises formula injection: a text cell starting with = + - @ tab or CR gets a leading apostrophe", () => {
    expect(csvText('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvText("+1+1")).toBe(`"'+1+1"`);
    expect(csvText("-2+3")).toBe(`"'-2+3"`);
    expect(csvText("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvText("\t=1")).toBe(`"'\t=1"`);
    expect(csvText("\r=1")).toBe(`"'\r=1"`);
    expect(csvText("a=1")).toBe("a=1");
  });

  it("an invoice whose number and PO are formulas exports them as text", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "=1+2", purchaseOrder: "@cmd|' /C calc'!A0", name: "-3" });
    const text = await (await portal.fetch("/invoices.csv")).text();
    const line = text.split("\r\n")[1]!;
    expect(line.startsWith(`"'=1+2","'-3"`)).toBe(true);
    expect(line).toContain(`"'@cmd|' /C calc'!A0"`);
    // no cell of the file starts a formula
    for (const cell of line.split(",")) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("S31: holds only the signed-in customer's invoices, never drafts or voided ones", async () => {
    const { t, cust, portal } = await signedIn();
    const other = await makeCustomer(t.scope);
    await makeInvoice(t.scope, cust.id, { number: "MINE-1" });
    await makeInvoice(t.scope, cust.id, { number: "MINE-DRAFT", status: "draft", draft: true });
    await makeInvoice(t.scope, cust.id, { number: "MINE-VOID", status: "voided", voided: true });
    await makeInvoice(t.scope, other.id, { number: "THEIRS-1" });
    const text = await (await portal.fetch("/invoices.csv?status=all")).text();
    expect(text).toContain("MINE-1");
    expect(text).not.toContain("MINE-DRAFT");
    expect(text).not.toContain("MINE-VOID");
    expect(text).not.toContain("THEIRS-1");
  });

  it("signed out, the export sends to sign in", async () => {
    const { t } = await signedIn();
    const res = await new (await import("../helpers/portal")).PortalClient(t.origin).get("/invoices.csv");
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login\?next=/);
  });
});
