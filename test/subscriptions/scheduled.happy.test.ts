import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { subscriptions } from "../../src/db/schema";
import worker from "../../src/index";
import { nowSeconds } from "../../src/lib/time";
import { RENEWAL_CRON } from "../../src/schedule";
import wranglerToml from "../../wrangler.toml?raw";
import { ledgerOf, subscriptionTenant } from "./support";

/** The 15-minute cron fans out one queue message per tenant with work; the consumer runs that tenant. */
describe("scheduled renewals", () => {
  async function dueTenant() {
    const w = await subscriptionTenant();
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" })).body;
    // its next period falls due now (as if a month had passed)
    await w.t.scope.update(subscriptions, { renewsNext: nowSeconds() - 60 }, eq(subscriptions.id, sub.id));
    return { w, sub };
  }

  // First in the file: the worker's first queue events arrive together while src/index.ts
  // is still loading src/background.ts, and the tenant's due period is still renewed once.
  it("two deliveries of the tenant's message at once, as the handlers first load, renew it once", async () => {
    const { w, sub } = await dueTenant();
    const results = await Promise.all(
      ["c1", "c2"].map(async (id) => {
        const batch = createMessageBatch("billing-portal-renewals", [{ id, timestamp: Date.now(), attempts: 1, body: { tenantId: w.t.tenant.id } }]);
        const ctx = createExecutionContext();
        await worker.queue(batch, env, ctx);
        return (await getQueueResult(batch, ctx)).explicitAcks;
      }),
    );
    expect(results).toEqual([["c1"], ["c2"]]);
    // the first period (at creation) and one renewal, not two
    expect((await ledgerOf(w, sub.id)).length).toBe(2);
  });

  it("the renewal cron queues the tenant; the hourly purge cron does not", async () => {
    const { w } = await dueTenant();
    const sent: { body: { tenantId: number } }[] = [];
    const fakeQueue = { sendBatch: async (msgs: { body: { tenantId: number } }[]) => void sent.push(...msgs), send: async () => {} };
    const run = async (cron: string) => {
      const ctx = createExecutionContext();
      worker.scheduled(createScheduledController({ cron, scheduledTime: Date.now() }), { ...env, RENEWALS: fakeQueue } as never, ctx);
      await waitOnExecutionContext(ctx);
    };
    await run("17 * * * *");
    expect(sent).toEqual([]);
    await run(RENEWAL_CRON);
    expect(sent.map((m) => m.body.tenantId)).toContain(w.t.tenant.id);
    // and wrangler.toml declares that cron (top level, inherited by production)
    expect(/^crons = \[(.*)\]$/m.exec(wranglerToml)?.[1]).toContain(`"${RENEWAL_CRON}"`);
    expect(wranglerToml).toMatch(/\[\[env\.production\.queues\.consumers\]\]/);
  });

  it("a caller that awaits the handler, then the work it registered, sees the cron's run done (the handler loads its module first)", async () => {
    // src/index.ts loads src/background.ts on the first event; the work it then registers
    // must be registered by the time the returned promise settles (the bench's counting
    // wrapper and the runtime both rely on it)
    const { w } = await dueTenant();
    const sent: number[] = [];
    const fakeQueue = {
      sendBatch: async (msgs: { body: { tenantId: number } }[]) => void sent.push(...msgs.map((m) => m.body.tenantId)),
      send: async () => {},
    };
    const work: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void work.push(p), passThroughOnException: () => {} } as unknown as ExecutionContext;
    await worker.scheduled(createScheduledController({ cron: RENEWAL_CRON, scheduledTime: Date.now() }), { ...env, RENEWALS: fakeQueue } as never, ctx);
    await Promise.all([...work]);
    expect(sent).toContain(w.t.tenant.id);
  });

  it("the queue consumer renews the tenant's due subscription once, even when the message is delivered twice", async () => {
    const { w, sub } = await dueTenant();
    for (const id of ["m1", "m2"]) {
      const batch = createMessageBatch("billing-portal-renewals", [{ id, timestamp: Date.now(), attempts: 1, body: { tenantId: w.t.tenant.id } }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([id]);
    }
    expect((await ledgerOf(w, sub.id)).length).toBe(2);
  });
});
