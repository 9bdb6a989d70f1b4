import type { Child } from "hono/jsx";
import type { Adjustment, lineItems } from "../../db/schema";
import { adjustmentLabel } from "../../presentation/document-text";
import { formatQuantityE4 } from "../../presentation/format";
import { Money } from "./money";

/** What a line shows (a document may read only these columns). */
type Line = Pick<typeof lineItems.$inferSelect, "name" | "description" | "quantityE4" | "unitCost" | "amount" | "discounts" | "taxes">;

/** What invoices and estimates share above their own last rows (paid, balance, deposit). */
type Totals = {
  currency: string;
  subtotal: number;
  discounts: Adjustment[];
  totalDiscounts: number;
  taxes: Adjustment[];
  totalTaxes: number;
  total: number;
};

/**
 * A document's lines (each with its own discounts and taxes), then its totals down
 * to the total; `children` are the document's own rows after it. One table for
 * invoices and estimates, so both read the same to a screen reader.
 */
export function DocumentLines(p: { captionId: string; caption: Child; lines: Line[]; totals: Totals; children?: Child }) {
  const t = p.totals;
  const cur = t.currency;
  return (
    // focusable, so keyboard users can scroll it sideways on a narrow screen (axe: scrollable-region-focusable);
    // below 40rem `stack` turns each line into a card, so the amounts are not hidden off to the right
    <div class="table-scroll" tabindex={0} role="region" aria-labelledby={p.captionId}>
      <table class="lines stack">
        {p.caption}
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
                {l.taxes.map((x) => (
                  <span class="line-adjustment">Tax: {adjustmentLabel(x)}</span>
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
          <TotalRow label="Subtotal" minor={t.subtotal} currency={cur} />
          {t.discounts.map((d) => (
            <TotalRow label={`Discount: ${adjustmentLabel(d)}`} minor={-d.amount} currency={cur} />
          ))}
          {t.discounts.length === 0 && t.totalDiscounts !== 0 && <TotalRow label="Discounts" minor={-t.totalDiscounts} currency={cur} />}
          {t.taxes.map((x) => (
            <TotalRow label={`Tax: ${adjustmentLabel(x)}`} minor={x.amount} currency={cur} />
          ))}
          {t.taxes.length === 0 && t.totalTaxes !== 0 && <TotalRow label="Taxes" minor={t.totalTaxes} currency={cur} />}
          <TotalRow label="Total" minor={t.total} currency={cur} strong />
          {p.children}
        </tfoot>
      </table>
    </div>
  );
}

export function TotalRow(p: { label: string; minor: number; currency: string; strong?: boolean }) {
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
