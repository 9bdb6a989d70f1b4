import { and, inArray, lt, sql } from "drizzle-orm";
import { rowsChanged } from "../batch";
import type { Db } from "../client";
import { webhookDeliveries, webhookFanouts } from "../schema";

/**
 * Retention of the outbound webhook log, across every tenant (housekeeping like
 * expired-rows.ts: nothing is read, and each condition only matches rows nobody acts
 * on any more). The bounds are decided in src/services/webhooks/retention.ts. Each
 * delete is one bounded statement over an index on its time column
 * (`webhook_deliveries_finished`, `webhook_fanouts_created`).
 */

export type RetentionTable = "webhook_deliveries" | "webhook_fanouts";

/** `DELETE ... WHERE rowid IN (SELECT rowid ... LIMIT ?)`: one chunk, built apart so a test can ask for its plan. */
export function retentionChunk(db: Db, name: RetentionTable, before: number, limit: number) {
  if (name === "webhook_fanouts") {
    return db.delete(webhookFanouts).where(sql`rowid in (select rowid from ${webhookFanouts} where ${lt(webhookFanouts.createdAt, before)} limit ${limit})`);
  }
  // only finished deliveries: pending and sending ones are still being retried
  const finished = and(inArray(webhookDeliveries.status, ["delivered", "failed"]), lt(webhookDeliveries.updatedAt, before));
  return db.delete(webhookDeliveries).where(sql`rowid in (select rowid from ${webhookDeliveries} where ${finished} limit ${limit})`);
}

/** Runs one chunk; returns how many rows went. */
export async function deleteRetentionChunk(db: Db, name: RetentionTable, before: number, limit: number): Promise<number> {
  return rowsChanged(await retentionChunk(db, name, before, limit).run());
}
