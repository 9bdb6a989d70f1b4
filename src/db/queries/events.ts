import { and, desc, eq, isNotNull, type SQL } from "drizzle-orm";
import { events } from "../schema";
import type { TenantScope } from "../scope";

/** Reading the tenant's events for the events API: only events about an object are public. */

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

const publicEvents = isNotNull(events.objectType);

/** Newest first unless `sort` says otherwise. */
export async function listOwnEvents(scope: TenantScope, q: Page) {
  const where = and(publicEvents, ...q.where);
  const [rows, total] = await scope.batch([
    scope.select(events, where).orderBy(...q.order, desc(events.id)).limit(q.perPage).offset(q.offset),
    scope.count(events, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export function findOwnEvent(scope: TenantScope, id: number) {
  return scope.select(events, and(publicEvents, eq(events.id, id))).get();
}
