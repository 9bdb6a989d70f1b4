import { and, eq, gt, isNull, lte, ne, sql } from "drizzle-orm";
import { once, rows, statement } from "../prepared";
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

// The session read every signed-in request makes: prepared once (src/db/prepared.ts).
// `tenantId` and `id` select the live session of this tenant (S19, S22); the customer
// is read through the same condition, so a foreign session finds no customer either.
const ph = sql.placeholder;
const liveSession = () => and(eq(sessions.tenantId, ph("tenantId")), eq(sessions.id, ph("id")), isNull(sessions.revokedAt));

const sessionRow = once((db) => db.select().from(sessions).where(liveSession()).prepare());

const customerRow = once((db) =>
  db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.tenantId, ph("tenantId")),
        eq(customers.id, db.select({ id: sessions.customerId }).from(sessions).where(liveSession())),
      ),
    )
    .prepare(),
);

/**
 * Moves `last_seen_at` to now only for a session that is still usable (not revoked,
 * not expired, not idle: the same limits as sessionState, S21) and was last seen
 * before `touchBefore`. Otherwise it changes nothing, so it rides in the same batch as
 * the read on every request (issue 7: no extra round trip).
 */
const touchIfDue = once((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: ph("now") as unknown as number })
    .where(
      and(
        liveSession(),
        gt(sessions.expiresAt, ph("now")),
        gt(sessions.lastSeenAt, ph("idleSince")),
        lte(sessions.lastSeenAt, ph("touchBefore")),
      ),
    )
    .prepare(),
);

/**
 * The session and its customer, and the touch when due, in ONE round trip. The read
 * comes first, so the caller judges the row as it was before this request.
 */
export async function readSessionAndTouch(
  scope: TenantScope,
  sessionId: string,
  now: number,
  limits: { touchInterval: number; idleSeconds: number },
): Promise<{ session: Session | undefined; customer: Customer | undefined }> {
  const d1 = scope.db.$client;
  const values = {
    tenantId: scope.tenantId,
    id: sessionId,
    now,
    idleSince: now - limits.idleSeconds,
    touchBefore: now - limits.touchInterval,
  };
  const [s, c] = await d1.batch([
    statement(d1, sessionRow(), values),
    statement(d1, customerRow(), values),
    statement(d1, touchIfDue(), values),
  ]);
  return { session: rows<Session>(sessionRow(), s!)[0], customer: rows<Customer>(customerRow(), c!)[0] };
}
