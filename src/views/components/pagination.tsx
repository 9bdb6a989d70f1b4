import { plural } from "../../presentation/plural";

/**
 * Previous/next links for a server-side paged list. `href(page)` builds the link
 * with the list's current filters, so paging never drops a filter.
 */
export function Pagination(p: { page: number; pageCount: number; total: number; href: (page: number) => string; label?: string }) {
  if (p.pageCount <= 1) return <p class="pagination-summary muted">{countText(p.total)}</p>;
  return (
    <nav class="pagination" aria-label={p.label ?? "Pagination"}>
      <ul>
        {p.page > 1 ? (
          <>
            <li>
              <a href={p.href(1)}>First</a>
            </li>
            <li>
              <a href={p.href(p.page - 1)} rel="prev">
                Previous
              </a>
            </li>
          </>
        ) : null}
        <li aria-current="page">
          Page {p.page} of {p.pageCount}
        </li>
        {p.page < p.pageCount ? (
          <>
            <li>
              <a href={p.href(p.page + 1)} rel="next">
                Next
              </a>
            </li>
            <li>
              <a href={p.href(p.pageCount)}>Last</a>
            </li>
          </>
        ) : null}
      </ul>
      <p class="pagination-summary muted">{countText(p.total)}</p>
    </nav>
  );
}

function countText(n: number): string {
  return plural(n, "result");
}

/** Page count for `total` rows at `size` per page (at least 1, so "page 1 of 1" for an empty list). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
