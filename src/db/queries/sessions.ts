import { and, eq, isNull, ne, or } from "drizzle-orm";
import { sessions } from "../schema";
import type { TenantScope } from "../scope";
import { emailIs } from "./email-match";

export function insertSession(scope: TenantScope, row: Omit<typeof sessions.$inferInsert, "tenantId">) {
  return scope.insert(sessions, row);
}

export function revokeSession(scope: TenantScope, sessionId: string, now: number) {
  return scope.update(sessions, { revokedAt: now }, and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/**
 * Ends every session of a customer (S22), optionally sparing the current one: also
 * those it opened as one of its sub-customers (issue 17.6), which are its own too.
 */
export function revokeCustomerSessions(scope: TenantScope, customerId: number, now: number, exceptId?: string) {
  return scope.update(
    sessions,
    { revokedAt: now },
    and(
      or(eq(sessions.customerId, customerId), eq(sessions.parentCustomerId, customerId)),
      isNull(sessions.revokedAt),
      exceptId ? ne(sessions.id, exceptId) : undefined,
    ),
  );
}

/**
 * Ends the customer's sessions that signed in with `email` (a contact address
 * that was removed or changed: S22), sparing the session that made the change.
 */
export function revokeSessionsByEmail(scope: TenantScope, customerId: number, email: string, now: number, exceptId: string) {
  return scope.update(
    sessions,
    { revokedAt: now },
    and(eq(sessions.customerId, customerId), isNull(sessions.revokedAt), emailIs(sessions.email, email), ne(sessions.id, exceptId)),
  );
}
