import type { InvoiceLine, PortalInvoice } from "../../../db/queries/portal-invoices";
import { adjustmentLabel } from "../../components/document-text";
import { formatQuantityE4 } from "../../components/format";
import { Money } from "../../components/money";

/** An invoice's lines (with their own discounts and taxes), then its totals down to the balance due. */
export function InvoiceLines(p: { invoice: PortalInvoice; lines: InvoiceLine[] }) {
  const inv = p.invoice;
  const cur = inv.currency;
  return (
    // focusable, so keyboard users can scroll it sideways on a narrow screen (axe: scrollable-region-focusable);
    // below 40rem `stack` turns each line into a card, so the amounts are not hidden off to the right
    <div class="table-scroll" tabindex={0} role="region" aria-labelledby="lines-caption">
      <table class="lines stack">
        <caption id="lines-caption">Items on invoice {inv.number}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Quantity
            </th>
            <th scope="col" class="num">
              Unit price
            </th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {p.lines.map((l) => (
            <tr>
              <th scope="row">
                <span class="line-name">{l.name}</span>
                {l.description && <span class="line-description">{l.description}</span>}
                {l.discounts.map((d) => (
                  <span class="line-adjustment">Discount: {adjustmentLabel(d)}</span>
                ))}
                {l.taxes.map((t) => (
                  <span class="line-adjustment">Tax: {adjustmentLabel(t)}</span>
                ))}
              </th>
              <td class="num" data-label="Quantity">
                {formatQuantityE4(l.quantityE4)}
              </td>
              <td class="num" data-label="Unit price">
                <Money minor={l.unitCost} currency={cur} />
              </td>
              <td class="num" data-label="Amount">
                <Money minor={l.amount} currency={cur} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <TotalRow label="Subtotal" minor={inv.subtotal} currency={cur} />
          {inv.discounts.map((d) => (
            <TotalRow label={`Discount: ${adjustmentLabel(d)}`} minor={-d.amount} currency={cur} />
          ))}
          {inv.discounts.length === 0 && inv.totalDiscounts !== 0 && <TotalRow label="Discounts" minor={-inv.totalDiscounts} currency={cur} />}
          {inv.taxes.map((t) => (
            <TotalRow label={`Tax: ${adjustmentLabel(t)}`} minor={t.amount} currency={cur} />
          ))}
          {inv.taxes.length === 0 && inv.totalTaxes !== 0 && <TotalRow label="Taxes" minor={inv.totalTaxes} currency={cur} />}
          <TotalRow label="Total" minor={inv.total} currency={cur} strong />
          <TotalRow label="Amount paid" minor={inv.total - inv.balance} currency={cur} />
          <TotalRow label="Balance due" minor={inv.balance} currency={cur} strong />
        </tfoot>
      </table>
    </div>
  );
}

function TotalRow(p: { label: string; minor: number; currency: string; strong?: boolean }) {
  return (
    <tr class={p.strong ? "total-row strong" : "total-row"}>
      <th scope="row" colspan={3} class="num">
        {p.label}
      </th>
      <td class="num">
        <Money minor={p.minor} currency={p.currency} />
      </td>
    </tr>
  );
}
