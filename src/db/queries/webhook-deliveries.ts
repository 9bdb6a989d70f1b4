import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client";
import { events, webhookDeliveries, webhookEndpoints, webhookFanouts } from "../schema";
import type { TenantScope } from "../scope";

/**
 * The webhook outbox's state: which events were fanned out, and each delivery's
 * status. Every status change is a conditional UPDATE (the state it expects is in
 * the WHERE), so two consumers holding the same queue message cannot both send:
 * the second claim matches no row. Id lists travel as one JSON parameter
 * (`json_each`), which keeps statements under D1's 100 bound parameters.
 */

type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
type EventRow = typeof events.$inferSelect;

export type Delivery = typeof webhookDeliveries.$inferSelect;
export type Claim = Pick<Delivery, "id" | "endpointId" | "eventId" | "attempts" | "maxAttempts">;

const idsIn = (col: SQL | unknown, ids: number[]) => sql`${col} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * Recent events of the tenant (with an object, so they can be delivered) after id `after`
 * not yet fanned out, oldest first. Only events no older than the tenant's first endpoint:
 * an event older than every endpoint can have no delivery (fanOut: `w.created_at <=
 * e.created_at`), so a tenant without webhooks costs this one read and no writes (issue 18:
 * every page view is an event), and its events are never marked (the sweep passes it by too).
 */
export async function unfannedEventIds(scope: TenantScope, since: number, after: number, limit: number): Promise<number[]> {
  const rows = await scope.db
    .select({ id: events.id })
    .from(events)
    .where(
      scope.own(
        events,
        sql`${events.createdAt} >= ${since}`,
        sql`${events.createdAt} >= (SELECT min(${webhookEndpoints.createdAt}) FROM ${webhookEndpoints} WHERE ${webhookEndpoints.tenantId} = ${scope.tenantId})`,
        sql`${events.id} > ${after}`,
        sql`${events.objectType} IS NOT NULL`,
        sql`NOT EXISTS (SELECT 1 FROM ${webhookFanouts} WHERE ${webhookFanouts.eventId} = ${events.id})`,
      ),
    )
    .orderBy(events.id)
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}

/**
 * One atomic batch: a pending delivery for each (event, enabled endpoint that wants
 * its type and existed when it happened), the fan-out marks, and the deliveries of
 * these events still waiting for their first attempt (to attempt now). Running it
 * twice adds nothing: deliveries are unique per (endpoint, event).
 */
export async function fanOut(scope: TenantScope, eventIds: number[], now: number, maxAttempts: number): Promise<number[]> {
  const t = scope.tenantId;
  const [, , due] = await scope.batch([
    scope.db
      .insert(webhookDeliveries)
      .select(
        sql`SELECT NULL, e.tenant_id, w.id, e.id, 'pending', 0, ${maxAttempts}, ${now}, NULL, NULL, NULL, NULL, NULL, ${now}, ${now}
            FROM events e JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id
            WHERE e.tenant_id = ${t} AND ${idsIn(sql`e.id`, eventIds)}
              AND w.enabled = 1 AND w.created_at <= e.created_at
              AND EXISTS (SELECT 1 FROM json_each(w.events) j WHERE j.value = '*' OR j.value = e.type)`,
      )
      .onConflictDoNothing(),
    scope.db
      .insert(webhookFanouts)
      .select(sql`SELECT e.id, e.tenant_id, ${now} FROM events e WHERE e.tenant_id = ${t} AND ${idsIn(sql`e.id`, eventIds)}`)
      .onConflictDoNothing(),
    scope.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        scope.own(webhookDeliveries, idsIn(webhookDeliveries.eventId, eventIds), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.attempts, 0)),
      ),
  ]);
  return due.map((r) => r.id);
}

/**
 * Claims deliveries for one attempt: due pending ones, or ones whose previous
 * claim's lease ran out (a consumer that died mid-send). Returns what was claimed;
 * an id another consumer holds is simply not in the answer.
 */
export function claimDeliveries(scope: TenantScope, ids: number[], now: number, leaseSeconds: number): Promise<Claim[]> {
  return scope.db
    .update(webhookDeliveries)
    .set({ status: "sending", attempts: sql`${webhookDeliveries.attempts} + 1`, leaseUntil: now + leaseSeconds, lastAttemptAt: now, updatedAt: now })
    .where(
      scope.own(
        webhookDeliveries,
        idsIn(webhookDeliveries.id, ids),
        sql`((${webhookDeliveries.status} = 'pending' AND ${webhookDeliveries.nextAttemptAt} <= ${now}) OR (${webhookDeliveries.status} = 'sending' AND ${webhookDeliveries.leaseUntil} < ${now}))`,
      ),
    )
    .returning({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      eventId: webhookDeliveries.eventId,
      attempts: webhookDeliveries.attempts,
      maxAttempts: webhookDeliveries.maxAttempts,
    });
}

/** The endpoints and events a set of claims needs, in one round trip. */
export async function loadForAttempt(scope: TenantScope, claims: Claim[]) {
  const [endpoints, rows]: [WebhookEndpoint[], EventRow[]] = await scope.batch([
    scope.select(webhookEndpoints, idsIn(webhookEndpoints.id, [...new Set(claims.map((c) => c.endpointId))])),
    scope.select(events, idsIn(events.id, [...new Set(claims.map((c) => c.eventId))])),
  ]);
  return { endpoints: new Map(endpoints.map((e) => [e.id, e])), events: new Map(rows.map((e) => [e.id, e])) };
}

export type AttemptOutcome = {
  status: "delivered" | "pending" | "failed";
  nextAttemptAt?: number;
  code: number | null;
  excerpt: string | null;
  error: string | null;
};

/** Records an attempt's outcome, only while our claim (this attempt number) still holds. */
export function finishStmt(scope: TenantScope, claim: Claim, o: AttemptOutcome, now: number) {
  return scope.update(
    webhookDeliveries,
    {
      status: o.status,
      leaseUntil: null,
      nextAttemptAt: o.nextAttemptAt ?? now,
      lastStatusCode: o.code,
      lastResponse: o.excerpt,
      lastError: o.error,
      updatedAt: now,
    },
    and(eq(webhookDeliveries.id, claim.id), eq(webhookDeliveries.status, "sending"), eq(webhookDeliveries.attempts, claim.attempts)),
  );
}

/** An answered endpoint is healthy again. */
export function endpointHealthyStmt(scope: TenantScope, endpointIds: number[]) {
  return scope.update(
    webhookEndpoints,
    { failingSince: null },
    and(idsIn(webhookEndpoints.id, endpointIds), sql`${webhookEndpoints.failingSince} IS NOT NULL`),
  );
}

/** Starts the failure clock of endpoints that were healthy. */
export function endpointFailingStmt(scope: TenantScope, endpointIds: number[], now: number) {
  return scope.update(webhookEndpoints, { failingSince: now }, and(idsIn(webhookEndpoints.id, endpointIds), sql`${webhookEndpoints.failingSince} IS NULL`));
}

/** Disables endpoints whose failures began before `failingBefore` and that failed again now. */
export function disableFailingStmt(scope: TenantScope, endpointIds: number[], failingBefore: number, now: number) {
  return scope
    .update(
      webhookEndpoints,
      { enabled: false, disabledReason: "failing", updatedAt: now },
      and(idsIn(webhookEndpoints.id, endpointIds), eq(webhookEndpoints.enabled, true), sql`${webhookEndpoints.failingSince} <= ${failingBefore}`),
    )
    .returning({ id: webhookEndpoints.id });
}

/** For the `webhook.disabled` event in the same batch: the disable just before it turned this endpoint off now. */
export const disabledNow = (scope: TenantScope, endpointId: number, now: number) =>
  sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${webhookEndpoints.tenantId} = ${scope.tenantId} AND ${webhookEndpoints.id} = ${endpointId}
      AND ${webhookEndpoints.enabled} = 0 AND ${webhookEndpoints.disabledReason} = 'failing' AND ${webhookEndpoints.updatedAt} = ${now})`;

// --- the sweep (cron): across tenants, each answer names its tenant ---

/** Tenants with enabled endpoints and recent events nobody fanned out (the producer missed them). */
export async function tenantsWithUnfannedEvents(db: Db, since: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ tenantId: events.tenantId })
    .from(events)
    .where(
      sql`${events.tenantId} IN (SELECT tenant_id FROM webhook_endpoints WHERE enabled = 1)
          AND ${events.createdAt} >= ${since} AND ${events.objectType} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${webhookFanouts} WHERE ${webhookFanouts.eventId} = ${events.id})`,
    )
    .limit(limit)
    .all();
  return rows.map((r) => r.tenantId);
}

/** Deliveries whose retry message is overdue (lost or not sent) or whose claim's lease ran out. */
export function overdueDeliveries(db: Db, dueBefore: number, now: number, limit: number) {
  return db
    .select({ id: webhookDeliveries.id, tenantId: webhookDeliveries.tenantId })
    .from(webhookDeliveries)
    .where(
      sql`(${webhookDeliveries.status} = 'pending' AND ${webhookDeliveries.nextAttemptAt} <= ${dueBefore})
          OR (${webhookDeliveries.status} = 'sending' AND ${webhookDeliveries.leaseUntil} < ${now})`,
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit)
    .all();
}

// --- the delivery log (API) ---

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

export async function listEndpointDeliveries(scope: TenantScope, endpointId: number, q: Page) {
  const where = and(eq(webhookDeliveries.endpointId, endpointId), ...q.where);
  const [rows, total] = await scope.batch([
    scope
      .select(webhookDeliveries, where)
      .orderBy(...q.order, desc(webhookDeliveries.id))
      .limit(q.perPage)
      .offset(q.offset),
    scope.count(webhookDeliveries, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export function findOwnDelivery(scope: TenantScope, endpointId: number, id: number) {
  return scope.select(webhookDeliveries, and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, id))).get();
}

/**
 * A manual re-send: a finished delivery (delivered or failed) goes back to pending,
 * due now, with one more attempt allowed. Conditional on the status read, so two
 * re-sends at once schedule one attempt.
 */
export function resendStmt(scope: TenantScope, d: Delivery, now: number) {
  return scope
    .update(
      webhookDeliveries,
      { status: "pending", nextAttemptAt: now, maxAttempts: d.attempts + 1, updatedAt: now },
      and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, d.status), eq(webhookDeliveries.attempts, d.attempts)),
    )
    .returning();
}
