import { events } from "./schema";
import type { TenantScope } from "./scope";

/** Who did it and from where (S43). */
export type Actor = { actor: "customer" | "api" | "system"; ip?: string | null; userAgent?: string | null };

export type EventInput = {
  type: string;
  customerId?: number | null;
  objectType?: string;
  objectId?: string | number;
  data?: Record<string, unknown>;
};

/**
 * The statement that appends an audit event; returned unexecuted so callers can
 * put it in the same `batch()` as the change it records.
 */
export function eventInsert(scope: TenantScope, e: EventInput, who: Actor, now: number) {
  return scope.insert(events, {
    type: e.type,
    customerId: e.customerId ?? null,
    objectType: e.objectType ?? null,
    objectId: e.objectId === undefined ? null : String(e.objectId),
    actor: who.actor,
    ip: who.ip ?? null,
    userAgent: who.userAgent?.slice(0, 400) ?? null,
    data: e.data ?? {},
    createdAt: now,
  });
}

export async function recordEvent(scope: TenantScope, e: EventInput, who: Actor, now: number): Promise<void> {
  await eventInsert(scope, e, who, now);
}
