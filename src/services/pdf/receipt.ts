import type { AppliedTo, PortalPayment } from "../../db/queries/payment-history";
import { appliedLabel } from "../../presentation/document-text";
import { formatDate, formatMoney } from "../../presentation/format";
import { describeMethod } from "../../presentation/payment-methods";
import { CONTENT_WIDTH, createPdf } from "./document";
import { letterhead, type PdfMerchant } from "./letterhead";

/**
 * The receipt for a settled payment: who was paid, by whom, when, how much (formatted
 * with Intl for the payment's currency, so JPY has no decimals), by what method,
 * what it paid and the reference.
 */
export async function receiptPdf(p: { merchant: PdfMerchant; customerName: string; payment: PortalPayment; applied: AppliedTo[] }) {
  const pay = p.payment;
  const money = (n: number) => formatMoney(n, pay.currency);
  const pdf = await createPdf({ title: `Receipt for payment of ${money(pay.amount)}`, author: p.merchant.name });

  letterhead(pdf, p.merchant);
  pdf.text("Payment receipt", { size: 18, bold: true, gap: 10 });

  const facts: [string, string][] = [
    ["Received from", p.customerName],
    ["Date", formatDate(pay.date)],
    ["Amount", `${money(pay.amount)} (${pay.currency.toUpperCase()})`],
    ["Method", describeMethod(pay)],
  ];
  if (pay.reference) facts.push(["Reference", pay.reference]);
  facts.push(["Receipt number", pay.publicId]);
  for (const [k, v] of facts)
    pdf.row(
      [
        { text: k, width: 130, bold: true },
        { text: v, width: CONTENT_WIDTH - 130 },
      ],
      { size: 10 },
    );

  pdf.space(12);
  pdf.text("Applied to", { bold: true, size: 11 });
  pdf.rule();
  if (!p.applied.length) pdf.text("Nothing yet: the payment is held on your account.", { size: 9 });
  for (const a of p.applied) {
    pdf.row([
      { text: appliedLabel(a), width: CONTENT_WIDTH - 110 },
      { text: money(a.amount), width: 110, align: "right" },
    ]);
  }
  pdf.rule(6);
  pdf.row([
    { text: "Total paid", width: CONTENT_WIDTH - 110, align: "right", bold: true },
    { text: money(pay.amount), width: 110, align: "right", bold: true },
  ]);
  pdf.space(16);
  pdf.text(`Thank you for your payment to ${p.merchant.name}.`, { size: 10 });
  return pdf.save();
}
