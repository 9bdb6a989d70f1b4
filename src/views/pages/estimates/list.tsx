import type { Estimate, EstimateFilter } from "../../../db/queries/estimates";
import { portalStatus } from "../../../services/estimates/status";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { Pagination, pageCount } from "../../components/pagination";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";

const FILTERS: { key: EstimateFilter; label: string }[] = [
  { key: "all", label: "All" },
  { key: "open", label: "Open" },
  { key: "approved", label: "Approved" },
  { key: "declined", label: "Declined" },
  { key: "expired", label: "Expired" },
];

export const PER_PAGE = 20;

const href = (filter: EstimateFilter, page = 1) => {
  const q = new URLSearchParams();
  if (filter !== "all") q.set("filter", filter);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `/estimates?${s}` : "/estimates";
};

export function EstimateListPage(p: { rows: Estimate[]; total: number; filter: EstimateFilter; page: number; now: number }) {
  const current = FILTERS.find((f) => f.key === p.filter)!;
  return (
    <Layout title="Estimates" active="estimates">
      <h1>Estimates</h1>
      <nav aria-label="Filter estimates" class="filters">
        <ul>
          {FILTERS.map((f) => (
            <li>
              <a href={href(f.key)} aria-current={f.key === p.filter ? "page" : undefined}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length === 0 ? (
        <p class="empty">{p.filter === "all" ? "You have no estimates." : `No ${current.label.toLowerCase()} estimates.`}</p>
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
      <Pagination page={p.page} pageCount={pageCount(p.total, PER_PAGE)} total={p.total} href={(n) => href(p.filter, n)} label="Estimate pages" />
    </Layout>
  );
}
