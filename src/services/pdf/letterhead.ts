import { contactLine, type MerchantContact, postalLines } from "../../presentation/merchant-contact";
import type { Pdf } from "./document";
import type { PdfLogo } from "./logo";

/** The merchant as a PDF shows it: contact details, and its logo when one could be read (./logo.ts). */
export type PdfMerchant = MerchantContact & { logo?: PdfLogo | null };

/**
 * The merchant's block at the top of every PDF (invoice, estimate, statement, receipt):
 * its logo (issue 17.7), name, postal address and how to reach it (issue 17.2).
 */
export function letterhead(pdf: Pdf, m: PdfMerchant) {
  if (m.logo) {
    pdf.logo(m.logo, 180, 48);
    pdf.space(8);
  }
  pdf.text(m.name, { size: 14, bold: true });
  pdf.lines(postalLines(m), { size: 9 });
  const contact = contactLine(m);
  if (contact) pdf.paragraph(contact, { size: 9, maxLines: 3 });
  pdf.space(8);
}
