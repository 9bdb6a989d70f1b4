import type { Estimate, EstimateApproval, LineItem } from "../../../db/queries/portal-estimates";
import { Money } from "../../components/money";
import { formatQuantityE4 } from "../../components/format";
import type { Adjustment } from "../../../db/schema";

const rate = (a: Adjustment) => (a.percentBp === null ? "" : ` (${formatBp(a.percentBp)}%)`);

/** 1250 basis points -> "12.5": integer arithmetic only. */
function formatBp(bp: number): string {
  const abs = Math.abs(bp);
  const frac = String(abs % 100).padStart(2, "0").replace(/0+$/, "");
  return `${bp < 0 ? "-" : ""}${(abs - (abs % 100)) / 100}${frac ? `.${frac}` : ""}`;
}

/** Lines with their own discounts and taxes, then the document's totals. */
export function LinesTable(p: { estimate: Estimate; lines: LineItem[] }) {
  const cur = p.estimate.currency;
  const e = p.estimate;
  return (
    // focusable, so keyboard users can scroll it sideways if it is wider than the screen (axe: scrollable-region-focusable);
    // below 40rem `stack` turns each line into a card instead (static/styles.css)
    <div class="table-scroll" tabindex={0} role="region" aria-labelledby="estimate-lines-caption">
      <table class="lines stack">
        <caption id="estimate-lines-caption" class="visually-hidden">
          Items of this estimate
        </caption>
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
                {[...l.discounts.map((d) => `Discount: ${d.name}${rate(d)}`), ...l.taxes.map((t) => `Tax: ${t.name}${rate(t)}`)].map(
                  (text) => (
                    <span class="line-adjustment">{text}</span>
                  ),
                )}
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
          <TotalRow label="Subtotal" minor={e.subtotal} currency={cur} />
          {e.discounts.map((d) => (
            <TotalRow label={`Discount: ${d.name}${rate(d)}`} minor={-d.amount} currency={cur} />
          ))}
          {e.discounts.length === 0 && e.totalDiscounts !== 0 && (
            <TotalRow label="Discounts" minor={-e.totalDiscounts} currency={cur} />
          )}
          {e.taxes.map((t) => (
            <TotalRow label={`Tax: ${t.name}${rate(t)}`} minor={t.amount} currency={cur} />
          ))}
          {e.taxes.length === 0 && e.totalTaxes !== 0 && <TotalRow label="Taxes" minor={e.totalTaxes} currency={cur} />}
          <TotalRow label="Total" minor={e.total} currency={cur} strong />
          {e.deposit > 0 && (
            <TotalRow label={e.depositPaid ? "Deposit (paid)" : "Deposit due on approval"} minor={e.deposit} currency={cur} />
          )}
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

const dateTime = (ts: number) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(ts * 1000)) + " UTC";

/** The audit record shown to the customer: what was agreed, by whom, when and from where. */
export function ApprovalRecord(p: { approval: EstimateApproval }) {
  const a = p.approval;
  return (
    <section class="approval-record" aria-labelledby="approval-heading">
      <h2 id="approval-heading">Approval record</h2>
      <dl>
        <dt>Approved by</dt>
        <dd class="approval-initials">{a.initials}</dd>
        <dt>Signed in as</dt>
        <dd>{a.email ?? "Not recorded"}</dd>
        <dt>When</dt>
        <dd>
          <time datetime={new Date(a.createdAt * 1000).toISOString()}>{dateTime(a.createdAt)}</time>
        </dd>
        <dt>IP address</dt>
        <dd>{a.ip ?? "Not recorded"}</dd>
        <dt>Browser</dt>
        <dd>{a.userAgent ?? "Not recorded"}</dd>
        <dt>Revision agreed to</dt>
        <dd>{a.revision}</dd>
        <dt>Fingerprint of the estimate (SHA-256)</dt>
        <dd>
          <code class="hash">{a.documentHash}</code>
        </dd>
      </dl>
    </section>
  );
}
