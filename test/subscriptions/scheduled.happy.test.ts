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
