import type { InvoiceDocument } from "../../db/queries/invoice-document";
import { formatDate } from "../../presentation/format";
import { describeMethod } from "../../presentation/payment-methods";
import { statusLabel } from "../../presentation/status";
import { invoiceDisplayStatus } from "../invoices/status";
import { documentPdf } from "./document-template";
import type { PdfMerchant } from "./letterhead";

/**
 * The invoice as a PDF: the same facts as the detail page (bill-to, lines with their
 * discounts and taxes, totals, amount paid, balance, due date, payments applied), on
 * the letterhead, with the URL that pays it online while something is owed.
 */
export async function invoicePdf(p: { merchant: PdfMerchant; doc: InvoiceDocument; now: number; origin: string }): Promise<Uint8Array> {
  const { invoice: inv, lines, applied, billTo } = p.doc;
  const facts: [string, string][] = [
    ["Invoice date", formatDate(inv.date)],
    ["Due date", inv.dueDate === null ? "On receipt" : formatDate(inv.dueDate)],
    ["Status", statusLabel(invoiceDisplayStatus(inv, p.now))],
  ];
  if (inv.paymentTerms) facts.push(["Payment terms", inv.paymentTerms]);
  if (inv.purchaseOrder) facts.push(["Purchase order", inv.purchaseOrder]);
  const owed = inv.balance > 0 && !inv.voided;
  return documentPdf({
    merchant: p.merchant,
    kind: "Invoice",
    number: inv.number,
    name: inv.name,
    currency: inv.currency,
    billTo,
    facts,
    lines,
    totals: inv,
    after: [
      { label: "Amount paid", amount: inv.total - inv.balance },
      { label: "Balance due", amount: inv.balance, bold: true },
    ],
    extra: (pdf, money) => {
      if (!applied.length) return;
      pdf.space(12);
      pdf.text("Payments applied", { bold: true, size: 11 });
      for (const a of applied) {
        pdf.row([
          { text: formatDate(a.date), width: 100 },
          { text: describeMethod(a), width: 236 },
          { text: statusLabel(a.status), width: 90 },
          { text: money(a.amount), width: 90, align: "right" },
        ]);
      }
    },
    notes: inv.notes,
    terms: inv.terms,
    online: owed
      ? { label: "Pay online", url: `${p.origin}/pay?invoice=${inv.publicId}` }
      : { label: "View online", url: `${p.origin}/invoices/${inv.publicId}` },
  });
}
