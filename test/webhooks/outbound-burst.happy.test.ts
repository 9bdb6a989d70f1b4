import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhookDeliveries } from "../../src/db/schema";
import worker from "../../src/index";
import { nowSeconds } from "../../src/lib/time";
import type { WebhookMessage } from "../../src/services/webhooks/consumer";
import { sweepWebhooks } from "../../src/services/webhooks/sweep";
import { testDb } from "../helpers/tenants";
import { drainQueue, fakeReceiver, insertEvents, networkClosed, RECEIVER, tenantWithEndpoint, until, verify } from "./outbound-helpers";

afterEach(() => {
  vi.restoreAllMocks();
  networkClosed();
});

const BURST = 10_000;
/** About 15 to 25 s alone; generous for a machine busy with other suites (a limit, not a performance assertion). */
const BURST_TIMEOUT = 180_000;

/** A receiver that dedupes by `webhook-id`, as docs/webhooks.md tells merchants to. */
function dedupingReceiver() {
  const seen = new Map<string, number>();
  const r = fakeReceiver((_, req) => {
    const id = req.headers["webhook-id"]!;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    return new Response(null, { status: 204 });
  });
  return { ...r, seen };
}

async function statusCounts(tenantId: number) {
  const rows = await testDb()
    .select({ status: webhookDeliveries.status, n: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.tenantId, tenantId))
    .groupBy(webhookDeliveries.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe("a burst of events, at least once, none lost", () => {
  it(
    `${BURST} events in a burst are each delivered once, even when every message reaches two consumers at once`,
    async () => {
      const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
      const ids = await insertEvents(w.t, BURST);
      expect(ids).toHaveLength(BURST);
      const r = dedupingReceiver();
      // what the producer sends after the write
      await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { duplicate: true });
      expect(r.seen.size).toBe(BURST);
      // the conditional claim kept the second consumer from sending: nothing arrived twice
      expect(r.received).toHaveLength(BURST);
      expect([...r.seen.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(r.received.map((x) => JSON.parse(x.body).id))).toEqual(new Set(ids));
      expect(await statusCounts(w.t.tenant.id)).toEqual({ delivered: BURST });
      // spot check: still verifiable
      expect(() => verify(w.endpoint.secret, r.received[BURST - 1]!)).not.toThrow();
    },
    BURST_TIMEOUT,
  );

  it(
    `none lost when the producer step is skipped: the sweep finds all ${BURST}`,
    async () => {
      const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
      const ids = await insertEvents(w.t, BURST);
      const r = dedupingReceiver();
      // no producer message at all; the cron's sweep is the only way in
      const swept: WebhookMessage[] = [];
      const found = await sweepWebhooks(testDb(), { send: async (m) => void swept.push(m) }, nowSeconds());
      expect(found.tenants).toBeGreaterThanOrEqual(1);
      expect(swept).toContainEqual({ kind: "fanout", tenant: w.t.tenant.id });
      await drainQueue(swept.filter((m) => m.tenant === w.t.tenant.id));
      expect(r.seen.size).toBe(BURST);
      expect(r.received).toHaveLength(BURST);
      expect(new Set(r.received.map((x) => JSON.parse(x.body).id))).toEqual(new Set(ids));
      // swept again: nothing more to do for this tenant
      const again: WebhookMessage[] = [];
      await sweepWebhooks(testDb(), { send: async (m) => void again.push(m) }, nowSeconds());
      expect(again.filter((m) => m.tenant === w.t.tenant.id)).toEqual([]);
    },
    BURST_TIMEOUT,
  );
});

describe("the sweep re-sends what was lost", () => {
  it("a delivery whose retry message was lost, and one whose consumer died mid-send, are attempted again", async () => {
    const now = nowSeconds();
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"], now - 3600);
    await insertEvents(w.t, 2, now - 3600);
    fakeReceiver(() => new Response("down", { status: 500 }));
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { now: now - 3600, maxMessages: 1 });
    const [a, b] = await w.t.scope.select(webhookDeliveries).orderBy(webhookDeliveries.id).all();
    expect([a!.status, b!.status]).toEqual(["pending", "pending"]);
    // b: claimed by a consumer that never finished (its lease ran out)
    await w.t.scope.update(webhookDeliveries, { status: "sending", leaseUntil: now - 10 }, eq(webhookDeliveries.id, b!.id));
    vi.restoreAllMocks();
    const r = fakeReceiver();
    const swept: WebhookMessage[] = [];
    await sweepWebhooks(testDb(), { send: async (m) => void swept.push(m) }, now);
    const mine = swept.filter((m) => m.tenant === w.t.tenant.id);
    expect(mine).toEqual([{ kind: "attempt", tenant: w.t.tenant.id, deliveries: [a!.id, b!.id].sort((x, y) => x - y) }]);
    await drainQueue(mine, { now });
    expect(r.received).toHaveLength(2);
    expect((await w.t.scope.select(webhookDeliveries)).map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });

  it("the worker's cron runs the sweep, and the queue's own consumer delivers what it enqueued", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    await insertEvents(w.t, 3);
    const r = fakeReceiver();
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    await until(async () => (await statusCounts(w.t.tenant.id)).delivered === 3, "three deliveries");
    expect(r.received.filter((x) => x.url === RECEIVER)).toHaveLength(3);
  });
});
