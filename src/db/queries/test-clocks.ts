import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { customers, subscriptions, testClocks } from "../schema";
import type { TenantScope } from "../scope";
import { AUTOPAY_LEASE_SECONDS } from "./autopay";

/** Test clocks (never in production): a tenant's frozen "now" for the engine and the API. */

export type TestClock = typeof testClocks.$inferSelect;

export function findTestClock(scope: TenantScope) {
  return scope.db.select().from(testClocks).where(eq(testClocks.tenantId, scope.tenantId)).get();
}

/** Sets the tenant's clock (creating it), one statement. */
export function setTestClockStmt(scope: TenantScope, frozenTime: number, now: number) {
  return scope.db
    .insert(testClocks)
    .values({ tenantId: scope.tenantId, frozenTime, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: testClocks.tenantId, set: { frozenTime, updatedAt: now } });
}

export function deleteTestClockStmt(scope: TenantScope) {
  return scope.db.delete(testClocks).where(eq(testClocks.tenantId, scope.tenantId));
}

/**
 * Tenants the scheduled run must visit: those with a live subscription (read from
 * the partial index `subscriptions_due`: due renewals, and invoices of
 * subscriptions that may have become past due since) and those with AutoPay
 * customers (the partial index `customers_autopay_tenant`), whose invoices fall
 * due with time.
 */
export async function tenantsWithWork(db: Db, _now: number, limit: number): Promise<number[]> {
  const rows = await db.all<{ tenant_id: number }>(sql`
    SELECT DISTINCT tenant_id FROM ${subscriptions}
      WHERE renews_next IS NOT NULL AND canceled_at IS NULL AND paused = 0
    UNION
    SELECT DISTINCT tenant_id FROM ${customers} WHERE autopay = 1
    LIMIT ${limit}`);
  return rows.map((r) => r.tenant_id);
}

/** The earliest due renewal of a tenant (the test clock advances through them in order). */
export async function nextRenewalAt(scope: TenantScope): Promise<number | null> {
  const row = await scope.db
    .select({ at: sql<number | null>`min(${subscriptions.renewsNext})` })
    .from(subscriptions)
    .where(scope.own(subscriptions, sql`renews_next IS NOT NULL AND canceled_at IS NULL AND paused = 0`))
    .get();
  return row?.at ?? null;
}

/**
 * The earliest AutoPay event after `after`: a retry falling due, a dead run's
 * claim whose lease runs out, or an enrolled customer's open invoice falling due.
 */
export async function nextAutopayAt(scope: TenantScope, after: number): Promise<number | null> {
  const row = await scope.db.get<{ at: number | null }>(sql`
    SELECT min(at) AS at FROM (
      SELECT min(next_attempt_at) AS at FROM autopay_attempts WHERE tenant_id = ${scope.tenantId} AND status = 'failed' AND next_attempt_at > ${after}
      UNION ALL
      SELECT min(updated_at + ${AUTOPAY_LEASE_SECONDS}) FROM autopay_attempts WHERE tenant_id = ${scope.tenantId} AND status = 'charging' AND updated_at + ${AUTOPAY_LEASE_SECONDS} > ${after}
      UNION ALL
      SELECT min(coalesce(i.due_date, i.date)) FROM invoices i JOIN customers c ON c.id = i.customer_id AND c.tenant_id = ${scope.tenantId}
        WHERE i.tenant_id = ${scope.tenantId} AND c.autopay = 1 AND i.paid = 0 AND i.voided = 0 AND i.draft = 0 AND i.balance > 0
          AND coalesce(i.due_date, i.date) > ${after}
    )`);
  return row?.at ?? null;
}
