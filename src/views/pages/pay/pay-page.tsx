import type { PayInvoice } from "../../../db/queries/payable-documents";
import { decimalText } from "../../../services/pay/amounts";
import type { PayData } from "../../../services/pay/page-data";
import { amountField } from "../../../services/pay/plan";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { Layout } from "../../layout";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";
import { MethodFields, type MethodState } from "./method-fields";
import { describedBy, ErrorList, FieldError } from "./parts";
import { PayTotal } from "./total";

export type PayFormState = MethodState & {
  selected: string[];
  amounts: Record<string, string>;
  advance: string;
  autopay: boolean;
};

export type PayPageProps = {
  data: PayData;
  flow: "direct" | "hosted";
  state: PayFormState;
  errors: Record<string, string>;
  total: { amount: number; currency: string | null };
  /** paying an estimate's deposit (`/pay?estimate=...`) instead of invoices */
  deposit: boolean;
};

/** Where an error's link in the summary jumps to. */
function errorTarget(field: string, p: PayPageProps): string {
  if (field === "invoice") return p.deposit ? "deposit" : "pay-invoices";
  if (field === "estimate") return "deposit";
  if (field === "method") return "pay-method";
  return field;
}

function byCurrency(invoices: PayInvoice[]): [string, PayInvoice[]][] {
  const groups = new Map<string, PayInvoice[]>();
  for (const inv of invoices) groups.set(inv.currency, [...(groups.get(inv.currency) ?? []), inv]);
  return [...groups];
}

function InvoiceRow(p: { inv: PayInvoice; props: PayPageProps }) {
  const { inv, props } = p;
  const { tenant } = usePortal();
  const field = amountField(inv.publicId);
  const error = props.errors[field];
  const checked = props.state.selected.includes(inv.publicId);
  return (
    <tr>
      <td data-label="Pay">
        <input type="checkbox" id={`inv-${inv.publicId}`} name="invoice" value={inv.publicId} checked={checked} />
      </td>
      <th scope="row" data-label="Invoice">
        <label for={`inv-${inv.publicId}`}>{inv.number}</label>
      </th>
      <td data-label="Due">
        <DateText ts={inv.dueDate} empty="On receipt" />
      </td>
      <td class="amount" data-label="Balance">
        <Money minor={inv.balance} currency={inv.currency} />
      </td>
      <td class="amount" data-label="Amount to pay">
        {tenant.allowPartialPayments ? (
          <div class="amount-cell">
            <label for={field} class="visually-hidden">
              Amount to pay for invoice {inv.number} ({inv.currency.toUpperCase()})
            </label>
            <input
              type="text"
              id={field}
              name={field}
              class="amount-input"
              inputmode="decimal"
              autocomplete="off"
              maxlength={20}
              value={props.state.amounts[inv.publicId] ?? decimalText(inv.balance, inv.currency)}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={describedBy(field, { error })}
            />
            <FieldError id={field} message={error} />
          </div>
        ) : (
          <span>In full</span>
        )}
      </td>
    </tr>
  );
}

function InvoicePicker(p: PayPageProps) {
  const { tenant } = usePortal();
  const groups = byCurrency(p.data.open);
  const error = p.errors.invoice;
  if (!groups.length) return <p id="pay-invoices">You have no open invoices. There is nothing to pay right now.</p>;
  return (
    <fieldset id="pay-invoices" aria-describedby={error ? "invoice-error" : undefined}>
      <legend>Invoices to pay</legend>
      <p class="hint">
        {tenant.allowPartialPayments
          ? "Tick the invoices to pay. You can pay less than the balance of an invoice."
          : "Tick the invoices to pay. Each invoice is paid in full."}{" "}
        {groups.length > 1 ? "Invoices in different currencies are paid separately." : ""}
      </p>
      <FieldError id="invoice" message={error} />
      {groups.map(([currency, invoices]) => (
        <div class="table-scroll">
          <table class="stack pay-invoices">
            <caption>Open invoices in {currency.toUpperCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Pay</th>
                <th scope="col">Invoice</th>
                <th scope="col">Due</th>
                <th scope="col" class="amount">
                  Balance
                </th>
                <th scope="col" class="amount">
                  Amount to pay
                </th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((inv) => (
                <InvoiceRow inv={inv} props={p} />
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </fieldset>
  );
}

function Deposit(p: PayPageProps) {
  const e = p.data.estimate;
  const error = p.errors.estimate ?? p.errors.invoice;
  return (
    <section id="deposit" class="card" aria-labelledby="deposit-heading" tabindex={-1}>
      <h2 id="deposit-heading">Deposit</h2>
      {e ? (
        <>
          <input type="hidden" name="estimate" value={e.publicId} />
          <p>
            Deposit for estimate <a href={`/estimates/${e.publicId}`}>{e.number}</a>: <Money minor={e.deposit} currency={e.currency} />
          </p>
        </>
      ) : null}
      <FieldError id="estimate" message={error} />
    </section>
  );
}

function Advance(p: PayPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  if (!tenant.allowAdvancePayments) return null;
  const error = p.errors.advance_amount;
  const currency = (p.total.currency ?? customer.currency ?? tenant.currency).toUpperCase();
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for="advance_amount">Advance payment (optional)</label>
      <p class="hint" id="advance_amount-hint">
        Pay ahead in {currency}: the amount is kept as credit for future invoices.
      </p>
      <input
        type="text"
        id="advance_amount"
        name="advance_amount"
        inputmode="decimal"
        autocomplete="off"
        maxlength={20}
        value={p.state.advance}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy("advance_amount", { hint: true, error })}
      />
      <FieldError id="advance_amount" message={error} />
    </div>
  );
}

function Autopay(p: PayPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  if (!tenant.allowAutopayEnrollment || customer.autopay) return customer.autopay ? <p class="muted">You are enrolled in AutoPay.</p> : null;
  const error = p.errors.autopay;
  return (
    <div class={error ? "check has-error" : "check"}>
      <input
        type="checkbox"
        id="autopay"
        name="autopay"
        value="1"
        checked={p.state.autopay}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy("autopay", { hint: true, error })}
      />
      <label for="autopay">
        Enroll in AutoPay
        <span class="hint" id="autopay-hint">
          Future invoices are charged to this payment method when they are due. The method is saved for that.
        </span>
      </label>
      <FieldError id="autopay" message={error} />
    </div>
  );
}

/**
 * /pay: choose what to pay and how, then "Review payment" (nothing is charged until
 * the confirmation page's button). A plain form; with htmx the total follows the
 * ticks and amounts through the small `/pay/total` fragment, which is sent only the
 * amount fields (never card fields, which would land in a URL).
 */
export function PayPage(p: PayPageProps) {
  const { tenant } = usePortal();
  const nothing = !p.deposit && p.data.open.length === 0 && !tenant.allowAdvancePayments;
  return (
    <Layout title={p.deposit ? "Pay a deposit" : "Pay"}>
      <h1>{p.deposit ? "Pay a deposit" : "Pay invoices"}</h1>
      <ErrorList errors={p.errors} target={(f) => errorTarget(f, p)} />
      {nothing ? (
        <p>
          You have no open invoices. There is nothing to pay right now. <a href="/invoices">See all invoices</a>.
        </p>
      ) : (
        <form method="post" action="/pay" novalidate class="pay-form">
          <CsrfField />
          <div id="pay-amounts" hx-get="/pay/total" hx-trigger="change, input delay:400ms" hx-include="this" hx-target="#pay-total" hx-swap="outerHTML">
            {p.deposit ? <Deposit {...p} /> : <InvoicePicker {...p} />}
            {!p.deposit && <Advance {...p} />}
          </div>
          <PayTotal amount={p.total.amount} currency={p.total.currency} />
          <MethodFields flow={p.flow} sources={p.data.sources} state={p.state} errors={p.errors} />
          <Autopay {...p} />
          <div class="actions">
            <button type="submit">Review payment</button>
            <a href={p.deposit && p.data.estimate ? `/estimates/${p.data.estimate.publicId}` : "/invoices"}>Cancel</a>
          </div>
        </form>
      )}
    </Layout>
  );
}
