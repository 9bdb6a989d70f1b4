import { html } from "hono/html";
import type { CurrencyTotals, ListedInvoice } from "../../../db/queries/invoices";
import { formatCount } from "../../../presentation/format";
import { plural } from "../../../presentation/plural";
import { filterQuery, type InvoiceFilter, type InvoiceFilterInput, PAGE_SIZE } from "../../../services/invoices/filters";
import { invoiceDisplayStatus } from "../../../services/invoices/status";
import { dateHtml } from "../../components/date";
import { Money, moneyHtml } from "../../components/money";
import { Pagination, pageCount } from "../../components/pagination";
import { badgeHtml } from "../../components/status-badge";
import { Layout } from "../../layout";
import { type FilterErrors, FilterForm } from "./filter-form";

export type InvoiceListProps = {
  now: number;
  input: InvoiceFilterInput;
  /** set when the query string could not be read: the form shows why, no list */
  errors?: FilterErrors;
  filter?: InvoiceFilter;
  result?: { rows: ListedInvoice[]; totals: CurrencyTotals[]; count: number };
  csvLimit: number;
};

const SORT_NAMES: Record<string, string> = { date: "invoice date", due_date: "due date", number: "number", total: "total", balance: "balance" };

export function InvoiceListPage(p: InvoiceListProps) {
  return (
    <Layout title="Invoices" active="invoices">
      <h1>Invoices</h1>
      <FilterForm input={p.input} errors={p.errors} />
      {p.result && p.filter && <Results {...p} result={p.result} filter={p.filter} />}
    </Layout>
  );
}

function Results(p: InvoiceListProps & { result: NonNullable<InvoiceListProps["result"]>; filter: InvoiceFilter }) {
  const { rows, totals, count } = p.result;
  const pages = pageCount(count, PAGE_SIZE);
  const csvHref = `/invoices.csv${filterQuery(p.input, { page: "1" })}`;
  const href = (n: number) => `/invoices${filterQuery(p.input, { page: String(n) })}`;
  const sortedBy = `${SORT_NAMES[p.filter.sort]}, ${p.filter.dir === "asc" ? "ascending" : "descending"}`;

  // issue 17.7: an empty list says what to do next
  if (count === 0 && filterQuery(p.input) === "") {
    return (
      <div class="empty">
        <p>You have no open invoices: there is nothing to pay right now.</p>
        <p>
          <a href="/invoices?status=all">See all your invoices, paid ones too</a>
        </p>
      </div>
    );
  }
  if (count === 0) {
    return (
      <div class="empty">
        <p>No invoices match these filters.</p>
        <p>
          <a href="/invoices">Clear filters</a>
        </p>
      </div>
    );
  }
  return (
    <>
      <p class="actions">
        <a href={csvHref} hx-boost="false" download="invoices.csv">
          {count === 1 ? "Download this invoice as CSV" : `Download these ${plural(count, "invoice")} as CSV`}
        </a>
        {count > p.csvLimit && <span class="muted">The file holds the first {formatCount(p.csvLimit)}.</span>}
      </p>
      {rows.length === 0 ? (
        <div class="notice" role="note">
          <p>
            There is no page {p.filter.page}: these filters give {plural(pages, "page")}. <a href={href(pages)}>Go to page {pages}</a>
          </p>
        </div>
      ) : (
        <div class="table-scroll">
          <table class="stack compact invoice-table">
            <caption>
              Invoices, sorted by {sortedBy}. Totals cover all {formatCount(count)} matching invoices.
            </caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Date</th>
                <th scope="col">Due date</th>
                <th scope="col">Purchase order</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col" class="num">
                  Balance
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>{rows.map((inv) => invoiceRow(inv, p.now))}</tbody>
            <tfoot>
              {totals.map((t) => (
                <tr class="totals-row">
                  <th scope="row" colspan={4}>
                    Total of {plural(t.count, "invoice")} in {t.currency.toUpperCase()}
                  </th>
                  <td class="num" data-label="Total">
                    <Money minor={t.total} currency={t.currency} />
                  </td>
                  <td class="num" data-label="Balance">
                    <Money minor={t.balance} currency={t.currency} />
                  </td>
                  <td></td>
                </tr>
              ))}
            </tfoot>
          </table>
        </div>
      )}
      {rows.length > 0 && <Pagination page={p.filter.page} pageCount={pages} total={count} href={href} label="Invoice pages" />}
    </>
  );
}

/**
 * One row of the list as an HTML string: 50 rows of 7 cells are most of this page's
 * rendering, and a template costs a fraction of hono/jsx's nodes (issue 18). The bytes
 * are what the JSX gave (the text inside the spans, the empty purchase order cell).
 */
function invoiceRow(inv: ListedInvoice, now: number) {
  const name = inv.name ? html`<span class="line-description"> ${inv.name}</span>` : "";
  return html`<tr><th scope="row" data-label="Invoice"><a href="/invoices/${inv.publicId}">${inv.number}</a>${name}</th><td data-label="Date" class="phone-hide">${dateHtml(inv.date)}</td><td data-label="Due date">${dateHtml(inv.dueDate, "On receipt")}</td><td data-label="Purchase order" class="${inv.purchaseOrder ? "phone-hide" : "empty-cell"}">${inv.purchaseOrder ?? ""}</td><td class="num phone-hide" data-label="Total">${moneyHtml(inv.total, inv.currency)}</td><td class="num" data-label="Balance">${moneyHtml(inv.balance, inv.currency)}</td><td data-label="Status" class="status-cell">${badgeHtml(invoiceDisplayStatus(inv, now))}</td></tr>`;
}
