import type { Estimate, EstimateApproval, LineItem } from "../../db/queries/estimates";
import type { addressLines } from "../../presentation/document-text";
import { formatDate } from "../../presentation/format";
import { statusLabel } from "../../presentation/status";
import { portalStatus } from "../estimates/status";
import { documentPdf } from "./document-template";
import type { PdfMerchant } from "./letterhead";

/**
 * The estimate as a PDF, on the same template as invoices: letterhead, lines with
 * descriptions and tax rates, totals, the deposit, the approval with its fingerprint,
 * and the URL where the customer reads and answers it.
 */
export async function estimatePdf(p: {
  merchant: PdfMerchant;
  billTo: Parameters<typeof addressLines>[0];
  estimate: Estimate;
  lines: LineItem[];
  approval: EstimateApproval | null;
  now: number;
  origin: string;
}): Promise<Uint8Array> {
  const e = p.estimate;
  const status = portalStatus(e, p.now);
  const facts: [string, string][] = [
    ["Date", formatDate(e.date)],
    ["Expires", e.expirationDate === null ? "No expiration" : formatDate(e.expirationDate)],
    ["Status", statusLabel(status)],
  ];
  if (e.paymentTerms) facts.push(["Payment terms", e.paymentTerms]);
  if (e.purchaseOrder) facts.push(["Purchase order", e.purchaseOrder]);
  const url = `${p.origin}/estimates/${e.publicId}`;
  return documentPdf({
    merchant: p.merchant,
    kind: "Estimate",
    number: e.number,
    name: e.name,
    currency: e.currency,
    billTo: p.billTo,
    facts,
    lines: p.lines,
    totals: e,
    after: e.deposit > 0 ? [{ label: e.depositPaid ? "Deposit (paid)" : "Deposit due on approval", amount: e.deposit }] : [],
    extra: (pdf) => {
      if (!p.approval) return;
      pdf.space(12);
      pdf.text(`Approved by ${p.approval.initials} on ${formatDate(p.approval.createdAt)}`, { bold: true });
      pdf.text(`Fingerprint (SHA-256): ${p.approval.documentHash}`, { size: 8 });
    },
    notes: e.notes,
    terms: e.terms,
    online: { label: status === "sent" || status === "viewed" ? "Approve online" : "View online", url },
  });
}
