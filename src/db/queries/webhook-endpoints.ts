import { and, asc, eq, type SQL } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints } from "../schema";
import type { TenantScope } from "../scope";

/** A tenant's webhook endpoints (`/webhooks`). Every statement goes through the tenant scope. */

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

export async function listOwnEndpoints(scope: TenantScope, q: Page): Promise<{ rows: WebhookEndpoint[]; total: number }> {
  const where = and(...q.where);
  const [rows, total] = await scope.batch([
    scope
      .select(webhookEndpoints, where)
      .orderBy(...q.order, asc(webhookEndpoints.id))
      .limit(q.perPage)
      .offset(q.offset),
    scope.count(webhookEndpoints, where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function countOwnEndpoints(scope: TenantScope): Promise<number> {
  const [row] = await scope.count(webhookEndpoints);
  return row?.n ?? 0;
}

export function findOwnEndpoint(scope: TenantScope, id: number) {
  return scope.select(webhookEndpoints, eq(webhookEndpoints.id, id)).get();
}

/** Does the tenant have an endpoint that could take an event? (The producer asks before enqueueing.) */
export async function hasEnabledEndpoint(scope: TenantScope): Promise<boolean> {
  const row = await scope.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(scope.own(webhookEndpoints, eq(webhookEndpoints.enabled, true)))
    .limit(1)
    .get();
  return row !== undefined;
}

export function insertEndpointStmt(scope: TenantScope, values: Omit<typeof webhookEndpoints.$inferInsert, "tenantId">) {
  return scope.insert(webhookEndpoints, values).returning();
}

/**
 * Update guarded by `updated_at` as read (optimistic): two PATCHes at once cannot
 * both apply on top of the same old row; the loser sees no row and answers 409.
 */
export function updateEndpointStmt(scope: TenantScope, row: WebhookEndpoint, set: Partial<typeof webhookEndpoints.$inferInsert>) {
  return scope
    .update(
      webhookEndpoints,
      set,
      and(eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.updatedAt, row.updatedAt), eq(webhookEndpoints.secretEnc, row.secretEnc)),
    )
    .returning();
}

/** The endpoint and its delivery log go together. */
export function deleteEndpointStmts(scope: TenantScope, id: number) {
  return [scope.delete(webhookDeliveries, eq(webhookDeliveries.endpointId, id)), scope.delete(webhookEndpoints, eq(webhookEndpoints.id, id))] as const;
}
