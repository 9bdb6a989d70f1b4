import { desc } from "drizzle-orm";
import type { Db } from "../client";
import { devWebhooks } from "../schema";

/** The development webhook receiver's inbox (not tenant data: only development and tests have it). */

export function storeDevWebhook(db: Db, row: Omit<typeof devWebhooks.$inferInsert, "id">) {
  return db.insert(devWebhooks).values(row);
}

export function listDevWebhooks(db: Db, limit: number) {
  return db.select().from(devWebhooks).orderBy(desc(devWebhooks.id)).limit(limit).all();
}
