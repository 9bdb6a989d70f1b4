import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pendingLineItems } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { invoicesOf, ledgerOf, linesOfInvoice, type SubTenant, subscriptionTenant } from "./support";

/**
 * Plan changes through the API over a test clock, in February 2027 (28 days, so
 * quarters of 7 days give exact cents): successive changes in one period, a
 * change to another interval, and a prorated cancel.
 */
const FEB_1 = Date.UTC(2027, 1, 1) / 1000;
const MAR_1 = Date.UTC(2027, 2, 1) / 1000;

async function subscribed(settings: Record<string, unknown> = {}, plan = "basic") {
  const w = await subscriptionTenant();
  if (Object.keys(settings).length) expect((await w.api.patch("/settings", settings)).status).toBe(200);
  expect((await w.api.post("/test_clocks", { frozen_time: FEB_1 })).status).toBe(201);
  // terms, so that the unpaid invoices are not past due (and the subscription with them) within the month
  expect((await w.api.patch(`/customers/${w.customer.id}`, { payment_terms: "NET 60" })).status).toBe(200);
  const res = await w.api.post("/subscriptions", { customer: w.customer.id, plan });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...w, sub: res.body };
}

const advance = async (w: SubTenant, to: number) => expect((await w.api.post("/test_clocks/advance", { frozen_time: to })).status).toBe(200);

async function change(w: SubTenant & { sub: { id: number } }, at: number, body: Record<string, unknown>) {
  await advance(w, at);
  const res = await w.api.patch(`/subscriptions/${w.sub.id}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const pendingOf = (w: SubTenant) => w.t.scope.select(pendingLineItems, eq(pendingLineItems.customerId, w.customer.id)).orderBy(pendingLineItems.id).all();
const totals = async (w: SubTenant) => (await invoicesOf(w)).map((i) => i.total).reverse();

describe("successive changes in one period", () => {
  it("up, down (now), up: the net credit's lines carry the subscription and period and are credited once, never the renewal's again", async () => {
    const w = await subscribed({ subscription_downgrades: "now" });
    await change(w, FEB_1 + 7 * DAY, { plan: "pro" }); // -22.50 + 45.00
    await change(w, FEB_1 + 14 * DAY, { plan: "basic" }); // -30.00 + 15.00: a net credit, pending
    const pending = await pendingOf(w);
    expect(pending.map((p) => [p.unitCost, p.subscriptionId, p.periodStart, p.periodEnd, p.prorated])).toEqual([
      [-3000, w.sub.id, FEB_1 + 14 * DAY, MAR_1, true],
      [1500, w.sub.id, FEB_1 + 14 * DAY, MAR_1, true],
    ]);
    // they are part of the period's history: not edited or deleted by hand
    const path = `/customers/${w.customer.id}/line_items/${pending[0]!.id}`;
    expect((await w.api.patch(path, { unit_cost: -1 })).status).toBe(400);
    expect((await w.api.delete(path)).status).toBe(400);
    await change(w, FEB_1 + 21 * DAY, { plan: "pro" }); // credits the pending Basic charge: -7.50 + 15.00
    expect(await totals(w)).toEqual([3000, 2250, 750]);
    // February billed 30 x 1/4 + 60 x 1/4 + 30 x 1/4 + 60 x 1/4 = 45.00: invoices 60.00 less the waiting 15.00
    const waiting = (await pendingOf(w)).filter((p) => p.invoiceId === null).reduce((s, p) => s + p.unitCost, 0);
    expect((await totals(w)).reduce((a, b) => a + b, 0) + waiting).toBe(4500);

    await advance(w, MAR_1 + 3600);
    const [renewal] = await invoicesOf(w);
    expect(renewal!.total).toBe(6000 - 1500); // March's Pro in full, less the credit, swept once
    expect((await linesOfInvoice(w, renewal!.id)).map((l) => l.amount).sort((a, b) => a - b)).toEqual([-3000, 1500, 6000]);
    expect((await pendingOf(w)).every((p) => p.invoiceId === renewal!.id)).toBe(true);
  });

  it("down then down again (now): the second credits the first one's charge, not the renewal's lines", async () => {
    const w = await subscribed({ subscription_downgrades: "now" }, "pro");
    await change(w, FEB_1 + 7 * DAY, { plan: "basic" }); // -45.00 + 22.50
    await change(w, FEB_1 + 14 * DAY, { quantity: 1, plan: "seat" }); // -15.00 (Basic's half) + 2.50
    const lines = (await pendingOf(w)).map((p) => p.unitCost);
    expect(lines).toEqual([-4500, 2250, -1500, 250]);
    // 60 x 1/4 + 30 x 1/4 + 5 x 1/2 = 25.00 billed for February
    expect(6000 + lines.reduce((a, b) => a + b, 0)).toBe(2500);
  });
});

describe("change to a plan on another interval", () => {
  it("monthly -> yearly ends the period now with a credit, starts a new anchor now and invoices at once", async () => {
    const w = await subscribed();
    const t = FEB_1 + 14 * DAY;
    const after = await change(w, t, { plan: "yearly" });
    const nextYear = Date.UTC(2028, 1, 15) / 1000;
    expect(after).toMatchObject({ plan: "yearly", period_start: t, period_end: nextYear, renews_next: nextYear, status: "active" });
    const [inv] = await invoicesOf(w);
    expect(inv!.total).toBe(30000 - 1500); // 300.00 for the year, less the unused half of February's 30.00
    const lines = await linesOfInvoice(w, inv!.id);
    expect(lines.map((l) => [l.amount, l.periodStart, l.periodEnd, l.prorated])).toEqual([
      [30000, t, nextYear, false],
      [-1500, t, MAR_1, true],
    ]);
    expect((await ledgerOf(w, w.sub.id)).map((r) => r.periodStart)).toEqual([FEB_1, t]);
    // the yearly line is what a new yearly subscription's preview at that instant shows, to the cent
    const preview = (await w.api.post("/subscriptions/preview", { customer: w.customer.id, plan: "yearly" })).body.first_invoice;
    expect(preview.items.map((i: { amount: number; name: string }) => [i.amount * 100, i.name])).toEqual([[lines[0]!.amount, lines[0]!.name]]);
    expect(preview.total * 100 + lines[1]!.amount).toBe(inv!.total);

    // nothing more until the new anchor's next period; then one yearly renewal
    await advance(w, Date.UTC(2028, 1, 14) / 1000);
    expect(await totals(w)).toEqual([3000, 28500]);
    await advance(w, nextYear + 60);
    expect(await totals(w)).toEqual([3000, 28500, 30000]);
  });

  it("yearly -> monthly: a credit larger than the new period is not a negative invoice; it waits as pending lines", async () => {
    const w = await subscribed({}, "yearly");
    const t = FEB_1 + 73 * DAY; // 73 of 365 days used: 240.00 unused
    await change(w, t, { plan: "basic" });
    const [inv] = await invoicesOf(w);
    expect(inv!.total).toBe(3000);
    const pending = await pendingOf(w);
    expect(pending.map((p) => [p.unitCost, p.subscriptionId, p.periodStart, p.prorated])).toEqual([[-24000, w.sub.id, t, true]]);
    const sub = (await w.api.get(`/subscriptions/${w.sub.id}`)).body;
    expect(sub).toMatchObject({ plan: "basic", period_start: t, renews_next: sub.period_end });
  });
});

describe("cancel now", () => {
  it("by default does not prorate (Invoiced's rule); prorate: true credits the unused time as pending credit lines", async () => {
    const plain = await subscribed();
    await advance(plain, FEB_1 + 21 * DAY);
    expect((await plain.api.delete(`/subscriptions/${plain.sub.id}`)).status).toBe(200);
    expect(await pendingOf(plain)).toEqual([]);

    const w = await subscribed();
    await advance(w, FEB_1 + 21 * DAY);
    const res = await w.api.call("DELETE", `/subscriptions/${w.sub.id}`, { prorate: true, canceled_reason: "too_expensive" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: "canceled", canceled_reason: "too_expensive" });
    const pending = await pendingOf(w);
    expect(pending.map((p) => [p.unitCost, p.subscriptionId, p.periodStart, p.periodEnd, p.prorated])).toEqual([
      [-750, w.sub.id, FEB_1 + 21 * DAY, MAR_1, true],
    ]);
    expect((await w.api.call("DELETE", `/subscriptions/${w.sub.id}`, { prorate: true })).status).toBe(400);
    expect(await pendingOf(w)).toHaveLength(1);
  });

  it("a prorated cancel after a net-credit change credits only what is still in effect", async () => {
    const w = await subscribed({ subscription_downgrades: "now" }, "pro");
    await change(w, FEB_1 + 7 * DAY, { plan: "basic" }); // -45.00 + 22.50
    await advance(w, FEB_1 + 21 * DAY);
    expect((await w.api.call("DELETE", `/subscriptions/${w.sub.id}`, { prorate: true })).status).toBe(200);
    const lines = (await pendingOf(w)).map((p) => p.unitCost);
    expect(lines).toEqual([-4500, 2250, -750]); // the cancel credits Basic's last quarter, not Pro's
    expect(6000 + lines.reduce((a, b) => a + b, 0)).toBe(1500 + 2250 - 750); // 60 x 1/4 + 30 x 1/2
  });
});
