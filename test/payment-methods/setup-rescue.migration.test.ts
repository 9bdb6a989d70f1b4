import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe } from "../helpers/stripe-fake";
import { setupRow, setupWaiting } from "../webhooks/stripe-setup-helpers";
import { eventsOf, liveSources } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** Runs one migration's statements again, as `wrangler d1 migrations apply` would on a database that predates it. */
async function applyMigration(name: string) {
  const m = env.TEST_MIGRATIONS.find((x) => x.name.startsWith(name));
  if (!m) throw new Error(`no migration ${name}`);
  for (const q of m.queries) await env.DB.prepare(q).run();
}

// Migration 0009: before e319c7c a dead request could leave a hosted setup 'completing'
// with nothing saved, out of reach of both the return page and the webhook.
describe("migration 0009 rescues setups left 'completing'", () => {
  it("a 'completing' setup without a method goes back to 'pending', and the return page then saves the card once", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    await env.DB.prepare("UPDATE payment_source_setups SET status = 'completing' WHERE id = ?").bind(w.setupId).run();
    const stuck = await w.portal.get(w.returnPath);
    expect(stuck.status).toBe(409);
    expect(await liveSources(w.t, w.cust.id)).toEqual([]);

    await applyMigration("0009_");
    expect(await setupRow(w)).toMatchObject({ status: "pending", paymentSourceId: null });
    const back = await w.portal.get(w.returnPath);
    expect(back.location).toBe("/payment-methods?saved=added");
    expect(await liveSources(w.t, w.cust.id)).toHaveLength(1);
    expect(await eventsOf(w.t, "payment_source.created")).toHaveLength(1);
  });

  it("leaves every other status as it is", async () => {
    const stripe = fakeStripe();
    const w = await setupWaiting(stripe);
    for (const status of ["pending", "completed", "failed"]) {
      await env.DB.prepare("UPDATE payment_source_setups SET status = ? WHERE id = ?").bind(status, w.setupId).run();
      await applyMigration("0009_");
      expect((await setupRow(w)).status).toBe(status);
    }
  });
});
