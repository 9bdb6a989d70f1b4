import { currencyExponent } from "../../lib/money";
import { isoDate } from "../../presentation/format";
import { statusLabel } from "../../presentation/status";
import { invoiceDisplayStatus } from "./status";

/**
 * The invoice list as CSV (RFC 4180): comma separated, CRLF line ends, a field
 * quoted when it holds a quote, comma or line break, quotes doubled.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts
 * with = + - @ (or a tab or carriage return) as a formula, and numbers and POs are
 * typed by the merchant or its customers. Every text cell starting so gets a leading
 * apostrophe. Amounts are not text: we write them ourselves as plain decimals.
 */

type CsvValue = { text: string } | { amount: string };

const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell, neutralised and quoted as needed. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Minor units as the decimal a spreadsheet reads as a number: 123450 USD -> "1234.50", 1235 JPY -> "1235". */
export function decimalAmount(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const body = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return minor < 0 ? `-${body}` : body;
}

function csvLine(cells: CsvValue[]): string {
  return cells.map((c) => ("text" in c ? csvText(c.text) : c.amount)).join(",");
}

type ExportRow = {
  number: string;
  name: string | null;
  date: number;
  dueDate: number | null;
  purchaseOrder: string | null;
  currency: string;
  total: number;
  balance: number;
  status: string;
  paid: boolean;
};

const CSV_HEADER = ["Number", "Title", "Date", "Due date", "Purchase order", "Currency", "Total", "Balance", "Status"];

export function invoicesCsv(rows: ExportRow[], now: number): string {
  const lines = [csvLine(CSV_HEADER.map((text) => ({ text })))];
  for (const r of rows) {
    lines.push(
      csvLine([
        { text: r.number },
        { text: r.name ?? "" },
        { text: isoDate(r.date) },
        { text: r.dueDate === null ? "" : isoDate(r.dueDate) },
        { text: r.purchaseOrder ?? "" },
        { text: r.currency.toUpperCase() },
        { amount: decimalAmount(r.total, r.currency) },
        { amount: decimalAmount(r.balance, r.currency) },
        { text: statusLabel(invoiceDisplayStatus(r, now)) },
      ]),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
