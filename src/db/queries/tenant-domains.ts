import { and, asc, eq, type SQL } from "drizzle-orm";
import { tenantDomains } from "../schema";
import type { TenantScope } from "../scope";

/** A tenant's custom portal hosts (`tenant_domains`); the portal finds them by exact host. */

export type TenantDomain = typeof tenantDomains.$inferSelect;

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

export async function listOwnDomains(scope: TenantScope, q: Page): Promise<{ rows: TenantDomain[]; total: number }> {
  const where = and(...q.where);
  const [rows, total] = await scope.batch([
    scope.select(tenantDomains, where).orderBy(...q.order, asc(tenantDomains.id)).limit(q.perPage).offset(q.offset),
    scope.count(tenantDomains, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function countOwnDomains(scope: TenantScope): Promise<number> {
  const [row] = await scope.count(tenantDomains);
  return row?.n ?? 0;
}

export function findOwnDomain(scope: TenantScope, id: number) {
  return scope.select(tenantDomains, eq(tenantDomains.id, id)).get();
}

/**
 * `host` is unique across all tenants: a host already taken (by anyone) inserts
 * nothing and returns no row, so two tenants racing for one host get one winner.
 */
export function insertDomainStmt(scope: TenantScope, host: string, now: number) {
  return scope.insert(tenantDomains, { host, createdAt: now }).onConflictDoNothing().returning();
}

export function deleteDomainStmt(scope: TenantScope, id: number) {
  return scope.delete(tenantDomains, eq(tenantDomains.id, id));
}
