import type { AppliedTo, PortalPayment } from "../../../db/queries/payment-history";
import { PAYMENTS_PAGE_SIZE } from "../../../db/queries/payment-history";
import { appliedLabel } from "../../../presentation/document-text";
import { formatMoney } from "../../../presentation/format";
import { describeMethod } from "../../../presentation/payment-methods";
import { plural } from "../../../presentation/plural";
import { type PaymentFilterInput, paymentFilterQuery, paymentFiltersSet } from "../../../services/payments/filters";
import { DateText } from "../../components/date";
import { DateField, type FilterOption, FilterPanel, Select } from "../../components/list-filter";
import { Money } from "../../components/money";
import { Pagination, pageCount } from "../../components/pagination";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";

export type PaymentListProps = {
  input: PaymentFilterInput;
  errors?: Partial<Record<keyof PaymentFilterInput, string>>;
  page: number;
  rows: PortalPayment[];
  total: number;
  applied: AppliedTo[];
  /** all the customer's payments, whatever the filters */
  everTotal: number;
};

/** Payment history (issue 4.5): date, amount, method, status, what each paid, receipt; filters and CSV (17.7). */
export function PaymentListPage(p: PaymentListProps) {
  const pages = pageCount(p.total, PAYMENTS_PAGE_SIZE);
  const href = (page: number) => `/payments${paymentFilterQuery(p.input, { page: String(page) })}`;
  const filtered = paymentFiltersSet(p.input);
  return (
    <Layout title="Payments" active="payments">
      <h1>Payments</h1>
      {(p.everTotal > 0 || p.errors) && <PaymentFilters input={p.input} errors={p.errors ?? {}} />}
      {p.everTotal > 0 && p.total > 0 && (
        <p class="list-actions">
          <a href={`/payments.csv${paymentFilterQuery(p.input, { page: "1" })}`} hx-boost="false" download="payments.csv">
            {p.total === 1 ? "Download this payment as CSV" : `Download these ${plural(p.total, "payment")} as CSV`}
          </a>
        </p>
      )}
      {p.errors ? null : p.everTotal === 0 ? (
        <div class="empty">
          <p>You have made no payments yet. Payments you make show here, with a receipt for each.</p>
          <p>
            <a href="/invoices">See your open invoices to pay one</a>
          </p>
        </div>
      ) : p.total === 0 && filtered ? (
        <div class="empty">
          <p>No payments match these filters.</p>
          <p>
            <a href="/payments">Clear filters to see all {plural(p.everTotal, "payment")}</a>
          </p>
        </div>
      ) : p.rows.length === 0 ? (
        <div class="notice" role="note">
          <p>
            There is no page {p.page}: {filtered ? "these filters give" : "your payments fill"} {plural(pages, "page")}.{" "}
            <a href={href(pages)}>Go to page {pages}</a>
          </p>
        </div>
      ) : (
        <>
          <div class="table-scroll">
            <table class="stack payment-table">
              <caption class="visually-hidden">Your payments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                  <th scope="col">Method</th>
                  <th scope="col">Status</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Receipt</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((pay) => (
                  <tr>
                    <td data-label="Date">
                      <DateText ts={pay.date} />
                    </td>
                    <td class="num" data-label="Amount">
                      <Money minor={pay.amount} currency={pay.currency} />
                    </td>
                    <td data-label="Method">{describeMethod(pay)}</td>
                    <td data-label="Status">
                      <StatusBadge status={pay.status} />
                      {pay.status === "failed" && pay.failureMessage && <span class="line-description">{pay.failureMessage}</span>}
                    </td>
                    <td data-label="Paid">
                      <PaidList applied={p.applied.filter((a) => a.paymentId === pay.id)} currency={pay.currency} />
                    </td>
                    <td data-label="Receipt">
                      {pay.status === "succeeded" ? (
                        <a href={`/payments/${pay.publicId}/pdf`} hx-boost="false">
                          Receipt<span class="visually-hidden"> for {formatMoney(pay.amount, pay.currency)}</span>
                        </a>
                      ) : (
                        <span class="muted">None</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={p.page} pageCount={pages} total={p.total} href={href} label="Payment pages" />
        </>
      )}
    </Layout>
  );
}

const METHOD_OPTIONS: FilterOption[] = [
  { value: "all", label: "Any method" },
  { value: "card", label: "Card" },
  { value: "bank", label: "Bank account or transfer" },
  { value: "check", label: "Check" },
  { value: "wire_transfer", label: "Wire transfer" },
  { value: "cash", label: "Cash" },
  { value: "paypal", label: "PayPal" },
  { value: "balance", label: "Account credit" },
  { value: "other", label: "Other" },
];
const STATUS_OPTIONS: FilterOption[] = [
  { value: "all", label: "Any status" },
  { value: "succeeded", label: "Succeeded" },
  { value: "pending", label: "Pending" },
  { value: "failed", label: "Failed" },
  { value: "voided", label: "Voided" },
];
const LABELS: Record<keyof PaymentFilterInput, string> = { method: "Method", status: "Status", from: "From date", to: "To date", page: "Page" };

function PaymentFilters(p: { input: PaymentFilterInput; errors: Partial<Record<keyof PaymentFilterInput, string>> }) {
  const e = p.errors;
  const listed = (Object.keys(e) as (keyof PaymentFilterInput)[]).filter((k) => e[k]).map((k) => ({ id: `pf-${k}`, label: LABELS[k], message: e[k]! }));
  return (
    <FilterPanel action="/payments" label="Filter payments" active={paymentFiltersSet(p.input)} errors={listed} submitLabel="Show payments">
      <DateField id="pf-from" name="from" label={LABELS.from} hint="Payments made on or after this day" value={p.input.from} error={e.from} />
      <DateField id="pf-to" name="to" label={LABELS.to} hint="Payments made on or before this day" value={p.input.to} error={e.to} />
      <Select id="pf-method" name="method" label={LABELS.method} value={p.input.method} options={METHOD_OPTIONS} error={e.method} />
      <Select id="pf-status" name="status" label={LABELS.status} value={p.input.status} options={STATUS_OPTIONS} error={e.status} />
      {e.page && (
        <p class="field-error" id="pf-page">
          {e.page}
        </p>
      )}
    </FilterPanel>
  );
}

function PaidList(p: { applied: AppliedTo[]; currency: string }) {
  if (!p.applied.length) return <span class="muted">Not applied yet</span>;
  return (
    <ul class="plain-list">
      {p.applied.map((a) => (
        <li>
          {a.type === "invoice" && a.invoicePublicId ? (
            <a href={`/invoices/${a.invoicePublicId}`}>{appliedLabel(a)}</a>
          ) : a.type === "estimate" && a.estimatePublicId ? (
            <a href={`/estimates/${a.estimatePublicId}`}>{appliedLabel(a)}</a>
          ) : (
            appliedLabel(a)
          )}
          : <Money minor={a.amount} currency={p.currency} />
        </li>
      ))}
    </ul>
  );
}
