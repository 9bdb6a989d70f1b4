import { lt, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { rowsChanged } from "../batch";
import type { Db } from "../client";
import { idempotencyKeys, rateLimits, sessions, signinTokens, ssoReplays } from "../schema";

/**
 * Housekeeping across every tenant (not a tenant's data access: nothing is read,
 * and each condition below only matches rows that no request can act on any more).
 * The bounds are decided in src/services/maintenance/purge.ts; these are the
 * statements. Each delete is one small statement over an index on its time column
 * (`*_expires`, `sessions_revoked`, `sessions_last_seen`, `idempotency_keys_created`), at most `limit` rows, so that no
 * statement runs long on D1 however large the backlog.
 */

/** What is purged: a table, or (revoked_sessions, idle_sessions) a further condition on one. */
export type PurgeTable = "signin_tokens" | "sso_replays" | "rate_limits" | "sessions" | "revoked_sessions" | "idle_sessions" | "idempotency_keys";

/** The condition of each table: `column < before` (strictly: a row exactly at its bound stays). */
const expired: Record<PurgeTable, { table: SQLiteTable; older: (before: number) => SQL }> = {
  signin_tokens: { table: signinTokens, older: (before) => lt(signinTokens.expiresAt, before) },
  sso_replays: { table: ssoReplays, older: (before) => lt(ssoReplays.expiresAt, before) },
  rate_limits: { table: rateLimits, older: (before) => lt(rateLimits.expiresAt, before) },
  sessions: { table: sessions, older: (before) => lt(sessions.expiresAt, before) },
  // `revoked_at < ?` implies `revoked_at is not null`, so SQLite uses the partial index sessions_revoked
  revoked_sessions: { table: sessions, older: (before) => lt(sessions.revokedAt, before) },
  idle_sessions: { table: sessions, older: (before) => lt(sessions.lastSeenAt, before) },
  idempotency_keys: { table: idempotencyKeys, older: (before) => lt(idempotencyKeys.createdAt, before) },
};

/**
 * `DELETE FROM t WHERE rowid IN (SELECT rowid FROM t WHERE <time> < ? LIMIT ?)`:
 * one bounded chunk (built apart so a test can ask SQLite for its plan).
 */
export function expiredChunk(db: Db, name: PurgeTable, before: number, limit: number) {
  const { table, older } = expired[name];
  return db.delete(table).where(sql`rowid in (select rowid from ${table} where ${older(before)} limit ${limit})`);
}

/** Runs one chunk; returns how many rows went. */
export async function deleteExpiredChunk(db: Db, name: PurgeTable, before: number, limit: number): Promise<number> {
  const res = await expiredChunk(db, name, before, limit).run();
  return rowsChanged(res);
}
