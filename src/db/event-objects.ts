import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Events carry the object as the API returns it (`data.object`), so a webhook or
 * `GET /events` shows what the object looked like right after the change. The API
 * serialisers are TypeScript, and an event is written in the same batch as the
 * change, before the database has given a new row its id: these helpers let a
 * writer serialise the row it is about to insert and fill in, inside the same
 * statement, what only the database knows.
 */

/** The row as it will read once inserted: the columns' declared defaults filled in. */
export function asInserted<T extends SQLiteTable>(table: T, values: Partial<T["$inferInsert"]>): T["$inferSelect"] {
  const row: Record<string, unknown> = { ...values };
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    if (row[key] !== undefined) continue;
    const c = col as unknown as { default?: unknown; defaultFn?: () => unknown };
    row[key] =
      c.default !== undefined && !(c.default && typeof c.default === "object" && "queryChunks" in (c.default as object))
        ? c.default
        : (c.defaultFn?.() ?? null);
  }
  return row as T["$inferSelect"];
}

/**
 * `{object: wire, previous?}` as SQL, with `patch` JSON paths of the object set from
 * SQL values (the new row's id, a number the insert computed). For the event of a
 * row inserted earlier in the same batch; `extra` keys stay beside `object` for the audit trail.
 */
export function objectDataWith(
  wire: Record<string, unknown>,
  patch: Record<string, SQL>,
  previous?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): SQL {
  const base = JSON.stringify(previous ? { ...extra, object: wire, previous } : { ...extra, object: wire });
  const sets = Object.entries(patch).map(([field, value]) => sql`, ${`$.object.${field}`}, ${value}`);
  return sql`json_set(${base}${sql.join(sets, sql``)})`;
}

/** `previous`: the old wire values of the fields that changed (Invoiced's and Stripe's `previous_attributes`). */
export function previousOf(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(before)) {
    if (k === "updated_at") continue;
    if (JSON.stringify(v) !== JSON.stringify(after[k])) out[k] = v;
  }
  return out;
}
