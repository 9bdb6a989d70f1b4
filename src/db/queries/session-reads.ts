import { and, eq, gt, isNull, lte, type SQL, sql } from "drizzle-orm";
import { SESSION_IDLE_MAX } from "../../lib/platform-limits";
import type { Db } from "../client";
import { type Builder, once, rows, statement } from "../prepared";
import { type customers, sessions, tenants } from "../schema";
import type { TenantScope } from "../scope";
import { entryRows, entryStatement } from "./entry-row";
import { tenantByUsername } from "./tenants";
import type { SessionRows, Tenant, TenantKey } from "./types";

/**
 * The reads every signed-in request makes, prepared once (src/db/prepared.ts), for a
 * tenant already known (`tenantId`) or named by the host (`username`): tenant, session
 * and customer are ONE statement (./entry-row.ts; issues 7 and 18), read-only (the
 * `last_seen_at` touch follows after the response, so a replica may serve the read).
 * Either way the session must be this tenant's (S19) and not revoked (S22); the customer
 * is read through the same condition, so a foreign session finds no customer either.
 * The conditions below are the session-bound scope's (./page-entry.ts) and the touch's.
 */

const ph = sql.placeholder;

/** `column = the tenant`: the known id, or the id of the tenant the host names. */
const isTenant = (db: Builder, column: typeof sessions.tenantId | typeof customers.tenantId, key: TenantKey): SQL =>
  key === "tenantId"
    ? eq(column, ph("tenantId"))
    : eq(
        column,
        db
          .select({ id: tenants.id })
          .from(tenants)
          .where(eq(tenants.username, ph("username"))),
      );

export const liveSession = (db: Builder, key: TenantKey) => and(isTenant(db, sessions.tenantId, key), eq(sessions.id, ph("id")), isNull(sessions.revokedAt));

/**
 * S21: idle after the tenant's setting, at most SESSION_IDLE_MAX (the same limit
 * as sessionState in src/services/sessions.ts). Known in JavaScript when the tenant is;
 * read from the tenant's row in the same statement when the host names it.
 */
export const idleSince = (key: TenantKey): SQL =>
  key === "tenantId"
    ? sql`${ph("idleSince")}`
    : sql`${ph("now")} - min((select ${tenants.sessionIdleSeconds} from ${tenants} where ${tenants.username} = ${ph("username")}), ${sql.raw(String(SESSION_IDLE_MAX))})`;

/**
 * Moves `last_seen_at` to now only for a session that is still usable (not revoked,
 * not expired, not idle) and was last seen before `touchBefore`; otherwise it changes
 * nothing. Sent after the response (src/db/later.ts), once the session has been
 * accepted and its touch is due, so that the page's own batch stays read-only.
 */
const touch = once((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: ph("now") as unknown as number })
    .where(
      and(
        liveSession(db, "tenantId"),
        gt(sessions.expiresAt, ph("now")),
        gt(sessions.lastSeenAt, idleSince("tenantId")),
        lte(sessions.lastSeenAt, ph("touchBefore")),
      ),
    )
    .prepare(),
);

/** The touch of one session (tenant known) and its values, for LaterWrites.addPrepared. */
export function sessionTouch(tenantId: number, sessionId: string, t: Touch & { idleSeconds: number }) {
  return { q: touch(), values: { tenantId, id: sessionId, now: t.now, idleSince: t.now - t.idleSeconds, touchBefore: t.now - t.touchInterval } };
}

export type Touch = { now: number; touchInterval: number };

/** The session and its customer in ONE statement, for a tenant already resolved (read-only). */
export async function readSession(scope: TenantScope, sessionId: string): Promise<SessionRows> {
  const q = entryStatement("tenantId");
  const { session, customer } = entryRows(q, await statement(scope.db.$client, q, { tenantId: scope.tenantId, id: sessionId }).all());
  return { session, customer };
}

/**
 * The tenant of a `<username>.<domain>` host and, when a session cookie came with the
 * request, its session and customer: ONE statement for a signed-in page's whole entry
 * (issues 7 and 18). Global by nature: the host decides the tenant.
 */
export async function readTenantAndSession(db: Db, username: string, sessionId: string | null): Promise<{ tenant: Tenant | undefined } & SessionRows> {
  const d1 = db.$client;
  if (sessionId === null) {
    const [tenant] = rows<Tenant>(tenantByUsername(), await statement(d1, tenantByUsername(), { username }).all());
    return { tenant, session: undefined, customer: undefined };
  }
  const q = entryStatement("username");
  return entryRows(q, await statement(d1, q, { username, id: sessionId }).all());
}
