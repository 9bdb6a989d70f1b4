import { and, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import { pageOf } from "../page";
import { tenantDomains } from "../schema";
import type { TenantScope } from "../scope";

/** A tenant's custom portal hosts (`tenant_domains`); the portal finds them by exact host. */

export type TenantDomain = typeof tenantDomains.$inferSelect;

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

export async function listOwnDomains(scope: TenantScope, q: Page): Promise<{ rows: TenantDomain[]; total: number }> {
  return pageOf(scope, tenantDomains, { where: and(...q.where), order: q.order, limit: q.perPage, offset: q.offset });
}

export async function countOwnDomains(scope: TenantScope): Promise<number> {
  const [row] = await scope.count(tenantDomains);
  return row?.n ?? 0;
}

export function findOwnDomain(scope: TenantScope, id: number) {
  return scope.select(tenantDomains, eq(tenantDomains.id, id)).get();
}

/** An unverified claim of `host` by this tenant; nothing when it has one already (follow with assertOneRowChanged). */
export function insertDomainStmt(scope: TenantScope, host: string, token: string, now: number) {
  return scope.insert(tenantDomains, { host, verificationToken: token, createdAt: now }).onConflictDoNothing();
}

/**
 * Guard for the batch of a new claim: fails it (isGuardFailure) when any tenant holds
 * `host` verified, so a held host cannot be claimed again, not even unverified.
 */
export function hostNotHeldGuard(scope: TenantScope, host: string) {
  const d = tenantDomains;
  // a select (not db.run): drizzle's D1 batch cannot bind parameters of a raw run
  return scope.db
    .select({
      ok: sql`json(CASE WHEN EXISTS (SELECT 1 FROM ${d} WHERE ${d.host} = ${host} AND ${d.verifiedAt} IS NOT NULL) THEN 'guard: host held' ELSE '1' END)`,
    })
    .from(sql`(SELECT 1)`);
}

/** This tenant's claim of `host` (after the insert, in the same batch). */
export function findOwnDomainByHost(scope: TenantScope, host: string) {
  return scope.select(tenantDomains, eq(tenantDomains.host, host));
}

/** Marks this tenant's claim verified (once); the partial unique index refuses a second verified owner. */
export function verifyDomainStmt(scope: TenantScope, id: number, now: number) {
  return scope.update(tenantDomains, { verifiedAt: now }, and(eq(tenantDomains.id, id), isNull(tenantDomains.verifiedAt)));
}

/**
 * The verified owner takes the host over: the unverified claims of OTHER tenants go.
 * Deliberately across tenants (the one write here that is): a squatter's claim must
 * not outlive the proof of ownership. Only unverified rows of this exact host match.
 */
export function dropOtherClaimsStmt(scope: TenantScope, host: string) {
  return scope.db.delete(tenantDomains).where(and(eq(tenantDomains.host, host), isNull(tenantDomains.verifiedAt), ne(tenantDomains.tenantId, scope.tenantId)));
}

export function deleteDomainStmt(scope: TenantScope, id: number) {
  return scope.delete(tenantDomains, eq(tenantDomains.id, id));
}

/** The id of this tenant's claim of `host` (one inserted earlier in the same batch). */
export const ownDomainIdByHost = (scope: TenantScope, host: string) =>
  sql`(SELECT ${tenantDomains.id} FROM ${tenantDomains} WHERE ${tenantDomains.tenantId} = ${scope.tenantId} AND ${tenantDomains.host} = ${host})`;
