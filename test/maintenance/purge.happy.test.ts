import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expiredChunk, type PurgeTable } from "../../src/db/queries/expired-rows";
import { idempotencyKeys, rateLimits, sessions, signinTokens, ssoReplays } from "../../src/db/schema";
import worker from "../../src/index";
import { DAY, HOUR, nowSeconds } from "../../src/lib/time";
import { PURGE_BOUNDS, purgeExpired } from "../../src/services/maintenance/purge";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant, testDb } from "../helpers/tenants";

/** A clock far from the real one, so the rows below are the only ones near their bounds. */
const T0 = 2_100_000_000;
/** Later than any bound of any row in this file: empties every purged table. */
const FAR = 4_000_000_000;

/**
 * One row per table whose time column is `at`; `tag` keeps the keys apart.
 * Returns lookups that say whether each row is still there.
 */
async function rowsAt(tenantId: number, customerId: number, tag: string, at: Record<keyof typeof PURGE_BOUNDS, number>) {
  const db = testDb();
  const session = (id: string, signedInAt: number, over: { expiresAt: number; revokedAt?: number }) => ({
    id,
    tenantId,
    customerId,
    method: "email_link" as const,
    createdAt: signedInAt,
    lastSeenAt: signedInAt,
    authAt: signedInAt,
    ...over,
  });
  await db.batch([
    db
      .insert(signinTokens)
      .values({ id: `tok-${tag}`, tenantId, purpose: "email_link", email: "a@example.com", createdAt: at.signin_tokens - 600, expiresAt: at.signin_tokens }),
    db.insert(ssoReplays).values({ tenantId, replayKey: `jti:${tag}`, expiresAt: at.sso_replays }),
    db.insert(rateLimits).values({ tenantId, bucket: `b:${tag}`, count: 3, expiresAt: at.rate_limits }),
    // expiring at `at`
    db.insert(sessions).values(session(`sess-${tag}`, at.sessions - 3600, { expiresAt: at.sessions })),
    // signed out at `at`, still hours before its own expiry: only the revoked rule can take it
    db
      .insert(sessions)
      .values(session(`rsess-${tag}`, at.revoked_sessions - 3600, { expiresAt: at.revoked_sessions + 11 * HOUR, revokedAt: at.revoked_sessions })),
    // last seen at `at`, hours before its expiry and never signed out: only the idle rule can take it
    db.insert(sessions).values({ ...session(`isess-${tag}`, at.idle_sessions, { expiresAt: at.idle_sessions + 11 * HOUR }) }),
    db.insert(idempotencyKeys).values({ tenantId, key: `k-${tag}`, requestHash: "h", status: 200, body: "{}", createdAt: at.idempotency_keys }),
  ]);
  return async () => ({
    signin_tokens: !!(await db
      .select()
      .from(signinTokens)
      .where(eq(signinTokens.id, `tok-${tag}`))
      .get()),
    sso_replays: !!(await db
      .select()
      .from(ssoReplays)
      .where(and(eq(ssoReplays.tenantId, tenantId), eq(ssoReplays.replayKey, `jti:${tag}`)))
      .get()),
    rate_limits: !!(await db
      .select()
      .from(rateLimits)
      .where(and(eq(rateLimits.tenantId, tenantId), eq(rateLimits.bucket, `b:${tag}`)))
      .get()),
    sessions: !!(await db
      .select()
      .from(sessions)
      .where(eq(sessions.id, `sess-${tag}`))
      .get()),
    revoked_sessions: !!(await db
      .select()
      .from(sessions)
      .where(eq(sessions.id, `rsess-${tag}`))
      .get()),
    idle_sessions: !!(await db
      .select()
      .from(sessions)
      .where(eq(sessions.id, `isess-${tag}`))
      .get()),
    idempotency_keys: !!(await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, `k-${tag}`)))
      .get()),
  });
}

/** The time-column value that puts a row `offset` seconds past its bound at `now`. */
const pastBound = (now: number, offset: number) =>
  Object.fromEntries(Object.entries(PURGE_BOUNDS).map(([table, bound]) => [table, now - bound - offset])) as Record<keyof typeof PURGE_BOUNDS, number>;

describe("purgeExpired", () => {
  it("the bounds: sign-in tokens a day after expiry, replay keys, windows and sessions an hour after theirs (or after sign-out, or after going idle), idempotency keys 25 h after creation", () => {
    expect(PURGE_BOUNDS).toEqual({
      signin_tokens: DAY,
      sso_replays: HOUR,
      rate_limits: HOUR,
      sessions: HOUR,
      revoked_sessions: HOUR,
      idle_sessions: HOUR + HOUR,
      idempotency_keys: 24 * HOUR + HOUR,
    });
  });

  it("deletes rows one second past their bound, keeps rows one second before it and exactly at it, and counts per table", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    await purgeExpired(testDb(), FAR);
    const gone = await rowsAt(t.tenant.id, c.id, "gone", pastBound(T0, 1));
    const earlier = await rowsAt(t.tenant.id, c.id, "before", pastBound(T0, -1));
    const exact = await rowsAt(t.tenant.id, c.id, "exact", pastBound(T0, 0));

    const counts = await purgeExpired(testDb(), T0);

    expect(counts).toEqual({ signin_tokens: 1, sso_replays: 1, rate_limits: 1, sessions: 1, revoked_sessions: 1, idle_sessions: 1, idempotency_keys: 1 });
    const all = {
      signin_tokens: true,
      sso_replays: true,
      rate_limits: true,
      sessions: true,
      revoked_sessions: true,
      idle_sessions: true,
      idempotency_keys: true,
    };
    expect(await gone()).toEqual({
      signin_tokens: false,
      sso_replays: false,
      rate_limits: false,
      sessions: false,
      revoked_sessions: false,
      idle_sessions: false,
      idempotency_keys: false,
    });
    expect(await earlier()).toEqual(all);
    expect(await exact()).toEqual(all);

    // a second later the ones that sat exactly at their bound go too; a second run finds nothing more
    expect(await purgeExpired(testDb(), T0 + 1)).toEqual({
      signin_tokens: 1,
      sso_replays: 1,
      rate_limits: 1,
      sessions: 1,
      revoked_sessions: 1,
      idle_sessions: 1,
      idempotency_keys: 1,
    });
    expect(await exact()).toEqual({
      signin_tokens: false,
      sso_replays: false,
      rate_limits: false,
      sessions: false,
      revoked_sessions: false,
      idle_sessions: false,
      idempotency_keys: false,
    });
    expect(await earlier()).toEqual(all);
  });

  it("works in bounded chunks: a backlog larger than chunk x rounds is finished by the next run", async () => {
    const t = await makeTenant();
    await purgeExpired(testDb(), FAR);
    const db = testDb();
    const rows = Array.from({ length: 25 }, (_, i) => ({ tenantId: t.tenant.id, bucket: `bulk:${i}`, count: 1, expiresAt: T0 - 2 * HOUR }));
    await db.insert(rateLimits).values(rows);

    const first = await purgeExpired(db, T0, { chunk: 10, rounds: 2 });
    expect(first.rate_limits).toBe(20);
    expect(await db.$count(rateLimits, eq(rateLimits.tenantId, t.tenant.id))).toBe(5);
    const second = await purgeExpired(db, T0, { chunk: 10, rounds: 2 });
    expect(second.rate_limits).toBe(5);
    expect(await db.$count(rateLimits, eq(rateLimits.tenantId, t.tenant.id))).toBe(0);
  });

  it("the worker's scheduled handler (the cron) runs the purge with the real clock", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const now = nowSeconds();
    const gone = await rowsAt(t.tenant.id, c.id, "cron-gone", pastBound(now, 60));
    const kept = await rowsAt(t.tenant.id, c.id, "cron-kept", pastBound(now, -600));

    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ cron: "17 * * * *", scheduledTime: now * 1000 }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(Object.values(await gone()).every((present) => !present)).toBe(true);
    expect(Object.values(await kept()).every((present) => present)).toBe(true);
  });

  it("every chunk's inner select finds its rows through an index, never a scan of the table", async () => {
    for (const name of Object.keys(PURGE_BOUNDS) as PurgeTable[]) {
      const q = expiredChunk(testDb(), name, T0, 500).toSQL();
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .bind(...q.params)
        .all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      expect(details.join(" | "), name).toMatch(/USING (COVERING )?INDEX/);
      expect(
        details.filter((d) => /^SCAN /.test(d) && !/USING/.test(d)),
        name,
      ).toEqual([]);
    }
  });
});
