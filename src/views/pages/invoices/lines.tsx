import type { DetailInvoice, DetailLine } from "../../../db/queries/invoice-document";
import { DocumentLines, TotalRow } from "../../components/document-lines";

/** An invoice's lines (with their own discounts and taxes), then its totals down to the balance due. */
export function InvoiceLines(p: { invoice: DetailInvoice; lines: DetailLine[] }) {
  const inv = p.invoice;
  return (
    <DocumentLines captionId="lines-caption" caption={<caption id="lines-caption">Items on invoice {inv.number}</caption>} lines={p.lines} totals={inv}>
      <TotalRow label="Amount paid" minor={inv.total - inv.balance} currency={inv.currency} />
      <TotalRow label="Balance due" minor={inv.balance} currency={inv.currency} strong />
    </DocumentLines>
  );
}
