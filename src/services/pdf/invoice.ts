import type { InvoiceDocument } from "../../db/queries/invoices";
import { addressLines, adjustmentLabel } from "../../presentation/document-text";
import { formatDate, formatMoney, formatQuantityE4 } from "../../presentation/format";
import { describeMethod } from "../../presentation/payment-methods";
import { statusLabel } from "../../presentation/status";
import { invoiceDisplayStatus } from "../invoices/status";
import { CONTENT_WIDTH, createPdf, type Pdf } from "./document";

/**
 * The invoice as a PDF: the same facts as the detail page (bill-to, lines with their
 * discounts and taxes, totals, amount paid, balance, due date, payments applied).
 */
export async function invoicePdf(p: { tenantName: string; doc: InvoiceDocument; now: number }): Promise<Uint8Array> {
  const { invoice: inv, lines, applied, billTo } = p.doc;
  const money = (n: number) => formatMoney(n, inv.currency);
  const pdf = await createPdf({ title: `Invoice ${inv.number}`, author: p.tenantName, subject: `Invoice for ${billTo.name}` });

  pdf.text(p.tenantName, { size: 14, bold: true });
  pdf.text(`Invoice ${inv.number}`, { size: 18, bold: true, gap: 8 });
  if (inv.name) pdf.text(inv.name, { size: 11, gap: 4 });

  pdf.text("Bill to", { bold: true });
  pdf.lines(addressLines(billTo));
  pdf.space(8);

  const facts: [string, string][] = [
    ["Invoice date", formatDate(inv.date)],
    ["Due date", inv.dueDate === null ? "On receipt" : formatDate(inv.dueDate)],
    ["Status", statusLabel(invoiceDisplayStatus(inv, p.now))],
  ];
  if (inv.paymentTerms) facts.push(["Payment terms", inv.paymentTerms]);
  if (inv.purchaseOrder) facts.push(["Purchase order", inv.purchaseOrder]);
  for (const [k, v] of facts)
    pdf.row(
      [
        { text: k, width: 120, bold: true },
        { text: v, width: CONTENT_WIDTH - 120 },
      ],
      { size: 10 },
    );
  pdf.space(10);

  pdf.row([
    { text: "Item", width: 276, bold: true },
    { text: "Quantity", width: 60, align: "right", bold: true },
    { text: "Unit price", width: 90, align: "right", bold: true },
    { text: "Amount", width: 90, align: "right", bold: true },
  ]);
  pdf.rule();
  for (const l of lines) {
    pdf.row([
      { text: l.name, width: 276 },
      { text: formatQuantityE4(l.quantityE4), width: 60, align: "right" },
      { text: money(l.unitCost), width: 90, align: "right" },
      { text: money(l.amount), width: 90, align: "right" },
    ]);
    if (l.description) pdf.row([{ text: l.description, width: 426 }], { size: 8 });
    for (const d of l.discounts) pdf.row([{ text: `  Discount: ${adjustmentLabel(d)}`, width: 426 }], { size: 8 });
    for (const t of l.taxes) pdf.row([{ text: `  Tax: ${adjustmentLabel(t)}`, width: 426 }], { size: 8 });
  }
  pdf.rule(6);

  const total = (label: string, amount: number, bold = false) =>
    pdf.row([
      { text: label, width: 426, align: "right", bold },
      { text: money(amount), width: 90, align: "right", bold },
    ]);
  total("Subtotal", inv.subtotal);
  for (const d of inv.discounts) total(`Discount: ${adjustmentLabel(d)}`, -d.amount);
  if (!inv.discounts.length && inv.totalDiscounts) total("Discounts", -inv.totalDiscounts);
  for (const t of inv.taxes) total(`Tax: ${adjustmentLabel(t)}`, t.amount);
  if (!inv.taxes.length && inv.totalTaxes) total("Taxes", inv.totalTaxes);
  total("Total", inv.total, true);
  total("Amount paid", inv.total - inv.balance);
  total("Balance due", inv.balance, true);

  if (applied.length) {
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
  }
  notes(pdf, "Notes", inv.notes);
  notes(pdf, "Terms", inv.terms);
  return pdf.save();
}

function notes(pdf: Pdf, title: string, text: string | null) {
  if (!text) return;
  pdf.space(12);
  pdf.text(title, { bold: true, size: 11 });
  pdf.paragraph(text);
}
