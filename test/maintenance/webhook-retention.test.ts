import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type RetentionTable, retentionChunk } from "../../src/db/queries/webhook-retention";
import { webhookDeliveries, webhookFanouts } from "../../src/db/schema";
import worker from "../../src/index";
import { DAY, HOUR } from "../../src/lib/time";
import { PURGE_CRON } from "../../src/schedule";
import { DELIVERY_RETENTION, purgeWebhookLog, RETENTION_BOUNDS } from "../../src/services/webhooks/retention";
import { testDb } from "../helpers/tenants";

// Issue 14: the webhook log's retention on the hourly purge, at exact seconds of the
// injected clock. Reads and deletes across tenants: isolated (vitest.config.ts).

/** A clock far from the real one, so the rows below are the only ones near their bounds. */
const T0 = 2_100_000_000;
const FAR = 4_000_000_000;
let nextId = 1;

async function delivery(status: "delivered" | "failed" | "pending" | "sending", finishedAt: number) {
  const id = nextId++;
  const [row] = await testDb()
    .insert(webhookDeliveries)
    .values({
      tenantId: 1,
      endpointId: 1,
      eventId: 1_000_000 + id,
      status,
      maxAttempts: 14,
      nextAttemptAt: finishedAt,
      createdAt: finishedAt - DAY,
      updatedAt: finishedAt,
    })
    .returning();
  return async () => !!(await testDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, row!.id)).get());
}

async function fanout(at: number) {
  const eventId = 2_000_000 + nextId++;
  await testDb().insert(webhookFanouts).values({ eventId, tenantId: 1, createdAt: at });
  return async () => !!(await testDb().select().from(webhookFanouts).where(eq(webhookFanouts.eventId, eventId)).get());
}

describe("webhook log retention", () => {
  it("the bounds: finished deliveries 30 days, fan-out marks the sweep's 3-day window and an hour", () => {
    expect(RETENTION_BOUNDS).toEqual({ webhook_deliveries: 30 * DAY, webhook_fanouts: 3 * DAY + HOUR });
  });

  it("deletes finished deliveries and marks one second past their bound, keeps those at it, and never a delivery still in flight", async () => {
    await purgeWebhookLog(testDb(), FAR, { rounds: 100 });
    const bound = T0 - DELIVERY_RETENTION;
    const gone = [await delivery("delivered", bound - 1), await delivery("failed", bound - 1), await fanout(T0 - RETENTION_BOUNDS.webhook_fanouts - 1)];
    const kept = [
      await delivery("delivered", bound),
      await delivery("failed", bound + 1),
      await fanout(T0 - RETENTION_BOUNDS.webhook_fanouts),
      // still being retried, however old: never purged
      await delivery("pending", bound - 10 * DAY),
      await delivery("sending", bound - 10 * DAY),
    ];

    expect(await purgeWebhookLog(testDb(), T0)).toEqual({ webhook_deliveries: 2, webhook_fanouts: 1 });
    for (const present of gone) expect(await present()).toBe(false);
    for (const present of kept) expect(await present()).toBe(true);
  });

  it("each run is bounded (chunk x rounds per table); the next run goes on", async () => {
    await purgeWebhookLog(testDb(), FAR, { rounds: 100 });
    for (let i = 0; i < 5; i++) await delivery("delivered", T0 - DELIVERY_RETENTION - 100);
    expect((await purgeWebhookLog(testDb(), T0, { chunk: 2, rounds: 2 })).webhook_deliveries).toBe(4);
    expect((await purgeWebhookLog(testDb(), T0, { chunk: 2, rounds: 2 })).webhook_deliveries).toBe(1);
  });

  it("runs on the hourly purge cron", async () => {
    await purgeWebhookLog(testDb(), FAR, { rounds: 100 });
    const now = Math.floor(Date.now() / 1000);
    const old = await delivery("delivered", now - DELIVERY_RETENTION - HOUR);
    const recent = await delivery("delivered", now - DAY);
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ cron: PURGE_CRON, scheduledTime: now * 1000 }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await old()).toBe(false);
    expect(await recent()).toBe(true);
  });

  it("every chunk's inner select finds its rows through an index, never a scan of the table", async () => {
    for (const name of Object.keys(RETENTION_BOUNDS) as RetentionTable[]) {
      const q = retentionChunk(testDb(), name, T0, 500).toSQL();
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .bind(...q.params)
        .all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      expect(details.join(" | "), name).toMatch(/USING (COVERING )?INDEX (webhook_deliveries_finished|webhook_fanouts_created)/);
      expect(
        details.filter((d) => /^SCAN /.test(d) && !/USING/.test(d)),
        name,
      ).toEqual([]);
    }
  });
});
