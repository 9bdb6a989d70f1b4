import type { PayInvoice } from "../../../db/queries/payable-documents";
import { plural } from "../../../presentation/plural";
import { decimalText } from "../../../services/pay/amounts";
import type { PayData } from "../../../services/pay/page-data";
import { amountField } from "../../../services/pay/plan";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { usePortal } from "../../portal-context";
import { describedBy, FieldError } from "./parts";

type PickerProps = {
  data: PayData;
  state: { selected: string[]; amounts: Record<string, string> };
  errors: Record<string, string>;
  focused: boolean;
};

function byCurrency(invoices: PayInvoice[]): [string, PayInvoice[]][] {
  const groups = new Map<string, PayInvoice[]>();
  for (const inv of invoices) groups.set(inv.currency, [...(groups.get(inv.currency) ?? []), inv]);
  return [...groups];
}

function InvoiceRow(p: { inv: PayInvoice; props: PickerProps }) {
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

function InvoiceTable(p: { caption: string; invoices: PayInvoice[]; props: PickerProps }) {
  return (
    <div class="table-scroll">
      <table class="stack pay-invoices">
        <caption>{p.caption}</caption>
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
          {p.invoices.map((inv) => (
            <InvoiceRow inv={inv} props={p.props} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The invoices to pay. Focused (issue 17): the chosen ones first, the other open
 * invoices behind "Add other invoices" (a `<details>`, no JavaScript needed). Plain
 * /pay: every open invoice by currency, with "Select all" and "Select none" links
 * (plain GETs of /pay, so they work without JavaScript too).
 */
export function InvoicePicker(p: PickerProps) {
  const { tenant } = usePortal();
  const error = p.errors.invoice;
  if (!p.data.open.length) return <p id="pay-invoices">You have no open invoices. There is nothing to pay right now.</p>;
  const chosen = p.data.open.filter((i) => p.state.selected.includes(i.publicId));
  const others = p.data.open.filter((i) => !p.state.selected.includes(i.publicId));
  const hint = tenant.allowPartialPayments ? "You can pay less than the balance of an invoice." : "Each invoice is paid in full.";
  if (p.focused && chosen.length) {
    return (
      <fieldset id="pay-invoices" aria-describedby={error ? "invoice-error" : undefined}>
        <legend>{chosen.length === 1 ? "Invoice to pay" : `${plural(chosen.length, "invoice")} to pay`}</legend>
        <p class="hint">{hint}</p>
        <FieldError id="invoice" message={error} />
        <InvoiceTable caption="Chosen invoices" invoices={chosen} props={p} />
        {others.length > 0 && (
          <details class="more-invoices">
            <summary>Add other invoices ({others.length} open)</summary>
            {byCurrency(others).map(([currency, invoices]) => (
              <InvoiceTable caption={`Other open invoices in ${currency.toUpperCase()}`} invoices={invoices} props={p} />
            ))}
          </details>
        )}
      </fieldset>
    );
  }
  const groups = byCurrency(p.data.open);
  return (
    <fieldset id="pay-invoices" aria-describedby={error ? "invoice-error" : undefined}>
      <legend>Invoices to pay</legend>
      <p class="hint">
        Tick the invoices to pay{chosen.length ? "; past-due invoices are ticked for you" : ""}. {hint}{" "}
        {groups.length > 1 ? "Invoices in different currencies are paid separately." : ""}
      </p>
      <p class="select-links">
        <a href="/pay?select=all">Select all</a> <a href="/pay?select=none">Select none</a>
      </p>
      <FieldError id="invoice" message={error} />
      {groups.map(([currency, invoices]) => (
        <InvoiceTable caption={`Open invoices in ${currency.toUpperCase()}`} invoices={invoices} props={p} />
      ))}
    </fieldset>
  );
}
