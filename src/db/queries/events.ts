import { and, desc, eq, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { estimates, events, invoices, payments } from "../schema";
import type { TenantScope } from "../scope";

/** Reading the tenant's events for the events API: only events about an object are public. */

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

const publicEvents = isNotNull(events.objectType);

/** Newest first unless `sort` says otherwise. */
export async function listOwnEvents(scope: TenantScope, q: Page) {
  const where = and(publicEvents, ...q.where);
  const [rows, total] = await scope.batch([
    scope
      .select(events, where)
      .orderBy(...q.order, desc(events.id))
      .limit(q.perPage)
      .offset(q.offset),
    scope.count(events, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export function findOwnEvent(scope: TenantScope, id: number) {
  return scope.select(events, and(publicEvents, eq(events.id, id))).get();
}

/**
 * `related_to=<object>,<id>`: events about that object. Documents and payments are
 * recorded under their public id while the API names them by number id, so those
 * are matched through the row with that id in the same tenant; a customer also
 * matches every event recorded under it (its documents, payments and contacts).
 */
export function eventsRelatedTo(kind: string, id: string): SQL | undefined {
  const numeric = /^[1-9]\d{0,14}$/.test(id);
  const byPublicId = { invoice: invoices, estimate: estimates, payment: payments }[kind as "invoice"];
  if (byPublicId) {
    return and(
      eq(events.objectType, kind),
      sql`${events.objectId} IN (SELECT ${byPublicId.publicId} FROM ${byPublicId} WHERE ${byPublicId.id} = ${Number(id)} AND ${byPublicId.tenantId} = ${events.tenantId})`,
    );
  }
  const about = and(eq(events.objectType, kind), eq(events.objectId, id));
  if (kind === "customer" && numeric) return or(about, eq(events.customerId, Number(id)));
  return about;
}

/** Documents and payments: the kinds `eventsRelatedTo` finds by number id. */
export const NUMBER_ID_KINDS = ["invoice", "estimate", "payment"];
