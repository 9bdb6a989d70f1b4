import type { AppliedTo, PortalPayment } from "../../db/queries/payment-history";
import { appliedLabel } from "../../presentation/document-text";
import { isoDate } from "../../presentation/format";
import { describeMethod } from "../../presentation/payment-methods";
import { statusLabel } from "../../presentation/status";
import { csvText, decimalAmount } from "../invoices/csv";

/**
 * The payment list as CSV (issue 17.7), written exactly as the invoice export is
 * (services/invoices/csv.ts): RFC 4180 quoting, and every text cell that a
 * spreadsheet would run as a formula (= + - @, tab, CR) neutralised with an apostrophe.
 */

const HEADER = ["Date", "Currency", "Amount", "Method", "Status", "Paid", "Reference"];

export function paymentsCsv(rows: PortalPayment[], applied: AppliedTo[]): string {
  const lines = [HEADER.map(csvText).join(",")];
  for (const p of rows) {
    const paid = applied
      .filter((a) => a.paymentId === p.id)
      .map((a) => `${appliedLabel(a)}: ${decimalAmount(a.amount, p.currency)}`)
      .join("; ");
    lines.push(
      [
        csvText(isoDate(p.date)),
        csvText(p.currency.toUpperCase()),
        decimalAmount(p.amount, p.currency),
        csvText(describeMethod(p)),
        csvText(statusLabel(p.status)),
        csvText(paid),
        csvText(p.reference ?? ""),
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
