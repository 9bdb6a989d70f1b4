import type { Estimate, EstimateFilter } from "../../../db/queries/estimates";
import { type EstimateListInput, type EstimateListParsed, estimateFiltersSet, estimateListQuery } from "../../../services/estimates/list-filter";
import { portalStatus } from "../../../services/estimates/status";
import { DateText } from "../../components/date";
import { DateField, FilterPanel, SearchField, Select } from "../../components/list-filter";
import { Money } from "../../components/money";
import { Pagination, pageCount } from "../../components/pagination";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";
import { usePortal } from "../../portal-context";

const tenantName = () => usePortal().tenant.name;

const FILTERS: { key: EstimateFilter; label: string }[] = [
  { key: "all", label: "All" },
  { key: "open", label: "Open" },
  { key: "approved", label: "Approved" },
  { key: "declined", label: "Declined" },
  { key: "expired", label: "Expired" },
];

export const PER_PAGE = 20;

type Props = {
  rows: Estimate[];
  total: number;
  input: EstimateListInput;
  errors: EstimateListParsed["errors"];
  now: number;
};

const LABELS = { q: "Number or title", from: "From date", to: "To date" } as const;

/** The estimates' filters in the lists' one style (issue 17.7): status, search, date range. */
function EstimateFilters(p: { input: EstimateListInput; errors: Props["errors"] }) {
  const e = p.errors;
  const listed = (Object.keys(e) as (keyof typeof LABELS)[]).map((k) => ({ id: `ef-${k}`, label: LABELS[k], message: e[k]! }));
  return (
    <FilterPanel action="/estimates" label="Filter estimates" active={estimateFiltersSet(p.input)} errors={listed} submitLabel="Show estimates">
      <Select id="ef-filter" name="filter" label="Status" value={p.input.filter} options={FILTERS.map((f) => ({ value: f.key, label: f.label }))} />
      <SearchField id="ef-q" name="q" label="Search" hint={LABELS.q} value={p.input.q} error={e.q} />
      <DateField id="ef-from" name="from" label={LABELS.from} hint="Estimates dated on or after this day" value={p.input.from} error={e.from} />
      <DateField id="ef-to" name="to" label={LABELS.to} hint="Estimates dated on or before this day" value={p.input.to} error={e.to} />
    </FilterPanel>
  );
}

export function EstimateListPage(p: Props) {
  const current = FILTERS.find((f) => f.key === p.input.filter)!;
  const page = Number(p.input.page);
  const filtered = estimateFiltersSet(p.input);
  const href = (n: number) => `/estimates${estimateListQuery(p.input, { page: String(n) })}`;
  return (
    <Layout title="Estimates" active="estimates">
      <h1>Estimates</h1>
      {(p.total > 0 || filtered) && <EstimateFilters input={p.input} errors={p.errors} />}
      {p.rows.length === 0 ? (
        filtered ? (
          <div class="empty">
            <p>No estimates match these filters.</p>
            <p>
              <a href="/estimates">Clear filters to see all your estimates</a>
            </p>
          </div>
        ) : (
          <div class="empty">
            <p>You have no estimates. When {tenantName()} sends you a quote, it shows here to review and approve.</p>
            <p>
              <a href="/invoices">See your invoices instead</a>
            </p>
          </div>
        )
      ) : (
        <div class="table-scroll">
          <table class="stack estimates-table">
            <caption class="visually-hidden">{current.label} estimates, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Estimate</th>
                <th scope="col">Date</th>
                <th scope="col">Expires</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((e) => (
                <tr>
                  <th scope="row" data-label="Estimate">
                    <a href={`/estimates/${e.publicId}`}>{e.name ? `${e.number} · ${e.name}` : e.number}</a>
                  </th>
                  <td data-label="Date">
                    <DateText ts={e.date} />
                  </td>
                  <td data-label="Expires">
                    <DateText ts={e.expirationDate} empty="Never" />
                  </td>
                  <td class="num" data-label="Total">
                    <Money minor={e.total} currency={e.currency} />
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={portalStatus(e, p.now)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount(p.total, PER_PAGE)} total={p.total} href={href} label="Estimate pages" />
    </Layout>
  );
}
