import { and, eq, isNull, lt, or } from "drizzle-orm";
import { rowsChanged } from "../batch";
import { idempotencyKeys } from "../schema";
import type { TenantScope } from "../scope";

/** Keys are remembered this long (Stripe's figure). */
export const IDEMPOTENCY_TTL = 24 * 3600;
/** A request that claimed a key and never finished (worker died) frees it after this. */
const STALE_CLAIM = 60;

/**
 * Claims `key` for a request with this hash: one conditional insert-or-take-over,
 * so two concurrent requests with the same key cannot both run. Returns true when
 * this request owns the key and should run.
 */
export async function claimIdempotencyKey(scope: TenantScope, key: string, requestHash: string, now: number): Promise<boolean> {
  const res = await scope
    .insert(idempotencyKeys, { key, requestHash, status: null, body: null, createdAt: now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.key],
      set: { requestHash, status: null, body: null, createdAt: now },
      setWhere: or(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL), and(isNull(idempotencyKeys.status), lt(idempotencyKeys.createdAt, now - STALE_CLAIM))),
    })
    .run();
  return rowsChanged(res) > 0;
}

export function findIdempotencyKey(scope: TenantScope, key: string) {
  return scope.select(idempotencyKeys, eq(idempotencyKeys.key, key)).get();
}

export function storeIdempotentResponse(scope: TenantScope, key: string, requestHash: string, status: number, body: string) {
  return scope.update(idempotencyKeys, { status, body }, and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.requestHash, requestHash)));
}

export function releaseIdempotencyKey(scope: TenantScope, key: string, requestHash: string) {
  return scope.delete(idempotencyKeys, and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.requestHash, requestHash), isNull(idempotencyKeys.status)));
}
