import { asc, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { TenantScope } from "./scope";

type PagedTable = SQLiteTable & { id: SQLiteColumn; tenantId: SQLiteColumn };

/**
 * One page of a tenant's rows and how many match, in one round trip (a merchant API
 * list). The id breaks ties after the requested order, so pages never overlap or skip.
 */
export async function pageOf<T extends PagedTable>(
  scope: TenantScope,
  table: T,
  q: { where?: SQL; order: SQL[]; limit: number; offset: number },
): Promise<{ rows: T["$inferSelect"][]; total: number }> {
  const [rows, total] = await scope.batch([
    scope
      .select(table, q.where)
      .orderBy(...q.order, asc(table.id))
      .limit(q.limit)
      .offset(q.offset),
    scope.count(table, q.where),
  ]);
  return { rows: rows as T["$inferSelect"][], total: total[0]?.n ?? 0 };
}
