import { and, eq, type SQL } from "drizzle-orm";
import { tenantDomains } from "../schema";
import type { TenantScope } from "../scope";
import { pageOf } from "../page";

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
