import type { Adjustment } from "../../db/schema";
import { addressLines, adjustmentLabel } from "../../presentation/document-text";
import { formatMoney, formatQuantityE4 } from "../../presentation/format";
import { CONTENT_WIDTH, createPdf, type Pdf } from "./document";
import { letterhead, type PdfMerchant } from "./letterhead";

/**
 * The one layout of invoice and estimate PDFs (issue 17.7): the merchant's letterhead,
 * the title, bill-to, the facts (dates, status, terms), lines with their descriptions,
 * discounts and tax rates, totals, what is particular to the kind (payments applied,
 * the approval), notes and terms, and the URL where the customer pays or answers online.
 */

type Line = {
  name: string;
  description: string | null;
  quantityE4: number;
  unitCost: number;
  amount: number;
  discounts: Adjustment[];
  taxes: Adjustment[];
};

export type DocumentPdfInput = {
  merchant: PdfMerchant;
  kind: "Invoice" | "Estimate";
  number: string;
  name: string | null;
  currency: string;
  billTo: Parameters<typeof addressLines>[0];
  facts: [string, string][];
  lines: Line[];
  totals: { subtotal: number; discounts: Adjustment[]; totalDiscounts: number; taxes: Adjustment[]; totalTaxes: number; total: number };
  /** rows after Total: amount paid and balance, or the deposit */
  after: { label: string; amount: number; bold?: boolean }[];
  /** the kind's own section (payments applied, the approval) */
  extra?: (pdf: Pdf, money: (n: number) => string) => void;
  notes: string | null;
  terms: string | null;
  /** "Pay online" or "View and approve online", and where */
  online: { label: string; url: string } | null;
};

export async function documentPdf(d: DocumentPdfInput): Promise<Uint8Array> {
  const money = (n: number) => formatMoney(n, d.currency);
  const title = `${d.kind} ${d.number}`;
  const pdf = await createPdf({ title, author: d.merchant.name, subject: `${d.kind} for ${d.billTo.name}` });

  letterhead(pdf, d.merchant);
  pdf.text(title, { size: 18, bold: true, gap: 8 });
  if (d.name) pdf.text(d.name, { size: 11, gap: 4 });

  pdf.text(d.kind === "Invoice" ? "Bill to" : "Prepared for", { bold: true });
  pdf.lines(addressLines(d.billTo));
  pdf.space(8);

  for (const [k, v] of d.facts)
    pdf.row(
      [
        { text: k, width: 120, bold: true },
        { text: v, width: CONTENT_WIDTH - 120 },
      ],
      { size: 10 },
    );
  if (d.online) {
    pdf.row(
      [
        { text: d.online.label, width: 120, bold: true },
        { text: d.online.url, width: CONTENT_WIDTH - 120, link: d.online.url },
      ],
      { size: 10 },
    );
  }
  pdf.space(10);

  pdf.row([
    { text: "Item", width: 276, bold: true },
    { text: "Quantity", width: 60, align: "right", bold: true },
    { text: "Unit price", width: 90, align: "right", bold: true },
    { text: "Amount", width: 90, align: "right", bold: true },
  ]);
  pdf.rule();
  for (const l of d.lines) {
    pdf.row([
      { text: l.name, width: 276 },
      { text: formatQuantityE4(l.quantityE4), width: 60, align: "right" },
      { text: money(l.unitCost), width: 90, align: "right" },
      { text: money(l.amount), width: 90, align: "right" },
    ]);
    if (l.description) pdf.row([{ text: l.description, width: 426 }], { size: 8 });
    for (const x of l.discounts) pdf.row([{ text: `  Discount: ${adjustmentLabel(x)}`, width: 426 }], { size: 8 });
    for (const x of l.taxes) pdf.row([{ text: `  Tax: ${adjustmentLabel(x)}`, width: 426 }], { size: 8 });
  }
  pdf.rule(6);

  const total = (label: string, amount: number, bold = false) =>
    pdf.row([
      { text: label, width: 426, align: "right", bold },
      { text: money(amount), width: 90, align: "right", bold },
    ]);
  const t = d.totals;
  total("Subtotal", t.subtotal);
  for (const x of t.discounts) total(`Discount: ${adjustmentLabel(x)}`, -x.amount);
  if (!t.discounts.length && t.totalDiscounts) total("Discounts", -t.totalDiscounts);
  for (const x of t.taxes) total(`Tax: ${adjustmentLabel(x)}`, x.amount);
  if (!t.taxes.length && t.totalTaxes) total("Taxes", t.totalTaxes);
  total("Total", t.total, true);
  for (const a of d.after) total(a.label, a.amount, a.bold);

  d.extra?.(pdf, money);
  notes(pdf, "Notes", d.notes);
  notes(pdf, "Terms", d.terms);
  return pdf.save();
}

function notes(pdf: Pdf, title: string, text: string | null) {
  if (!text) return;
  pdf.space(12);
  pdf.text(title, { bold: true, size: 11 });
  pdf.paragraph(text);
}
