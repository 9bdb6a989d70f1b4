import { Column, is, Param, Placeholder, SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { once as onFirstUse } from "../lib/once";

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
  /** where getQuery's params still hold placeholders, when the query knows (src/db/prepared-reads.ts) */
  slots?: Slot[];
};

/** A placeholder's place in a parameter list, and the column's encoder that wraps it, if any. */
export type Slot = { index: number; name: string; encoder: { mapToDriverValue(v: unknown): unknown } | null };

/**
 * The placeholders of a parameter list: the two forms drizzle's fillPlaceholders fills,
 * a bare placeholder or one wrapped with a column's encoder. `keep` picks which.
 */
export function placeholderSlots(params: unknown[], keep: (name: string) => boolean = () => true): Slot[] {
  const slots: Slot[] = [];
  params.forEach((p, index) => {
    if (is(p, Placeholder) && keep(p.name)) slots.push({ index, name: p.name, encoder: null });
    else if (is(p, Param) && is(p.value, Placeholder) && keep(p.value.name)) slots.push({ index, name: p.value.name, encoder: p.encoder });
  });
  return slots;
}

/** The parameter list with `values` in its slots: drizzle's fillPlaceholders, without its per-parameter is() checks. */
export function fillSlots(params: unknown[], slots: Slot[], values: Record<string, unknown>): unknown[] {
  const out = params.slice();
  for (const s of slots) {
    if (!(s.name in values)) throw new Error(`No value for placeholder "${s.name}" was provided`);
    out[s.index] = s.encoder ? s.encoder.mapToDriverValue(values[s.name]) : values[s.name];
  }
  return out;
}

// A prepared query's parameter list is the same array on every call: its slots are found once.
const slotsOfParams = new WeakMap<unknown[], Slot[]>();

/** A prepared query built on first use and kept for the life of the isolate. */
export function once<Q extends Prepared>(build: (db: Builder) => Q): () => Q {
  return onFirstUse(() => build(builder));
}

/** The D1 statement of `q` with `values` for its placeholders, on the request's binding. */
export function statement(d1: D1Database, q: Prepared, values: Record<string, unknown>): D1PreparedStatement {
  const { sql, params } = q.getQuery();
  let slots = q.slots ?? slotsOfParams.get(params);
  if (!slots) slotsOfParams.set(params, (slots = placeholderSlots(params)));
  return d1.prepare(sql).bind(...fillSlots(params, slots, values));
}

/** Statements prepared once, run as ONE batch with this request's values; each answer mapped as drizzle maps it. */
export async function batchPrepared(d1: D1Database, qs: readonly Prepared[], values: Record<string, unknown>): Promise<unknown[]> {
  const results = await d1.batch(qs.map((q) => statement(d1, q, values)));
  return results.map((r, i) => mapBatchResult(qs[i]!, r));
}

/** The rows of a select, mapped to drizzle's row objects (column names to fields, JSON, booleans). */
export function rows<Row>(q: Prepared, result: D1Result): Row[] {
  return mapBatchResult(q, result) as Row[];
}

/**
 * What drizzle's `mapResult(result, true)` returns for a batch item, without its
 * per-cell cost: drizzle decides each cell's decoder with `is()` checks that walk
 * prototype chains, on every row of every request (about 6 % of My Account's worker CPU,
 * more on the lists; bench/analysis.md). For a flat select (every field at the top
 * level, so no joined objects to nullify) the decoders are decided once per prepared
 * query and each row is a loop over its values, in drizzle's own order (D1 answers
 * objects; drizzle reads them positionally, as here). Anything else (nested fields, a
 * custom mapper, a write) is drizzle's own mapping. test/budgets/prepared-mapping.test.ts
 * holds the two equal on the hot pages' queries.
 */
export function mapBatchResult(q: Prepared, result: unknown): unknown {
  // not a drizzle query (a page's per-request binding of one, src/db/prepared-reads.ts): it maps itself
  if (!("executeMethod" in q)) return q.mapResult(result, true);
  let m = mappers.get(q);
  if (m === undefined) mappers.set(q, (m = flatMapper(q)));
  if (m === null) return q.mapResult(result, true);
  const found = (result as D1Result).results as Record<string, unknown>[];
  return m.method === "all" ? found.map(m.row) : found[0] === undefined ? undefined : m.row(found[0]);
}

type Decoder = { mapFromDriverValue(v: unknown): unknown };
type FlatMapper = { method: "all" | "get"; row: (r: Record<string, unknown>) => Record<string, unknown> };
type DrizzleInternals = {
  executeMethod?: string;
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: unknown;
};
const mappers = new WeakMap<Prepared, FlatMapper | null>();

function flatMapper(q: Prepared): FlatMapper | null {
  const { executeMethod, fields, customResultMapper } = q as unknown as DrizzleInternals;
  if ((executeMethod !== "all" && executeMethod !== "get") || !fields || customResultMapper) return null;
  if (fields.some((f) => f.path.length !== 1)) return null;
  const keys = fields.map((f) => f.path[0]!);
  const decoders = fields.map(({ field }) => {
    // the same choice as drizzle's mapResultRow, made once
    if (is(field, Column)) return field as unknown as Decoder;
    if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
    if (is(field, SQL.Aliased)) return (field as unknown as { sql: { decoder: Decoder } }).sql.decoder;
    return null;
  });
  if (decoders.includes(null)) return null;
  const decode = decoders as Decoder[];
  const n = keys.length;
  return {
    method: executeMethod,
    row: (r) => {
      const values = Object.values(r);
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const v = values[i];
        o[keys[i]!] = v === null ? null : decode[i]!.mapFromDriverValue(v);
      }
      return o;
    },
  };
}
