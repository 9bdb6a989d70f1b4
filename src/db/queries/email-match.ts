import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * `lower(column) = address`: addresses match whatever their case, as sign-in does.
 * Written exactly as the `lower(email)` expression indexes (src/db/schema/customers.ts),
 * so the lookup is an index search, not a scan of the tenant.
 */
export function emailIs(column: SQLiteColumn, address: string): SQL {
  // a placeholder (a statement prepared once, src/db/queries/link-request.ts) is filled with a lower-cased address
  return sql`lower(${column}) = ${typeof address === "string" ? address.toLowerCase() : address}`;
}
