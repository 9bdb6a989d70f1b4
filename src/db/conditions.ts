import { asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * The conditions and orderings the merchant API's list specs ask for
 * (`filter[name]=x`, `updated_after=t`, `sort=-date`). Services name a column and a
 * parsed value; how that becomes SQL is the data layer's business, so nothing outside
 * src/db/ builds a query (test/security/data-layer.test.ts).
 */

/** `column = value` (exact: text filters are case-sensitive unless the caller normalises). */
export const equals = <C extends SQLiteColumn>(column: C, value: C["_"]["data"]): SQL => eq(column, value);

/** `column >= value` */
export const atLeast = (column: SQLiteColumn, value: number): SQL => gte(column, value);

/** `column <= value` */
export const atMost = (column: SQLiteColumn, value: number): SQL => lte(column, value);

/** `column > value` */
export const above = (column: SQLiteColumn, value: number): SQL => gt(column, value);

/** `column ASC` or `column DESC` */
export const ordered = (column: SQLiteColumn, descending: boolean): SQL => (descending ? desc(column) : asc(column));

/** `column IS NOT NULL` (`filter[canceled]=1`) or `column IS NULL` (`=0`). */
export const isSet = (column: SQLiteColumn, set: boolean): SQL => (set ? isNotNull(column) : isNull(column));

/** `column IN (values)`; the caller keeps the list under D1's 100 bound parameters. */
export const inList = <C extends SQLiteColumn>(column: C, values: C["_"]["data"][]): SQL => inArray(column, values);
