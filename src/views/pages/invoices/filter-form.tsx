import type { InvoiceFilterInput } from "../../../services/invoices/filters";
import { DateField, ErrorText, Select } from "../../components/list-filter";

/**
 * The invoice list's filters as a plain GET form: it works without JavaScript and
 * its URL can be bookmarked. Errors are listed on top (linked to their fields) and
 * next to each field (aria-describedby); what was typed is kept.
 */

export type FilterErrors = Partial<Record<keyof InvoiceFilterInput, string>>;

const STATUS_OPTIONS = [
  { value: "open", label: "Open" },
  { value: "past_due", label: "Past due" },
  { value: "paid", label: "Paid" },
  { value: "all", label: "All" },
];
const SORT_OPTIONS = [
  { value: "date", label: "Invoice date" },
  { value: "due_date", label: "Due date" },
  { value: "number", label: "Number" },
  { value: "total", label: "Total" },
  { value: "balance", label: "Balance" },
];
const DIR_OPTIONS = [
  { value: "desc", label: "Newest or highest first" },
  { value: "asc", label: "Oldest or lowest first" },
];

const FIELD_LABELS: Record<keyof InvoiceFilterInput, string> = {
  status: "Status",
  q: "Number or purchase order",
  from: "From date",
  to: "To date",
  sort: "Sort by",
  dir: "Order",
  page: "Page",
};

/**
 * The search box (always in view; without a chosen status it looks across all
 * statuses) and the other filters behind a "Filter" disclosure, a `<details>` that
 * works without JavaScript and stays open while filters are set or wrong (issue 17).
 */
export function FilterForm(p: { input: InvoiceFilterInput; errors?: FilterErrors }) {
  const errors = p.errors ?? {};
  const i = p.input;
  const active = i.from !== "" || i.to !== "" || i.sort !== "date" || i.dir !== "desc" || (i.status !== "open" && !(i.q && i.status === "all"));
  return (
    <>
      <form method="get" action="/invoices" class="list-search" role="search" aria-label="Search invoices">
        <label for="f-q">Search all invoices</label>
        <span class="hint" id="f-q-hint">
          Number or purchase order
        </span>
        <div class="search-row">
          <input
            id="f-q"
            name="q"
            type="search"
            value={i.q}
            maxlength={100}
            aria-invalid={errors.q ? "true" : undefined}
            aria-describedby={errors.q ? "f-q-hint f-q-error" : "f-q-hint"}
          />
          <button type="submit" class="button-secondary">
            Search
          </button>
        </div>
        <ErrorText id="f-q" error={errors.q} />
      </form>
      <details class="filter-panel" open={active || Object.keys(errors).some((k) => k !== "q") || undefined}>
        <summary>Filter{active ? " (filters set)" : ""}</summary>
        <FilterFields input={i} errors={errors} />
      </details>
    </>
  );
}

function FilterFields(p: { input: InvoiceFilterInput; errors: FilterErrors }) {
  const errors = p.errors;
  const listed = (Object.keys(errors) as (keyof InvoiceFilterInput)[]).filter((k) => errors[k] && k !== "q");
  return (
    <form method="get" action="/invoices" class="invoice-filters list-filters" aria-label="Filter invoices">
      {listed.length > 0 && (
        <div class="error-summary" role="alert" aria-labelledby="filter-errors-title" tabindex={-1} autofocus>
          <h2 id="filter-errors-title">Check the filters</h2>
          <ul>
            {listed.map((k) => (
              <li>
                <a href={`#f-${k}`}>
                  {FIELD_LABELS[k]}: {errors[k]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.input.q && <input type="hidden" name="q" value={p.input.q} />}
      <div class="filter-grid">
        <Select id="f-status" name="status" label="Status" value={p.input.status} options={STATUS_OPTIONS} error={errors.status} />
        <DateField id="f-from" name="from" label={FIELD_LABELS.from} hint="Invoices dated on or after this day" value={p.input.from} error={errors.from} />
        <DateField id="f-to" name="to" label={FIELD_LABELS.to} hint="Invoices dated on or before this day" value={p.input.to} error={errors.to} />
        <Select id="f-sort" name="sort" label="Sort by" value={p.input.sort} options={SORT_OPTIONS} error={errors.sort} />
        <Select id="f-dir" name="dir" label="Order" value={p.input.dir} options={DIR_OPTIONS} error={errors.dir} />
      </div>
      {errors.page && (
        <p class="field-error" id="f-page">
          {errors.page}
        </p>
      )}
      <div class="actions">
        <button type="submit">Show invoices</button>
        <a href="/invoices">Clear filters</a>
      </div>
    </form>
  );
}
