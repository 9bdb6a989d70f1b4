import { addressLines } from "../../presentation/document-text";
import { formatDate, formatMoney } from "../../presentation/format";
import { AGING_BUCKETS, type BalanceForwardSection, BUCKET_LABELS, type Month, monthLabel, type OpenItemSection } from "../statements/statement";
import { CONTENT_WIDTH, createPdf, type Pdf } from "./document";
import { letterhead, type PdfMerchant } from "./letterhead";

/** The two statements as PDFs, with the same sections and figures as the page. */

type Head = { merchant: PdfMerchant; customer: Parameters<typeof addressLines>[0]; now: number };

async function start(h: Head, title: string, subtitle: string): Promise<Pdf> {
  const pdf = await createPdf({ title, author: h.merchant.name, subject: `${title} for ${h.customer.name}` });
  letterhead(pdf, h.merchant);
  pdf.text(title, { size: 18, bold: true });
  pdf.text(subtitle, { size: 10, gap: 8 });
  pdf.text("Statement for", { bold: true });
  pdf.lines(addressLines(h.customer));
  pdf.text(`Prepared ${formatDate(h.now)}`, { size: 9, gap: 8 });
  return pdf;
}

export async function balanceForwardPdf(h: Head & { month: Month; sections: BalanceForwardSection[] }) {
  const pdf = await start(h, "Balance forward statement", monthLabel(h.month));
  if (!h.sections.length) pdf.text(`No invoices or payments up to the end of ${monthLabel(h.month)}.`);
  for (const s of h.sections) {
    const money = (n: number) => formatMoney(n, s.currency);
    pdf.space(8);
    pdf.text(`Amounts in ${s.currency.toUpperCase()}`, { bold: true, size: 11 });
    const row = (cells: [string, string, string, string, string], bold = false) =>
      pdf.row([
        { text: cells[0], width: 80, bold },
        { text: cells[1], width: 196, bold },
        { text: cells[2], width: 80, align: "right", bold },
        { text: cells[3], width: 80, align: "right", bold },
        { text: cells[4], width: 80, align: "right", bold },
      ]);
    row(["Date", "Description", "Charges", "Payments", "Balance"], true);
    pdf.rule();
    row([formatDate(h.month.start), "Opening balance", "", "", money(s.opening)]);
    for (const l of s.lines) {
      row([
        formatDate(l.date),
        l.kind === "invoice" ? `Invoice ${l.reference}` : l.reference,
        l.charge ? money(l.charge) : "",
        l.credit ? money(l.credit) : "",
        money(l.balance),
      ]);
    }
    pdf.rule();
    row(["", "Closing balance", money(s.invoiced), money(s.paid), money(s.closing)], true);
  }
  return pdf.save();
}

export async function openItemPdf(h: Head & { sections: OpenItemSection[] }) {
  const pdf = await start(h, "Open item statement", `Open invoices as of ${formatDate(h.now)}`);
  if (!h.sections.length) pdf.text("You have no open invoices.");
  for (const s of h.sections) {
    const money = (n: number) => formatMoney(n, s.currency);
    pdf.space(8);
    pdf.text(`Amounts in ${s.currency.toUpperCase()}`, { bold: true, size: 11 });
    const row = (cells: [string, string, string, string, string], bold = false) =>
      pdf.row([
        { text: cells[0], width: 136, bold },
        { text: cells[1], width: 90, bold },
        { text: cells[2], width: 90, bold },
        { text: cells[3], width: 90, align: "right", bold },
        { text: cells[4], width: 110, align: "right", bold },
      ]);
    row(["Invoice", "Date", "Due date", "Days past due", "Balance"], true);
    pdf.rule();
    for (const l of s.lines) {
      row([l.number, formatDate(l.date), l.dueDate === null ? "On receipt" : formatDate(l.dueDate), String(l.daysPastDue), money(l.balance)]);
    }
    pdf.rule();
    const width = CONTENT_WIDTH / (AGING_BUCKETS.length + 1);
    pdf.row(
      [
        ...AGING_BUCKETS.map((b) => ({ text: BUCKET_LABELS[b], width, align: "right" as const, bold: true })),
        { text: "Total due", width, align: "right", bold: true },
      ],
      { size: 8 },
    );
    pdf.row(
      [
        ...AGING_BUCKETS.map((b) => ({ text: money(s.buckets[b]), width, align: "right" as const })),
        { text: money(s.total), width, align: "right", bold: true },
      ],
      { size: 8 },
    );
  }
  return pdf.save();
}
