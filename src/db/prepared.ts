import { fillPlaceholders } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";

/**
 * Statements whose SQL is built once per isolate instead of once per request (issue 7).
 *
 * drizzle spends 0.1 to 0.3 ms of CPU building the SQL of even a one-table select (its
 * entity checks walk prototype chains), and every portal request runs the same tenant
 * and session lookups. A prepared query keeps that SQL with named placeholders:
 * `statement()` binds this request's values on this request's binding (the counting
 * client, so round trips are still counted), and `rows()` maps D1's answer exactly as
 * drizzle maps a batch result. Use it for single-table selects and writes: drizzle maps
 * batch rows by column name, so joined tables that share column names would collide.
 */

// Only builds SQL: nothing is ever run through this client.
export const builder = drizzle({ prepare: () => ({}) } as unknown as D1Database);

export type Builder = typeof builder;

/** What we use of a drizzle prepared query (public API: getQuery, mapResult). */
export type Prepared = {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
};

/** A prepared query built on first use and kept for the life of the isolate. */
export function once<Q extends Prepared>(build: (db: Builder) => Q): () => Q {
  let q: Q | undefined;
  return () => (q ??= build(builder));
}

/** The D1 statement of `q` with `values` for its placeholders, on the request's binding. */
export function statement(d1: D1Database, q: Prepared, values: Record<string, unknown>): D1PreparedStatement {
  const { sql, params } = q.getQuery();
  return d1.prepare(sql).bind(...fillPlaceholders(params, values));
}

/** The rows of a select, mapped to drizzle's row objects (column names to fields, JSON, booleans). */
export function rows<Row>(q: Prepared, result: D1Result): Row[] {
  return q.mapResult(result, true) as Row[];
}
