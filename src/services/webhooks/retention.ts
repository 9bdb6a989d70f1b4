import type { Db } from "../../db/client";
import { deleteRetentionChunk, type RetentionTable } from "../../db/queries/webhook-retention";
import { DAY, HOUR } from "../../lib/time";
import { FANOUT_WINDOW } from "./schedule";

/**
 * How long the outbound webhook log is kept (on the hourly purge cron, with
 * purgeExpired). The events themselves are the audit trail (S43) and stay.
 *
 * - webhook_deliveries: a delivered or failed delivery (its status, attempts, status
 *   code and the first 200 bytes of the answer) stays in the log and can be re-sent
 *   for DELIVERY_RETENTION after it finished; pending and sending ones are never
 *   touched (they finish within about 3.2 days).
 * - webhook_fanouts: the mark that an event was fanned out is only read for events
 *   inside the sweep's FANOUT_WINDOW (3 days). A mark is made after its event, so a
 *   mark older than the window belongs to an event the sweep no longer looks at;
 *   an hour's margin for clocks. Deliveries outlive their marks by far, so an event
 *   can never be fanned out (and sent) a second time.
 */
export const DELIVERY_RETENTION = 30 * DAY;

export const RETENTION_BOUNDS: Record<RetentionTable, number> = {
  webhook_deliveries: DELIVERY_RETENTION,
  webhook_fanouts: FANOUT_WINDOW + HOUR,
};

/** Rows per statement and statements per table per run: a larger backlog is finished by the next hourly runs. */
const CHUNK = 500;
const ROUNDS = 4;

export type RetentionCounts = Record<RetentionTable, number>;

/** Deletes what is past its bound, at most `chunk * rounds` rows per table; returns the counts. */
export async function purgeWebhookLog(db: Db, now: number, opts: { chunk?: number; rounds?: number } = {}): Promise<RetentionCounts> {
  const chunk = opts.chunk ?? CHUNK;
  const rounds = opts.rounds ?? ROUNDS;
  const counts = {} as RetentionCounts;
  for (const table of Object.keys(RETENTION_BOUNDS) as RetentionTable[]) {
    let total = 0;
    for (let i = 0; i < rounds; i++) {
      const n = await deleteRetentionChunk(db, table, now - RETENTION_BOUNDS[table], chunk);
      total += n;
      if (n < chunk) break;
    }
    counts[table] = total;
  }
  return counts;
}
