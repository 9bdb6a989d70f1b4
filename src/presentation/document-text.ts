import type { AppliedTo } from "../db/queries/payment-history";
import type { Adjustment } from "../db/schema";

/** Plain-text pieces of documents that the pages and the PDFs print the same way. */

type Addressee = {
  name: string;
  attentionTo?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  email?: string | null;
};

/** A postal block: name, attention, street lines, "City, ST 12345", country, email. Empty parts are left out. */
export function addressLines(a: Addressee): string[] {
  const cityLine = [a.city, [a.state, a.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [a.name, a.attentionTo ? `Attn: ${a.attentionTo}` : null, a.address1, a.address2, cityLine, a.country, a.email].filter((l): l is string => !!l);
}

/** "VAT (20%)", "Spring sale (12.5%)", or the name alone for a fixed amount. Integer maths only. */
export function adjustmentLabel(a: Pick<Adjustment, "name" | "percentBp">): string {
  return a.percentBp === null ? a.name : `${a.name} (${formatBasisPoints(a.percentBp)}%)`;
}

/** 1250 basis points -> "12.5". */
function formatBasisPoints(bp: number): string {
  const abs = Math.abs(bp);
  const frac = String(abs % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${bp < 0 ? "-" : ""}${(abs - (abs % 100)) / 100}${frac ? `.${frac}` : ""}`;
}

/** "Invoice INV-0042", "Deposit on estimate EST-7", "Credit on account". */
export function appliedLabel(a: Pick<AppliedTo, "type" | "invoiceNumber" | "estimateNumber">): string {
  if (a.type === "invoice") return `Invoice ${a.invoiceNumber ?? ""}`.trim();
  if (a.type === "estimate") return `Deposit on estimate ${a.estimateNumber ?? ""}`.trim();
  return "Credit on account";
}
