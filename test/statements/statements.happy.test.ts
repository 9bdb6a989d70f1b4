import { describe, expect, it } from "vitest";
import { DAY, nowSeconds } from "../../src/lib/time";
import { currentMonth } from "../../src/services/statements/statement";
import { makePayment } from "../helpers/fixtures";
import { makeInvoice, payInvoices, pdfLiteral, readPdf, signedIn } from "../invoices/helpers";

const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;

async function octoberWorld() {
  const ctx = await signedIn({}, { name: "Statement Customer" });
  const { t, cust } = ctx;
  // before October: 100.00 invoiced, 40.00 paid -> opening 60.00
  const sep = await makeInvoice(t.scope, cust.id, { number: "BF-SEP", date: at("2026-09-10") }, [{ unitCost: 10000 }]);
  await payInvoices(t, cust.id, [{ invoice: sep, amount: 4000 }], { date: at("2026-09-20"), methodBrand: "Visa", methodLast4: "4242", method: "credit_card" });
  // October: +250.00, -60.00, +15.25 -> closing 265.25
  await makeInvoice(t.scope, cust.id, { number: "BF-OCT1", date: at("2026-10-03") }, [{ unitCost: 25000 }]);
  await makePayment(t.scope, cust.id, { amount: 6000, date: at("2026-10-15"), method: "check" });
  await makeInvoice(t.scope, cust.id, { number: "BF-OCT2", date: at("2026-10-28") }, [{ unitCost: 1525 }]);
  // November: not in October's statement
  await makeInvoice(t.scope, cust.id, { number: "BF-NOV", date: at("2026-11-02") }, [{ unitCost: 99900 }]);
  // another currency has its own section
  await makeInvoice(t.scope, cust.id, { number: "BF-JPY", currency: "jpy", date: at("2026-10-05") }, [{ unitCost: 5000 }]);
  return ctx;
}

describe("statements: happy paths", () => {
  it("balance forward for a chosen month: opening, lines with a running balance, closing, per currency", async () => {
    const { portal } = await octoberWorld();
    const res = await portal.get("/statements?type=balance_forward&month=2026-10");
    expect(res.status).toBe(200);
    const h = res.html;
    expect(h).toContain("Balance forward statement, October 2026");
    expect(h).toContain("Amounts in USD");
    expect(h).toContain("Amounts in JPY");
    expect(h).toMatch(/Opening balance<\/dt><dd><span class="money opening">\$60\.00/);
    expect(h).toMatch(/Closing balance<\/dt><dd><span class="money closing">\$265\.25/);
    expect(h).toContain("Invoice BF-OCT1");
    expect(h).toContain("Payment, Check");
    expect(h).not.toContain("BF-SEP");
    expect(h).not.toContain("BF-NOV");
    // running balance in order: 60.00 -> 310.00 -> 250.00 -> 265.25
    const i310 = h.indexOf("$310.00");
    const i250 = h.indexOf("$250.00", i310);
    expect(i310).toBeGreaterThan(0);
    expect(i250).toBeGreaterThan(i310);
    expect(h.indexOf("$265.25", i250)).toBeGreaterThan(i250);
    expect(h).toContain("¥5,000");
    expect(h).not.toContain("¥5,000.00");
    expect(h).toContain('href="/statements/pdf?type=balance_forward&amp;month=2026-10"');
    expect(h).toContain("Previous month (September 2026)");
  });

  it("defaults to this month's balance forward", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "THIS-MONTH", date: currentMonth(nowSeconds()).start + 60 });
    const h = (await portal.get("/statements")).html;
    expect(h).toContain("THIS-MONTH");
    expect(h).toContain(`value="${currentMonth(nowSeconds()).key}"`);
  });

  it("open item (redirect_to=open_item_statement lands on ?type=open_item): open invoices with aging buckets", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    await makeInvoice(t.scope, cust.id, { number: "OI-CURRENT", dueDate: now + 5 * DAY }, [{ unitCost: 1000 }]);
    await makeInvoice(t.scope, cust.id, { number: "OI-10", dueDate: now - 10 * DAY }, [{ unitCost: 2000 }]);
    await makeInvoice(t.scope, cust.id, { number: "OI-45", dueDate: now - 45 * DAY }, [{ unitCost: 4000 }]);
    await makeInvoice(t.scope, cust.id, { number: "OI-75", dueDate: now - 75 * DAY }, [{ unitCost: 8000 }]);
    await makeInvoice(t.scope, cust.id, { number: "OI-200", dueDate: now - 200 * DAY }, [{ unitCost: 16000 }]);
    const paid = await makeInvoice(t.scope, cust.id, { number: "OI-PAID" });
    await payInvoices(t, cust.id, [{ invoice: paid, amount: paid.total }]);
    const res = await portal.get("/statements?type=open_item");
    expect(res.status).toBe(200);
    const h = res.html;
    expect(h).toContain("Open item statement as of");
    expect(h).not.toContain("OI-PAID");
    expect(h.indexOf("OI-200")).toBeLessThan(h.indexOf("OI-CURRENT")); // oldest due first
    const bucket = (label: string) => new RegExp(`data-label="${label}"><span class="money">([^<]+)<`).exec(h)?.[1];
    expect(bucket("Current")).toBe("$10.00");
    expect(bucket("1 to 30 days")).toBe("$20.00");
    expect(bucket("31 to 60 days")).toBe("$40.00");
    expect(bucket("61 to 90 days")).toBe("$80.00");
    expect(bucket("Over 90 days")).toBe("$160.00");
    expect(h).toContain("$310.00");
    expect(h).toMatch(/id="s-type-open_item"[^>]*checked/);
  });

  it("the page costs at most three D1 round trips", async () => {
    const { portal } = await octoberWorld();
    for (const q of ["type=balance_forward&month=2026-10", "type=open_item"]) {
      const res = await portal.get(`/statements?${q}`);
      expect(Number(res.headers.get("X-D1-Round-Trips")), q).toBeLessThanOrEqual(3);
    }
  });

  it("the balance forward PDF is valid and names the opening and closing balances and the lines", async () => {
    const { portal } = await octoberWorld();
    const res = await portal.fetch("/statements/pdf?type=balance_forward&month=2026-10");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe('inline; filename="statement-2026-10.pdf"');
    const pdf = await readPdf(res);
    expect(pdf.head).toBe("%PDF-");
    for (const s of [
      "Balance forward statement",
      "October 2026",
      "Statement Customer",
      "Opening balance",
      "$60.00",
      "Invoice BF-OCT1",
      "$310.00",
      "Closing balance",
      "$265.25",
      "\\2455,000",
    ]) {
      expect(pdf.text, s).toContain(s.startsWith("\\") ? s : pdfLiteral(s));
    }
    expect(pdf.text).not.toContain("BF-NOV");
  });

  it("the open item PDF is valid and names the aging buckets and the total due", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "OI-PDF", dueDate: nowSeconds() - 40 * DAY }, [{ unitCost: 4321 }]);
    const pdf = await readPdf(await portal.fetch("/statements/pdf?type=open_item"));
    expect(pdf.head).toBe("%PDF-");
    for (const s of ["Open item statement", "OI-PDF", "31 to 60 days", "Total due", "$43.21"]) expect(pdf.text, s).toContain(pdfLiteral(s));
  });
});
