import { and, eq, gt, isNull, lte, ne } from "drizzle-orm";
import type { TenantScope } from "../scope";
import { customers, sessions } from "../schema";
import type { Customer, Session } from "./types";

/** A live session row of this tenant with its customer, in one round trip (S19). */
export async function findSessionWithCustomer(
  scope: TenantScope,
  sessionId: string,
): Promise<{ session: Session; customer: Customer } | undefined> {
  return scope.db
    .select({ session: sessions, customer: customers })
    .from(sessions)
    .innerJoin(customers, and(eq(customers.id, sessions.customerId), scope.own(customers)))
    .where(scope.own(sessions, eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .get();
}

/**
 * The same read as findSessionWithCustomer as two single-table statements, for a
 * batch: drizzle maps D1 batch rows by column name, so a join whose tables share
 * column names (id, tenant_id, ...) comes back scrambled inside `batch()`.
 */
export function sessionAndCustomerReads(scope: TenantScope, sessionId: string) {
  const live = scope.own(sessions, eq(sessions.id, sessionId), isNull(sessions.revokedAt));
  const customerOfSession = scope.db.select({ id: sessions.customerId }).from(sessions).where(live);
  return [
    scope.db.select().from(sessions).where(live),
    scope.db.select().from(customers).where(scope.own(customers, eq(customers.id, customerOfSession))),
  ] as const;
}

export function insertSession(scope: TenantScope, row: Omit<typeof sessions.$inferInsert, "tenantId">) {
  return scope.insert(sessions, row);
}

export function revokeSession(scope: TenantScope, sessionId: string, now: number) {
  return scope.update(sessions, { revokedAt: now }, and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a customer (S22), optionally sparing the current one. */
export function revokeCustomerSessions(scope: TenantScope, customerId: number, now: number, exceptId?: string) {
  return scope.update(
    sessions,
    { revokedAt: now },
    and(eq(sessions.customerId, customerId), isNull(sessions.revokedAt), exceptId ? ne(sessions.id, exceptId) : undefined),
  );
}

export function touchSession(scope: TenantScope, sessionId: string, now: number) {
  return scope.update(sessions, { lastSeenAt: now }, eq(sessions.id, sessionId));
}

/**
 * Moves `last_seen_at` to now only for a session that is still usable (not revoked,
 * not expired, not idle: the same limits as sessionState, S21) and was last seen at
 * least `interval` ago. Otherwise it changes nothing, so it can ride in the same
 * batch as the session read on every request (issue 7: no extra round trip).
 */
export function touchSessionIfDue(
  scope: TenantScope,
  sessionId: string,
  now: number,
  limits: { interval: number; idleSeconds: number },
) {
  return scope.update(
    sessions,
    { lastSeenAt: now },
    and(
      eq(sessions.id, sessionId),
      isNull(sessions.revokedAt),
      gt(sessions.expiresAt, now),
      gt(sessions.lastSeenAt, now - limits.idleSeconds),
      lte(sessions.lastSeenAt, now - limits.interval),
    ),
  );
}
