import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { subscriptions } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { runTenantAt } from "../../src/services/subscriptions/run";
import { eventsOf } from "../api/support";
import { invoicesOf, ledgerOf, linesOfInvoice, type SubTenant, subscriptionTenant } from "./support";

/**
 * The renewal run over a test clock. Dates are fixed (2027), so anchors and
 * period bounds are known exactly; the clock is the tenant's, never the machine's.
 */
const JAN_31 = Date.UTC(2027, 0, 31, 9) / 1000;
const at = (y: number, m: number, d: number, h = 9) => Date.UTC(y, m - 1, d, h) / 1000;

async function clockedTenant(overrides: Parameters<typeof subscriptionTenant>[0] = {}) {
  const w = await subscriptionTenant(overrides);
  expect((await w.api.post("/test_clocks", { frozen_time: JAN_31 })).status).toBe(201);
  return w;
}

async function subscribe(w: SubTenant, body: Record<string, unknown> = {}) {
  const res = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const advance = (w: SubTenant, to: number) => w.api.post("/test_clocks/advance", { frozen_time: to });

describe("renewal run", () => {
  it("bills each period from the anchor (Jan 31 -> Feb 28 -> Mar 31 -> Apr 30), one invoice per period", async () => {
    const w = await clockedTenant();
    const sub = await subscribe(w);
    expect(sub).toMatchObject({ start_date: JAN_31, period_start: JAN_31, period_end: at(2027, 2, 28), renews_next: at(2027, 2, 28) });
    const res = await advance(w, at(2027, 4, 30, 12));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.run.renewed).toBe(3);
    const ledger = (await ledgerOf(w, sub.id)).map((r) => [r.periodStart, r.periodEnd]);
    expect(ledger).toEqual([
      [JAN_31, at(2027, 2, 28)],
      [at(2027, 2, 28), at(2027, 3, 31)],
      [at(2027, 3, 31), at(2027, 4, 30)],
      [at(2027, 4, 30), at(2027, 5, 31)],
    ]);
    const invs = await invoicesOf(w);
    expect(invs).toHaveLength(4);
    // each renewal invoice is dated when its period began (the clock stepped through them)
    expect(invs.map((i) => i.date).sort()).toEqual(ledger.map(([s]) => s));
    const after = (await w.api.get(`/subscriptions/${sub.id}`)).body;
    expect(after).toMatchObject({ period_start: at(2027, 4, 30), period_end: at(2027, 5, 31), renews_next: at(2027, 5, 31) });
    expect((await eventsOf(w.t, "subscription.renewed")).length).toBe(4);
  });

  it("two concurrent runs bill each period once", async () => {
    const w = await clockedTenant();
    const subs = [await subscribe(w), await subscribe(w, { plan: "pro" }), await subscribe(w, { quantity: 3 })];
    const t = at(2027, 3, 1);
    await Promise.all([runTenantAt(env, w.t.tenant.id, t), runTenantAt(env, w.t.tenant.id, t), runTenantAt(env, w.t.tenant.id, t)]);
    for (const s of subs) expect((await ledgerOf(w, s.id)).length).toBe(2);
    expect((await invoicesOf(w)).length).toBe(6);
  });

  it("a run killed after its batch: a re-run, even from the row as it was before, makes no second invoice", async () => {
    const w = await clockedTenant();
    const sub = await subscribe(w);
    const before = (await w.t.scope.select(subscriptions, eq(subscriptions.id, sub.id)).get())!;
    const t = at(2027, 3, 1);
    await runTenantAt(env, w.t.tenant.id, t); // its batch committed; the worker "dies" before acknowledging
    const billed = await invoicesOf(w);
    // the redelivered message may work from a read taken before that batch: put the row back as it was
    await w.t.scope.update(
      subscriptions,
      { periodsBilled: before.periodsBilled, renewsNext: before.renewsNext, version: before.version + 100 },
      eq(subscriptions.id, sub.id),
    );
    await runTenantAt(env, w.t.tenant.id, t);
    expect((await invoicesOf(w)).length).toBe(billed.length);
    expect((await ledgerOf(w, sub.id)).length).toBe(2);
  });

  it("a renewal concurrent with a plan change: exactly one invoice per period, priced at one plan", async () => {
    const w = await clockedTenant();
    const sub = await subscribe(w);
    await w.api.post("/test_clocks", { frozen_time: at(2027, 2, 28, 9) }); // the moment period 1 is due
    const [change] = await Promise.all([w.api.patch(`/subscriptions/${sub.id}`, { plan: "pro" }), runTenantAt(env, w.t.tenant.id, at(2027, 2, 28, 9))]);
    expect([200, 409]).toContain(change.status);
    const ledger = await ledgerOf(w, sub.id);
    expect(ledger.map((r) => r.periodStart)).toEqual([JAN_31, at(2027, 2, 28)]);
    const renewalInvoices = (await invoicesOf(w)).filter((i) => ledger.some((r) => r.invoiceId === i.id));
    expect(renewalInvoices).toHaveLength(2);
    const after = (await w.api.get(`/subscriptions/${sub.id}`)).body;
    // whichever won, period 1's invoice bills the plan the subscription has for it
    const [period1] = renewalInvoices.filter((i) => i.id === ledger[1]!.invoiceId);
    const lines = await linesOfInvoice(w, period1!.id);
    const billedPlan = lines.find((l) => !l.prorated)!.metadata.plan;
    if (change.status === 409) expect(after.plan).toBe("basic");
    expect([after.plan, "basic"]).toContain(billedPlan);
  });

  it("catches up missed periods in order, at most 12 per visit", async () => {
    const w = await clockedTenant();
    const sub = await subscribe(w, { plan: "basic" });
    await w.api.post("/test_clocks", { frozen_time: JAN_31 }); // keep the clock: run directly far ahead
    const counts = await runTenantAt(env, w.t.tenant.id, at(2029, 6, 1));
    expect(counts.renewed).toBe(12);
    const starts = (await ledgerOf(w, sub.id)).map((r) => r.periodStart);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
    const next = await runTenantAt(env, w.t.tenant.id, at(2029, 6, 1));
    expect(next.renewed).toBe(12);
  });

  it("pending line items are swept into the next invoice once", async () => {
    const w = await clockedTenant();
    const sub = await subscribe(w);
    const item = await w.api.post(`/customers/${w.customer.id}/line_items`, { name: "Setup", unit_cost: 12.5, quantity: 2 });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    await Promise.all([runTenantAt(env, w.t.tenant.id, at(2027, 3, 1)), runTenantAt(env, w.t.tenant.id, at(2027, 3, 1))]);
    const invs = await invoicesOf(w);
    const withSetup = [];
    for (const i of invs) if ((await linesOfInvoice(w, i.id)).some((l) => l.name === "Setup")) withSetup.push(i);
    expect(withSetup).toHaveLength(1);
    expect(withSetup[0]!.total).toBe(3000 + 2500);
    expect((await w.api.get(`/customers/${w.customer.id}/line_items`)).body).toEqual([]);
    void sub;
    void DAY;
  });
});
