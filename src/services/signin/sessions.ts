import type { Db } from "../../db/client";
import type { LaterWrites } from "../../db/later";
import { type PageReads, readPageEntry } from "../../db/queries/page-entry";
import { readSession, readTenantAndSession, sessionTouch } from "../../db/queries/session-reads";
import { insertSession, revokeSession } from "../../db/queries/sessions";
import type { Session, SessionCustomer, SessionRows, Tenant } from "../../db/queries/types";
import type { CustomerScope, TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { SESSION_ABSOLUTE_MAX, SESSION_IDLE_MAX } from "../../lib/platform-limits";
import { randomToken } from "../../lib/random";
import { storedUserAgent } from "../../lib/request-meta";
import { MINUTE } from "../../lib/time";

/** S23: sensitive changes need a sign-in within this window. */
const RECENT_AUTH_SECONDS = 15 * MINUTE;
/**
 * last_seen_at is written at most this often, so most page views write nothing and
 * their batch stays read-only (a replica may serve it, issue 18). The idle limit (S21)
 * is therefore kept to within this much: a session may end up to a minute early.
 */
const TOUCH_INTERVAL = MINUTE;

type SessionMethod = Session["method"];
type SessionScope = Session["scope"];

export type NewSession = {
  customerId: number;
  method: SessionMethod;
  email?: string | null;
  scope?: SessionScope;
  scopeRef?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** the cookie value the browser had, which stops working (S20) */
  previousCookie?: string | null;
  /** override of the absolute lifetime (shorter only), e.g. sign-up sessions */
  maxLifetime?: number;
  /** when the person last proved who they are, if not now (switching customers keeps it) */
  authAt?: number;
  /** issue 17.6: the parent customer acting as this (sub-)customer */
  parentCustomerId?: number | null;
};

/** Why a stored session is or is not usable at `now` (S21): a pure function for fake-clock tests. */
export function sessionState(
  session: Pick<Session, "lastSeenAt" | "expiresAt" | "revokedAt">,
  tenant: Pick<Tenant, "sessionIdleSeconds">,
  now: number,
): "ok" | "idle" | "expired" | "revoked" {
  if (session.revokedAt !== null) return "revoked";
  if (now >= session.expiresAt) return "expired";
  if (now - session.lastSeenAt >= idleLimit(tenant)) return "idle";
  return "ok";
}

/** S21: a session unused this long has ended (the tenant's setting, at most an hour). */
export function idleLimit(tenant: Pick<Tenant, "sessionIdleSeconds">): number {
  return Math.min(tenant.sessionIdleSeconds, SESSION_IDLE_MAX);
}

/**
 * The statements that create a session with a fresh id (S20) and end the one
 * the browser had, unexecuted, so that a sign-in can put them in the same atomic
 * batch as the conditional write that consumes its link or SSO token (S4, S16).
 */
export async function sessionStatements(scope: TenantScope, tenant: Tenant, s: NewSession, now: number) {
  const cookie = randomToken(32);
  const sessionId = await sha256Hex(cookie);
  const lifetime = Math.min(tenant.sessionAbsoluteSeconds, SESSION_ABSOLUTE_MAX, s.maxLifetime ?? Infinity);
  const expiresAt = now + lifetime;
  const insert = insertSession(scope, {
    id: sessionId,
    customerId: s.customerId,
    scope: s.scope ?? "full",
    scopeRef: s.scopeRef ?? null,
    method: s.method,
    email: s.email ?? null,
    parentCustomerId: s.parentCustomerId ?? null,
    createdAt: now,
    lastSeenAt: now,
    authAt: s.authAt ?? now,
    expiresAt,
    ip: s.ip ?? null,
    userAgent: storedUserAgent(s.userAgent),
  });
  const statements = s.previousCookie ? [revokeSession(scope, await sha256Hex(s.previousCookie), now), insert] : [insert];
  return { cookie, sessionId, expiresAt, statements };
}

/** Creates a session with a fresh id (S20) and returns the cookie value to set. */
export async function startSession(
  scope: TenantScope,
  tenant: Tenant,
  s: NewSession,
  now: number,
): Promise<{ cookie: string; sessionId: string; expiresAt: number }> {
  const { statements, ...made } = await sessionStatements(scope, tenant, s, now);
  await scope.batch(statements);
  return made;
}

/**
 * The signed-in customer for a cookie value, or null. Checks tenant (S19),
 * revocation (S22), idle and absolute limits (S21) and that the customer is active.
 * One read-only round trip; the touch is the caller's (touchLater).
 */
export async function loadSession(
  scope: TenantScope,
  tenant: Tenant,
  cookie: string,
  now: number,
): Promise<{ session: Session; customer: SessionCustomer } | null> {
  return acceptSession(await readSession(scope, await sha256Hex(cookie)), tenant, now);
}

/**
 * The tenant of a `<username>.<domain>` host and, with a session cookie, the
 * signed-in customer: the whole entry of a signed-in page in ONE round trip (issue 7).
 * The same checks as loadSession.
 */
export async function loadTenantAndSession(
  db: Db,
  username: string,
  cookie: string | null,
  now: number,
): Promise<{ tenant: Tenant | undefined; signedIn: { session: Session; customer: SessionCustomer } | null }> {
  const found = await readTenantAndSession(db, username, cookie ? await sha256Hex(cookie) : null);
  return { tenant: found.tenant, signedIn: found.tenant ? acceptSession(found, found.tenant, now) : null };
}

/**
 * Leaves an accepted session's `last_seen_at` touch for after the response, when it
 * is due (last seen TOUCH_INTERVAL ago or more). The write is conditional on the
 * session still being usable, so it never revives one that ended meanwhile (S21, S22).
 */
export function touchLater(later: LaterWrites, tenant: Tenant, session: Session, now: number): void {
  if (now - session.lastSeenAt < TOUCH_INTERVAL) return;
  const { q, values } = sessionTouch(tenant.id, session.id, { now, touchInterval: TOUCH_INTERVAL, idleSeconds: idleLimit(tenant) });
  later.addPrepared(q, values);
}

/**
 * A signed-in page's whole entry in ONE round trip (issue 18): the tenant (named by
 * the host, or already known from a custom domain), the session, its customer and the
 * page's reads, read-only. The same checks as loadSession; the page's data is only
 * handed out for a session that passes them.
 */
export async function loadPageEntry<T>(
  db: Db,
  tenant: { username: string } | Tenant,
  cookie: string,
  now: number,
  page: (my: CustomerScope) => PageReads<T>,
): Promise<{ tenant: Tenant | undefined; signedIn: { session: Session; customer: SessionCustomer; page: T } | null }> {
  const key = "id" in tenant ? { tenantId: tenant.id, idleSeconds: idleLimit(tenant) } : { username: tenant.username };
  const found = await readPageEntry(db, key, await sha256Hex(cookie), now, page);
  const known = "id" in tenant ? tenant : found.tenant;
  const accepted = known ? acceptSession(found, known, now) : null;
  return { tenant: known, signedIn: accepted ? { ...accepted, page: found.page() } : null };
}

/** S19 to S22 on rows already read: usable session of an active customer, or null. */
function acceptSession({ session, customer }: SessionRows, tenant: Tenant, now: number) {
  if (!session || !customer?.active) return null;
  if (sessionState(session, tenant, now) !== "ok") return null;
  // S31, issue 17.6: a parent acting as its sub-customer only while that customer is
  // still its direct sub-customer (re-checked on every request: the merchant may move it)
  if (session.parentCustomerId !== null && customer.parentCustomer !== session.parentCustomerId) return null;
  return { session, customer };
}

/** S23: true when the person proved who they are within the last 15 minutes. */
export function isRecentSignin(session: Pick<Session, "authAt">, now: number): boolean {
  return now - session.authAt <= RECENT_AUTH_SECONDS;
}
