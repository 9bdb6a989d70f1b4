import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Actor } from "../../services/events";
import { events } from "../schema";
import type { TenantScope } from "../scope";

type IdTable = SQLiteTable & { id: SQLiteColumn; tenantId: SQLiteColumn };

/**
 * The id of the row inserted earlier in the same batch into `table`. A batch runs
 * alone (D1 serialises it as one transaction) and AUTOINCREMENT ids only grow, so
 * the tenant's highest id is the one just inserted. Lets a create and its audit
 * event (and child rows) share one atomic batch before the id is known.
 */
export const lastInsertedId = (scope: TenantScope, table: IdTable): SQL =>
  sql`(SELECT MAX(${table.id}) FROM ${table} WHERE ${table.tenantId} = ${scope.tenantId})`;

/**
 * The audit event (S43) of a row created earlier in the same batch. `customerId`
 * "self" means the created row is the customer.
 */
export function eventForInsertedStmt(
  scope: TenantScope,
  table: IdTable,
  e: { type: string; objectType: string; customerId: number | "self"; data: Record<string, unknown> | SQL },
  who: Actor,
  now: number,
) {
  const id = lastInsertedId(scope, table);
  return scope.insert(events, {
    type: e.type,
    customerId: (e.customerId === "self" ? id : e.customerId) as number,
    objectType: e.objectType,
    objectId: sql`CAST(${id} AS TEXT)` as unknown as string,
    actor: who.actor,
    ip: who.ip ?? null,
    userAgent: who.userAgent?.slice(0, 400) ?? null,
    // SQL data: built in the statement (the new row's id, see db/event-objects.ts)
    data: e.data as Record<string, unknown>,
    createdAt: now,
  });
}
