import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { paymentAttempts, sessions, tenants } from "../schema";
import type { TenantScope } from "../scope";
import type { Tenant } from "./types";

/**
 * The tenant's own row, for the merchant settings API. `tenants` has no
 * `tenant_id` column (its id is the tenant), so these statements pin
 * `tenants.id` to the scope's tenant: a key can only ever read or change its own.
 */

export type TenantSettingsUpdate = Partial<
  Omit<typeof tenants.$inferInsert, "id" | "username" | "createdAt" | "paymentGateway" | "stripeSecretKeyEnc" | "stripeWebhookSecretEnc">
>;

export function findOwnTenant(scope: TenantScope): Promise<Tenant | undefined> {
  return scope.db.select().from(tenants).where(eq(tenants.id, scope.tenantId)).get();
}

/** Unexecuted, so the change and its audit event share one atomic batch. */
export function updateOwnTenantStmt(scope: TenantScope, set: TenantSettingsUpdate) {
  return scope.db.update(tenants).set(set).where(eq(tenants.id, scope.tenantId));
}

/**
 * A shorter absolute session limit also reaches sessions already running (S21):
 * each ends at most `seconds` after it started. Sessions are never lengthened.
 */
export function capSessionLifetimesStmt(scope: TenantScope, seconds: number) {
  return scope.update(
    sessions,
    { expiresAt: sql`${sessions.createdAt} + ${seconds}` as unknown as number },
    gt(sessions.expiresAt, sql`${sessions.createdAt} + ${seconds}`),
  );
}

/** A portal switched off ends every session of the tenant (S22): switching it back on does not revive them. */
export function revokeAllSessionsStmt(scope: TenantScope, now: number) {
  return scope.update(sessions, { revokedAt: now }, isNull(sessions.revokedAt));
}

const inFlight = (since: number) => and(eq(paymentAttempts.gateway, "stripe"), eq(paymentAttempts.status, "processing"), gt(paymentAttempts.createdAt, since));

/**
 * Stripe payments the tenant's customers started since `since` whose outcome
 * still has to arrive (by webhook or retrieve): the Stripe keys must stay until then.
 */
export async function stripeAttemptsInFlight(scope: TenantScope, since: number): Promise<number> {
  const [row] = await scope.count(paymentAttempts, inFlight(since));
  return row?.n ?? 0;
}

/**
 * The same check inside the batch that forgets the keys: it fails the batch (see
 * assertOneRowChanged) if such a payment started after the count above was read.
 */
export function noStripeAttemptsInFlightGuard(scope: TenantScope, since: number) {
  // a select builder, not db.run(sql): drizzle's D1 batch cannot bind parameters of a raw run
  return scope.db
    .select({ ok: sql`json(CASE WHEN count(*) = 0 THEN '1' ELSE 'guard: stripe payment in flight' END)` })
    .from(paymentAttempts)
    .where(scope.own(paymentAttempts, inFlight(since)));
}
