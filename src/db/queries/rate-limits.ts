import { eq, sql } from "drizzle-orm";
import { rateLimits } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Fixed-window counters in D1 (S7, S12): decided by one upsert, never in KV
 * (KV is eventually consistent and would let a burst through).
 * `bucket` already names its window (e.g. "email:<hash>:h:491234").
 */
export function hitStatement(scope: TenantScope, bucket: string, expiresAt: number, now: number) {
  // A row whose window has ended starts again at 1 with the new window.
  const ended = sql`${rateLimits.expiresAt} <= ${now}`;
  return scope.db
    .insert(rateLimits)
    .values({ tenantId: scope.tenantId, bucket, count: 1, expiresAt })
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.bucket],
      set: {
        count: sql`case when ${ended} then 1 else ${rateLimits.count} + 1 end`,
        expiresAt: sql`case when ${ended} then ${expiresAt} else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
}

/** Counts one hit in each bucket, in one round trip; returns the counts after the hit. */
export async function hitAll(scope: TenantScope, buckets: { bucket: string; expiresAt: number }[], now: number): Promise<number[]> {
  if (buckets.length === 0) return [];
  const stmts = buckets.map((b) => hitStatement(scope, b.bucket, b.expiresAt, now));
  const results = (await scope.batch(stmts as [(typeof stmts)[0], ...(typeof stmts)[0][]])) as { count: number }[][];
  return results.map((r) => r[0]?.count ?? 0);
}

/** The current count of a bucket (0 when absent or expired). */
export async function readCount(scope: TenantScope, bucket: string, now: number): Promise<number> {
  const row = await scope.db
    .select({ count: rateLimits.count, expiresAt: rateLimits.expiresAt })
    .from(rateLimits)
    .where(scope.own(rateLimits, eq(rateLimits.bucket, bucket)))
    .get();
  return row && row.expiresAt > now ? row.count : 0;
}

export function resetStatement(scope: TenantScope, bucket: string) {
  return scope.delete(rateLimits, eq(rateLimits.bucket, bucket));
}
