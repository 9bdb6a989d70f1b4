import { sql } from "drizzle-orm";
import { fillSlots, mapBatchResult, type Prepared, placeholderSlots, type Slot } from "./prepared";
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

type Cached = { reads: PageReads<unknown>; prepared: { query: { sql: string; params: unknown[] }; slots: Slot[]; rest: Slot[]; base: Prepared }[] };

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
    queries: prepared.map(({ query, slots, rest, base }) => {
      const params = fillSlots(query.params, slots, values);
      // `slots`: the scope's placeholders still in `params`, for the page entry to fill
      const bound: Prepared = { getQuery: () => ({ sql: query.sql, params }), mapResult: (r) => mapBatchResult(base, r), slots: rest };
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
    const slots = placeholderSlots(query.params, (name) => name.startsWith(PREFIX)).map((s) => ({ ...s, name: s.name.slice(PREFIX.length) }));
    const rest = placeholderSlots(query.params, (name) => !name.startsWith(PREFIX));
    return { query, slots, rest, base };
  });
  return { reads, prepared };
}
