import { and, eq, getTableColumns, gt, isNull, lte, type SQL, sql } from "drizzle-orm";
import { SESSION_IDLE_MAX } from "../../lib/platform-limits";
import type { Db } from "../client";
import { type Builder, once, rows, statement } from "../prepared";
import { customers, sessions, tenants } from "../schema";
import type { TenantScope } from "../scope";
import { tenantByUsername } from "./tenants";
import type { Customer, Session, Tenant } from "./types";

/**
 * The reads every signed-in request makes, prepared once (src/db/prepared.ts), in two
 * forms: for a tenant already known (`tenantId`), and for a tenant named by the host
 * (`username`), so that tenant, session and customer are ONE round trip (issue 7),
 * read-only (issue 18: the `last_seen_at` touch follows after the response, so a
 * replica may serve the read). Either way the session must be this tenant's (S19) and not
 * revoked (S22); the customer is read through the same condition, so a foreign session
 * finds no customer either.
 */

const ph = sql.placeholder;
export type TenantKey = "tenantId" | "username";

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
 * Issue 17.6: whether the customer has an active sub-customer it may switch to, read
 * with the customer so that "Switch account" shows only when there is somewhere to go.
 */
// Written out in full: drizzle leaves the outer columns unqualified in a one-table
// select, and an unqualified "id" here would be the inner row's own.
const hasSubCustomers =
  sql<number>`exists (select 1 from customers as sub where sub.tenant_id = customers.tenant_id and sub.parent_customer = customers.id and sub.active = 1)`.mapWith(
    (v) => Boolean(v),
  );

/**
 * ...and whether the address the session signed in with reaches another active
 * customer (its own email or a contact's), the other way to switch. Index lookups on
 * lower(email), as the picker's own query (signin-tokens.ts customersByEmailQuery).
 */
const sessionEmail = sql`lower((select s.email from sessions as s where s.tenant_id = customers.tenant_id and s.id = ${sql.placeholder("id")}))`;
const sharesAddress =
  sql<number>`(exists (select 1 from customers as o where o.tenant_id = customers.tenant_id and lower(o.email) = ${sessionEmail} and o.id <> customers.id and o.active = 1) or exists (select 1 from contacts as k cross join customers as o where k.tenant_id = customers.tenant_id and lower(k.email) = ${sessionEmail} and o.id = k.customer_id and o.tenant_id = customers.tenant_id and o.id <> customers.id and o.active = 1))`.mapWith(
    (v) => Boolean(v),
  );

function prepareFor(key: TenantKey) {
  return {
    session: once((db) => db.select().from(sessions).where(liveSession(db, key)).prepare()),
    customer: once((db) =>
      db
        .select({ ...getTableColumns(customers), hasSubCustomers, sharesAddress })
        .from(customers)
        .where(and(isTenant(db, customers.tenantId, key), eq(customers.id, db.select({ id: sessions.customerId }).from(sessions).where(liveSession(db, key)))))
        .prepare(),
    ),
  };
}

const byTenantId = prepareFor("tenantId");
const byUsername = prepareFor("username");

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

/** The prepared session statements of a tenant key (the page entry batches them with a page's reads). */
export const sessionStatementsFor = (key: TenantKey) => (key === "tenantId" ? byTenantId : byUsername);

/** The signed-in customer as the session reads give it: its row, whether it has sub-customers or shares the session's address. */
export type SessionCustomer = Customer & { hasSubCustomers: boolean; sharesAddress: boolean };
export type SessionRows = { session: Session | undefined; customer: SessionCustomer | undefined };
export type Touch = { now: number; touchInterval: number };

/** The session and its customer in ONE round trip, for a tenant already resolved (a read-only batch). */
export async function readSession(scope: TenantScope, sessionId: string): Promise<SessionRows> {
  const d1 = scope.db.$client;
  const values = { tenantId: scope.tenantId, id: sessionId };
  const [s, c] = await d1.batch([statement(d1, byTenantId.session(), values), statement(d1, byTenantId.customer(), values)]);
  return { session: rows<Session>(byTenantId.session(), s!)[0], customer: rows<SessionCustomer>(byTenantId.customer(), c!)[0] };
}

/**
 * The tenant of a `<username>.<domain>` host and, when a session cookie came with the
 * request, its session and customer: ONE round trip for a signed-in page's
 * whole entry (issue 7). Global by nature: the host decides the tenant.
 */
export async function readTenantAndSession(db: Db, username: string, sessionId: string | null): Promise<{ tenant: Tenant | undefined } & SessionRows> {
  const d1 = db.$client;
  if (sessionId === null) {
    const [tenant] = rows<Tenant>(tenantByUsername(), await statement(d1, tenantByUsername(), { username }).all());
    return { tenant, session: undefined, customer: undefined };
  }
  const values = { username, id: sessionId };
  const [tn, s, c] = await d1.batch([
    statement(d1, tenantByUsername(), values),
    statement(d1, byUsername.session(), values),
    statement(d1, byUsername.customer(), values),
  ]);
  return {
    tenant: rows<Tenant>(tenantByUsername(), tn!)[0],
    session: rows<Session>(byUsername.session(), s!)[0],
    customer: rows<SessionCustomer>(byUsername.customer(), c!)[0],
  };
}
