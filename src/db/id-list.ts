import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * `column IN (ids)` with ONE bound parameter, however many ids: D1 refuses a
 * statement with more than 100 bound parameters, so a list of a full API page (100
 * documents) plus the tenant condition would fail. The ids travel as a JSON array
 * and SQLite's json_each unpacks them; the column's index is still used.
 */
export function inIdList(column: SQLiteColumn, ids: number[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}
