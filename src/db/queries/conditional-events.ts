import { type SQL, sql } from "drizzle-orm";
import type { Actor, EventInput } from "../events";
import { events } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Statement: append an audit event only when `when` holds at the moment it runs.
 * Put in a `batch()` after a conditional write, with `when` = `changes() = 1`, it
 * records exactly the change that happened: a double submit that changes nothing
 * leaves no second event (D1 has no transactions to check in between).
 */
export function eventInsertWhen(
  scope: TenantScope,
  e: Omit<EventInput, "objectId"> & { objectId?: string | number | SQL },
  who: Actor,
  now: number,
  when: SQL,
) {
  // An SQL object id is a subquery, for a row inserted earlier in the same batch.
  const objectId = e.objectId === undefined ? null : typeof e.objectId === "object" ? sql`CAST(${e.objectId} AS TEXT)` : String(e.objectId);
  // insert ... select: a query builder (drizzle cannot batch a raw statement with parameters).
  // Columns in the table's order; NULL id takes the next autoincrement value.
  return scope.db.insert(events).select(sql`
    SELECT NULL, ${scope.tenantId}, ${e.type}, ${e.customerId ?? null}, ${e.objectType ?? null}, ${objectId}, ${who.actor},
           ${who.ip ?? null}, ${who.userAgent?.slice(0, 400) ?? null}, ${JSON.stringify(e.data ?? {})}, ${now}
    WHERE ${when}`);
}

/** `changes() = 1`: the statement just before in the same batch changed one row. */
export const changedOne = sql`changes() = 1`;

/** No condition: the event joins the batch unconditionally. */
export const always = sql`1`;
