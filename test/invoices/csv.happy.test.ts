import { describe, expect, it } from "vitest";
import { DAY, nowSeconds } from "../../src/lib/time";
import { csvText, decimalAmount, invoicesCsv } from "../../src/services/invoices/csv";
import { makeInvoice, payInvoices, signedIn } from "./helpers";

/** A small RFC 4180 reader, to check the file the way a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe("invoice CSV export: happy paths", () => {
  it("exports every invoice of the filtered list (not just one page) with a header, as an attachment", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    for (let i = 0; i < 3; i++) await makeInvoice(t.scope, cust.id, { number: `CSV-${i}`, date: now - (i + 1) * DAY }, [{ unitCost: 1000 * (i + 1) }]);
    const paid = await makeInvoice(t.scope, cust.id, { number: "CSV-PAID" });
    await payInvoices(t, cust.id, [{ invoice: paid, amount: paid.total }]);

    const res = await portal.fetch("/invoices.csv?status=open&sort=number&dir=asc");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="invoices.csv"');
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(["Number", "Title", "Date", "Due date", "Purchase order", "Currency", "Total", "Balance", "Status"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["CSV-0", "CSV-1", "CSV-2"]);
    expect(rows[2]).toEqual(expect.arrayContaining(["USD", "20.00", "Open"]));
  });

  it("quotes commas, quotes and line breaks per RFC 4180", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "Q-1", name: 'Design, "phase 2"\r\nand more', purchaseOrder: "PO,1" });
    const text = await (await portal.fetch("/invoices.csv")).text();
    expect(text).toContain('"Design, ""phase 2""\r\nand more"');
    expect(text).toContain('"PO,1"');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[1]![1]).toBe('Design, "phase 2"\r\nand more');
    expect(rows[1]![4]).toBe("PO,1");
  });

  it("writes amounts as plain decimals in the currency's digits (JPY none, KWD three)", () => {
    expect(decimalAmount(123450, "usd")).toBe("1234.50");
    expect(decimalAmount(5, "usd")).toBe("0.05");
    expect(decimalAmount(1235, "jpy")).toBe("1235");
    expect(decimalAmount(1234567, "kwd")).toBe("1234.567");
    expect(decimalAmount(-250, "eur")).toBe("-2.50");
  });

  it("leaves ordinary text alone", () => {
    expect(csvText("INV-0001")).toBe("INV-0001");
    expect(csvText("")).toBe("");
    expect(invoicesCsv([], 0)).toBe("Number,Title,Date,Due date,Purchase order,Currency,Total,Balance,Status\r\n");
  });
});
