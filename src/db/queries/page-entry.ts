import { and, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import { SESSION_IDLE_MAX } from "../../lib/platform-limits";
import type { Statement } from "../batch";
import type { Db } from "../client";
import { builder, mapBatchResult, type Prepared, statement } from "../prepared";
import { sessions, tenants } from "../schema";
import { type CustomerScope, sessionBoundScope } from "../scope";
import { entryRows, entryStatement } from "./entry-row";
import { idleSince, liveSession } from "./session-reads";
import type { SessionRows, Tenant, TenantKey } from "./types";

/**
 * A signed-in page in ONE D1 round trip (issue 18): the tenant (when the host names
 * it), the session, its customer and the page's own reads are one batch, read-only
 * (so D1's Sessions API may serve it from a replica): the session's touch, when due,
 * and a document's view are written after the response (src/db/later.ts). The page's reads cannot wait for the customer id, so they are built on a
 * scope whose tenant and customer are subqueries on the session row (same conditions
 * as the session check: this tenant's (S19), not revoked (S22), not expired or idle
 * (S21)). A bad session makes them read nothing; the caller also throws them away
 * unless the session passes every check in JavaScript (services/signin/sessions.ts).
 */

const ph = sql.placeholder;

/** What a page reads: statements built on a scope, and how their results become the page's data. */
export type PageReads<T> = { queries: readonly Statement[]; read: (results: unknown[]) => T };

/** Declares a page's reads: a literal list of statements keeps each result's type for `read`. */
export function pageReads<const Q extends readonly Statement[], T>(queries: Q, read: (results: BatchResponse<Q>) => T): PageReads<T> {
  return { queries, read: read as unknown as (results: unknown[]) => T };
}

/** The same reads, their data turned into what the page shows. */
export function mapReads<T, U>(reads: PageReads<T>, f: (data: T) => U): PageReads<U> {
  return { queries: reads.queries, read: (results) => f(reads.read(results)) };
}

/** Runs a page's reads on its own (a page reached another way, a test): one batch. */
export async function runPageReads<T>(my: CustomerScope, reads: PageReads<T>): Promise<T> {
  return reads.read(reads.queries.length ? await my.batch(reads.queries) : []);
}

/**
 * The session's customer, as an SQL value: NULL (so `customer_id = NULL` matches nothing)
 * for a bad session. With the host's username, the session and its tenant are one join
 * (the tenant's idle setting read from the joined row), not three lookups: this is in
 * every statement of every signed-in page (issue 18).
 */
const sessionCustomer = (key: TenantKey) =>
  key === "tenantId"
    ? sql`${builder
        .select({ id: sessions.customerId })
        .from(sessions)
        .where(and(liveSession(builder, key), gt(sessions.expiresAt, ph("now")), gt(sessions.lastSeenAt, idleSince(key))))}`
    : sql`${builder
        .select({ id: sessions.customerId })
        .from(sessions)
        .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
        .where(
          and(
            eq(tenants.username, ph("username")),
            eq(sessions.id, ph("id")),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, ph("now")),
            // S21: idle after the tenant's setting, at most SESSION_IDLE_MAX (as idleSince)
            gt(sessions.lastSeenAt, sql`${ph("now")} - min(${tenants.sessionIdleSeconds}, ${sql.raw(String(SESSION_IDLE_MAX))})`),
          ),
        )}`;

const requestTenant = (key: TenantKey): SQL =>
  key === "tenantId"
    ? sql`${ph("tenantId")}`
    : sql`${builder
        .select({ id: tenants.id })
        .from(tenants)
        .where(eq(tenants.username, ph("username")))}`;

// Built once per isolate: the subqueries' SQL is the same for every request.
const scopes: Partial<Record<TenantKey, CustomerScope>> = {};
const boundScope = (key: TenantKey) => (scopes[key] ??= sessionBoundScope(builder, requestTenant(key), sessionCustomer(key)));

export type EntryKey = { username: string } | { tenantId: number; idleSeconds: number };

export type PageEntryRows<T> = { tenant: Tenant | undefined } & SessionRows & {
    /** the page's data; call only once the session has passed every check */
    page: () => T;
  };

/** Tenant (for a username key), session, customer and the page's reads, in ONE read-only batch. */
export async function readPageEntry<T>(
  db: Db,
  key: EntryKey,
  sessionId: string,
  now: number,
  page: (my: CustomerScope) => PageReads<T>,
): Promise<PageEntryRows<T>> {
  const d1 = db.$client;
  const kind: TenantKey = "username" in key ? "username" : "tenantId";
  const entry = entryStatement(kind);
  const reads = page(boundScope(kind));
  const prepared = reads.queries.map((q) => (q as unknown as { _prepare(): Prepared })._prepare());
  const common = { id: sessionId, now };
  const values = "username" in key ? { ...common, username: key.username } : { ...common, tenantId: key.tenantId, idleSince: now - key.idleSeconds };
  const results = await d1.batch([entry, ...prepared].map((p) => statement(d1, p, values)));
  return {
    ...entryRows(entry, results[0]),
    page: () => reads.read(prepared.map((p, i) => mapBatchResult(p, results[1 + i]))),
  };
}
