import type { Db } from "../../db/client";
import { deleteExpiredChunk, type PurgeTable } from "../../db/queries/expired-rows";
import { IDEMPOTENCY_TTL } from "../../db/queries/idempotency-keys";
import { SESSION_IDLE_MAX } from "../../lib/platform-limits";
import { DAY, HOUR } from "../../lib/time";

/**
 * Hourly cleanup of short-lived security state (the cron in wrangler.toml).
 * A row goes only once no request can act on it any more, plus a margin for
 * clock skew between machines and for requests that read their `now` a moment
 * before the purge ran. Nothing financial or audit is ever touched: payments,
 * payment attempts, payment-source setups, webhook events, documents and the
 * append-only events (S43) are not in this list on purpose.
 */

/** Margin past the moment a row stops mattering. */
export const PURGE_MARGIN = HOUR;

/**
 * How old (in the row's own time column) a row must be before it goes: the row
 * is deleted when `column < now - bound`, so a row exactly at its bound stays.
 *
 * - signin_tokens: `expires_at` is checked in code on every use (S3, S4); past it the
 *   token signs nobody in. A day's margin so that a late click on an old link is
 *   still logged against its customer for a day (the failure event reads the row).
 * - sso_replays: `expires_at` is already exp + 30 s tolerance (S16); past it jose
 *   refuses the token itself, so the replay key is no longer needed.
 * - rate_limits: `expires_at` is the end of the window; a hit after it starts the
 *   count again at 1 (hitsStatement), the same answer as a missing row.
 * - sessions: `expires_at` is the absolute limit (at most 12 h after sign-in, only
 *   ever shortened).
 * - revoked_sessions: a signed-out (or ended, S22) session is refused from
 *   `revoked_at` on and nothing reads it again, so it goes an hour after that rather
 *   than up to 12 hours later with its expiry (its IP and browser go with it).
 * - idle_sessions: a session unused for SESSION_IDLE_MAX is refused whatever the
 *   tenant's setting (which only shortens it), so it goes an hour after it went idle
 *   instead of waiting up to 11 more hours for its absolute expiry.
 * - idempotency_keys: a claim takes over a key older than IDEMPOTENCY_TTL (24 h),
 *   so an older row is never replayed.
 */
export const PURGE_BOUNDS: Record<PurgeTable, number> = {
  signin_tokens: DAY,
  sso_replays: PURGE_MARGIN,
  rate_limits: PURGE_MARGIN,
  sessions: PURGE_MARGIN,
  revoked_sessions: PURGE_MARGIN,
  idle_sessions: SESSION_IDLE_MAX + PURGE_MARGIN,
  idempotency_keys: IDEMPOTENCY_TTL + PURGE_MARGIN,
};

/** Rows per statement: small statements keep each D1 query short. */
const PURGE_CHUNK = 500;
/** Statements per table per run; a larger backlog is finished by the next runs. */
const PURGE_ROUNDS = 4;

export type PurgeCounts = Record<PurgeTable, number>;

/**
 * Deletes expired rows of every table in bounded chunks and returns how many went
 * per table. Tables are independent: each is purged on its own, in order.
 */
export async function purgeExpired(db: Db, now: number, opts: { chunk?: number; rounds?: number } = {}): Promise<PurgeCounts> {
  const chunk = opts.chunk ?? PURGE_CHUNK;
  const rounds = opts.rounds ?? PURGE_ROUNDS;
  const counts = {} as PurgeCounts;
  for (const table of Object.keys(PURGE_BOUNDS) as PurgeTable[]) {
    const before = now - PURGE_BOUNDS[table];
    let total = 0;
    for (let i = 0; i < rounds; i++) {
      const n = await deleteExpiredChunk(db, table, before, chunk);
      total += n;
      if (n < chunk) break;
    }
    counts[table] = total;
  }
  return counts;
}
/** "sessions=3 signin_tokens=0 …": the counts for the log line, nothing of the rows (S44). */
