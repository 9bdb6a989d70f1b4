import { formatMoney } from "../../../presentation/format";
import { decimalText } from "../../../services/pay/amounts";
import type { AttemptView } from "../../../services/pay/attempt-view";
import { Money } from "../../components/money";
import { Layout } from "../../layout";
import { useCustomer, usePortal } from "../../portal-context";
import { lineLabel } from "./confirm-page";
import { Alert } from "./parts";

export type ResultPageProps = { view: AttemptView };

/** /pay again with the same invoices (or deposit) chosen, and the amounts typed for them (issue 17). */
function retryHref(view: AttemptView): string {
  const q = new URLSearchParams();
  for (const l of view.lines) {
    if (l.type === "invoice" && l.publicId) q.append("invoice", l.publicId);
  }
  for (const l of view.lines) {
    if (l.type === "invoice" && l.publicId) q.set(`amount_${l.publicId}`, decimalText(l.amount, view.attempt.currency));
    if (l.type === "estimate" && l.publicId) q.set("estimate", l.publicId);
  }
  const s = q.toString();
  return s ? `/pay?${s}` : "/pay";
}

function Paid(p: ResultPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  const pay = p.view.payment!;
  return (
    <>
      <h1>Thank you: your payment was received</h1>
      <Alert kind="ok">
        <p>
          You paid <strong>{formatMoney(pay.amount, pay.currency)}</strong> to {tenant.name}.{customer.email ? ` A receipt was sent to ${customer.email}.` : ""}
        </p>
      </Alert>
      <div class="table-scroll">
        <table class="stack">
          <caption>What your payment paid</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" class="amount">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {pay.lines.map((l) => (
              <tr>
                <th scope="row" data-label="Item">
                  {l.type === "invoice" && l.publicId ? <a href={`/invoices/${l.publicId}`}>{lineLabel(l)}</a> : lineLabel(l)}
                </th>
                <td class="amount" data-label="Amount">
                  <Money minor={l.amount} currency={pay.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>Reference: {pay.publicId}</p>
      <div class="actions">
        {/* a PDF is a download, not a page to swap in: never boosted */}
        <a class="button" href={`/payments/${pay.publicId}/pdf`} hx-boost="false" id="receipt-link">
          Download the receipt (PDF)
        </a>
        <a href="/payments">See all payments</a>
        <a href="/account">Back to My Account</a>
      </div>
    </>
  );
}

/** The outcome of a payment attempt: paid (with the receipt), refused (and why, in plain words), or still settling. */
export function ResultPage(p: ResultPageProps) {
  const a = p.view.attempt;
  let body;
  if (a.status === "succeeded" && p.view.payment) body = <Paid {...p} />;
  else if (a.status === "failed" || a.status === "canceled") {
    body = (
      <>
        <h1>{a.status === "canceled" ? "Payment cancelled" : "Your payment did not go through"}</h1>
        <Alert kind="error">
          <p id="payment-error">{a.errorMessage ?? "The payment could not be completed. Nothing was charged."}</p>
        </Alert>
        <div class="actions">
          <a class="button" href={retryHref(p.view)}>
            Try again
          </a>
          <a href="/account">Back to My Account</a>
        </div>
      </>
    );
  } else {
    body = (
      <>
        <h1>Your payment is being processed</h1>
        <Alert kind="info">
          <p>
            We are waiting for the payment provider to confirm your payment of {formatMoney(a.amount, a.currency)}. You will get a receipt by email once it is
            confirmed.
          </p>
        </Alert>
        <div class="actions">
          <a class="button" href={`/pay/result/${a.clientKey}`}>
            Check again
          </a>
          <a href="/payments">See all payments</a>
        </div>
      </>
    );
  }
  return <Layout title="Payment">{body}</Layout>;
}
