import { is, Param, Placeholder, sql } from "drizzle-orm";
import { mapBatchResult, type Prepared } from "./prepared";
import type { PageReads } from "./queries/page-entry";
import { type CustomerScope, isSessionBound } from "./scope";

/**
 * A page's reads with their SQL built once per isolate (issue 18: "statements prepared
 * once per isolate on the hot paths").
 *
 * Building a page's statements with drizzle costs more CPU than anything else the worker
 * does for a signed-in page (about a quarter of My Account's samples: `is()` walking
 * prototype chains, `sql` chunks, `buildQueryFromSourceParams`). On the page entry's
 * session-bound scope (src/db/queries/page-entry.ts) the SQL of a page only depends on
 * its shape (which filters are on, the sort), not on the request: the scope's tenant and
 * customer are already placeholders. So the statements are built once per scope and
 * shape with the request's own values as placeholders too, and each request only copies
 * the parameter list and puts its values in.
 *
 * `build` receives the values as drizzle placeholders typed as the values: it must only
 * hand them to drizzle (conditions, `limit`, `offset`, `sql` templates), never look at
 * them in JavaScript; anything that changes the SQL's shape belongs in `shape`. The
 * reads' `read` is kept with the SQL, so it must not use the values either. On any
 * other scope (a customer already known: tests, routes reached without the page entry)
 * the values are passed as themselves and nothing is cached.
 */

type Values = Record<string, unknown>;

/** Where a request's value goes in a cached statement's parameter list. */
type Slot = { index: number; name: string; encoder: { mapToDriverValue(v: unknown): unknown } | null };
type Cached = { reads: PageReads<unknown>; prepared: { query: { sql: string; params: unknown[] }; slots: Slot[]; base: Prepared }[] };

const PREFIX = "page_";
const cache = new WeakMap<CustomerScope, Map<string, Cached>>();

export function preparedReads<V extends Values, T>(my: CustomerScope, shape: string, values: V, build: (v: V) => PageReads<T>): PageReads<T> {
  if (!isSessionBound(my)) return build(values);
  let byShape = cache.get(my);
  if (!byShape) cache.set(my, (byShape = new Map()));
  let cached = byShape.get(shape);
  if (!cached) byShape.set(shape, (cached = prepare(values, build as (v: V) => PageReads<unknown>)));
  const { reads, prepared } = cached;
  return {
    queries: prepared.map(({ query, slots, base }) => {
      const params = query.params.slice();
      for (const s of slots) params[s.index] = s.encoder ? s.encoder.mapToDriverValue(values[s.name]) : values[s.name];
      const bound: Prepared = { getQuery: () => ({ sql: query.sql, params }), mapResult: (r) => mapBatchResult(base, r) };
      // what readPageEntry asks of a batch item: `_prepare()`, as drizzle's own queries have
      return { _prepare: () => bound } as unknown as PageReads<T>["queries"][number];
    }),
    read: reads.read as PageReads<T>["read"],
  };
}

function prepare<V extends Values>(values: V, build: (v: V) => PageReads<unknown>): Cached {
  const placeholders = Object.fromEntries(Object.keys(values).map((k) => [k, sql.placeholder(PREFIX + k)])) as unknown as V;
  const reads = build(placeholders);
  const prepared = reads.queries.map((q) => {
    const base = (q as unknown as { _prepare(): Prepared })._prepare();
    const query = base.getQuery();
    const slots: Slot[] = [];
    query.params.forEach((p, index) => {
      // the same two forms drizzle's fillPlaceholders fills: a bare placeholder, or one wrapped with a column's encoder
      if (is(p, Placeholder) && p.name.startsWith(PREFIX)) slots.push({ index, name: p.name.slice(PREFIX.length), encoder: null });
      else if (is(p, Param) && is(p.value, Placeholder) && p.value.name.startsWith(PREFIX))
        slots.push({ index, name: p.value.name.slice(PREFIX.length), encoder: p.encoder });
    });
    return { query, slots, base };
  });
  return { reads, prepared };
}
