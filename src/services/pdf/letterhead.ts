import { contactLine, type MerchantContact, postalLines } from "../../presentation/merchant-contact";
import type { Pdf } from "./document";

/**
 * The merchant's block at the top of every PDF (invoice, estimate, statement): its
 * name, postal address and how to reach it (issue 17.2). The logo is not drawn:
 * it is a URL on the merchant's server, and fetching it while rendering would make
 * every PDF depend on (and call out to) a third-party host; the name stands in.
 */
export function letterhead(pdf: Pdf, m: MerchantContact) {
  pdf.text(m.name, { size: 14, bold: true });
  pdf.lines(postalLines(m), { size: 9 });
  const contact = contactLine(m);
  if (contact) pdf.paragraph(contact, { size: 9, maxLines: 3 });
  pdf.space(8);
}
