import { SQL, sql } from "drizzle-orm";
import type { CustomerScope } from "../scope";
import { estimates, events } from "../schema";

/**
 * Statement: an audit event about an estimate (S43), INSERT ... SELECT from the
 * estimate under `where`, so it is recorded exactly when the write it rides with
 * (same condition, same batch) happens. `data` is a JSON object, or SQL building one
 * from the estimate's columns.
 */
export function estimateEventWhere(
  my: CustomerScope,
  type: string,
  who: { now: number; ip: string | null; userAgent: string | null },
  data: Record<string, unknown> | SQL,
  where: SQL | undefined,
) {
  const json = data instanceof SQL ? data : sql`${JSON.stringify(data)}`;
  return my.db.insert(events).select(
    my.db
      .select({
        id: sql<number>`null`.as("id"),
        tenantId: estimates.tenantId,
        type: sql<string>`${type}`.as("type"),
        customerId: estimates.customerId,
        objectType: sql<string>`'estimate'`.as("object_type"),
        objectId: estimates.publicId,
        actor: sql<string>`'customer'`.as("actor"),
        ip: sql<string | null>`${who.ip}`.as("ip"),
        userAgent: sql<string | null>`${who.userAgent?.slice(0, 400) ?? null}`.as("user_agent"),
        data: sql<Record<string, unknown>>`${json}`.as("data"),
        createdAt: sql<number>`${who.now}`.as("created_at"),
      })
      .from(estimates)
      .where(where),
  );
}
