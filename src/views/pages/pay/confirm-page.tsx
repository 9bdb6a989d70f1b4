import { formatMoney } from "../../../presentation/format";
import type { AttemptView, ViewLine } from "../../../services/pay/attempt-view";
import { AutopayTerms } from "../../components/autopay-terms";
import { Money } from "../../components/money";
import { Layout } from "../../layout";
import { CsrfField, usePortal } from "../../portal-context";
import { sourceLabel } from "./method-fields";
import { Alert } from "./parts";

export type ConfirmPageProps = {
  view: AttemptView;
  /** true when the new method is entered on the provider's hosted page */
  hosted: boolean;
  /** the customer came back from the hosted page without paying */
  canceled: boolean;
};

export function lineLabel(l: Pick<ViewLine, "type" | "number">): string {
  if (l.type === "invoice") return `Invoice ${l.number ?? ""}`.trim();
  if (l.type === "estimate") return `Deposit for estimate ${l.number ?? ""}`.trim();
  return "Advance payment (credit for future invoices)";
}

function LineRow(p: { line: ViewLine; currency: string }) {
  const l = p.line;
  return (
    <tr>
      <th scope="row" data-label="Item">
        {l.type === "invoice" && l.publicId ? <a href={`/invoices/${l.publicId}`}>{lineLabel(l)}</a> : lineLabel(l)}
      </th>
      <td class="amount" data-label="Balance now">
        {l.balance === null ? <span class="muted">—</span> : <Money minor={l.balance} currency={p.currency} />}
      </td>
      <td class="amount" data-label="You pay">
        <Money minor={l.amount} currency={p.currency} />
      </td>
      <td class="amount" data-label="Balance after">
        {l.balance === null ? <span class="muted">—</span> : <Money minor={Math.max(l.balance - l.amount, 0)} currency={p.currency} />}
      </td>
    </tr>
  );
}

/**
 * The last step before money moves: exactly what will be charged, to which method,
 * and how it is applied. The button posts the attempt's key (S36: pressing it twice,
 * or re-sending the form, finds the same attempt and charges once).
 */
export function ConfirmPage(p: ConfirmPageProps) {
  const { tenant } = usePortal();
  const a = p.view.attempt;
  const total = formatMoney(a.amount, a.currency);
  return (
    <Layout title="Confirm your payment">
      <h1>Confirm your payment</h1>
      {p.canceled && <Alert kind="info">You left the payment page without paying. Nothing was charged. You can continue, or cancel this payment.</Alert>}
      <p class="lead">
        You are about to pay <strong>{total}</strong> to {tenant.name}.
      </p>
      <div class="table-scroll">
        <table class="stack">
          <caption>How your payment is applied</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" class="amount">
                Balance now
              </th>
              <th scope="col" class="amount">
                You pay
              </th>
              <th scope="col" class="amount">
                Balance after
              </th>
            </tr>
          </thead>
          <tbody>
            {p.view.lines.map((l) => (
              <LineRow line={l} currency={a.currency} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total charged</th>
              <td></td>
              <td class="amount" data-label="Total charged">
                {total}
              </td>
              <td></td>
            </tr>
          </tfoot>
        </table>
      </div>
      <dl class="facts">
        <dt>Payment method</dt>
        <dd>{p.view.source ? sourceLabel(p.view.source) : "A new card or bank account, entered on Stripe's secure payment page"}</dd>
        {a.saveSource && (
          <>
            <dt>Saved for later</dt>
            <dd>Yes, once the payment succeeds</dd>
          </>
        )}
        {a.autopayEnroll && (
          <>
            <dt>AutoPay</dt>
            <dd>You will be enrolled once the payment succeeds, on the terms below.</dd>
          </>
        )}
      </dl>
      {a.autopayEnroll && (
        // issue 17.3: the authorization is read before the press that enrols
        <AutopayTerms tenant={tenant} method={p.view.source ? sourceLabel(p.view.source) : "the card or bank account you pay with now"} />
      )}
      <div class="actions">
        {/* Not boosted: the answer may be a redirect to the provider's page, which must be a real navigation. */}
        <form method="post" action="/pay/confirm" hx-boost={p.hosted ? "false" : undefined} class="inline-form">
          <CsrfField />
          <input type="hidden" name="client_key" value={a.clientKey} />
          <button type="submit">{p.hosted ? `Continue to Stripe to pay ${total}` : `Pay ${total}`}</button>
        </form>
        <form method="post" action="/pay/cancel" hx-boost={p.hosted ? "false" : undefined} class="inline-form">
          <CsrfField />
          <input type="hidden" name="client_key" value={a.clientKey} />
          <button type="submit" class="button-secondary">
            Cancel payment
          </button>
        </form>
      </div>
    </Layout>
  );
}
