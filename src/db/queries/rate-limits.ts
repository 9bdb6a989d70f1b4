import { eq, sql } from "drizzle-orm";
import { rateLimits } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Fixed-window counters in D1 (S7, S12): decided by one upsert, never in KV
 * (KV is eventually consistent and would let a burst through).
 * `bucket` already names its window (e.g. "email:<hash>:h:491234").
 *
 * One hit in each of several buckets as ONE statement (a multi-row upsert): answers
 * `[{ bucket, count }]` after the hits, in no particular order (SQLite's RETURNING).
 * A row whose window has ended starts again at 1 with the new window.
 */
export function hitsStatement(scope: TenantScope, buckets: { bucket: string; expiresAt: number }[], now: number) {
  const ended = sql`${rateLimits.expiresAt} <= ${now}`;
  return scope.db
    .insert(rateLimits)
    .values(buckets.map((b) => ({ tenantId: scope.tenantId, bucket: b.bucket, count: 1, expiresAt: b.expiresAt })))
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.bucket],
      set: {
        count: sql`case when ${ended} then 1 else ${rateLimits.count} + 1 end`,
        expiresAt: sql`case when ${ended} then excluded.expires_at else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ bucket: rateLimits.bucket, count: rateLimits.count });
}

/** The counts of `hitsStatement`'s answer in the order of `buckets`. */
function countsOf(buckets: readonly string[], rows: { bucket: string; count: number }[]): number[] {
  return buckets.map((b) => rows.find((r) => r.bucket === b)?.count ?? 0);
}

/** Counts one hit in each bucket, in one statement; returns the counts after the hit, in the buckets' order. */
export async function hitAll(scope: TenantScope, buckets: { bucket: string; expiresAt: number }[], now: number): Promise<number[]> {
  if (buckets.length === 0) return [];
  return countsOf(
    buckets.map((b) => b.bucket),
    await hitsStatement(scope, buckets, now).all(),
  );
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
