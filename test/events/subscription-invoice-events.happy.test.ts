import { describe, expect, it } from "vitest";
import { type SubTenant, subscriptionTenant } from "../subscriptions/support";

// Issue 14: the invoice.created of a subscription (its first period, a change billed
// now, a renewal run by the clock) carries the invoice as GET /invoices/{id} shows it.

const at = (y: number, m: number, d: number, h = 9) => Date.UTC(y, m - 1, d, h) / 1000;

type Event = { id: number; data: { object: Record<string, unknown> & { id: number } } };

async function invoiceEvents(w: SubTenant): Promise<Event[]> {
  const res = await w.api.get("/events?filter[type]=invoice.created&sort=id&per_page=100");
  expect(res.status).toBe(200);
  return res.body;
}

async function expectSameAsRetrieve(w: SubTenant, e: Event) {
  const { body: invoice } = await w.api.get(`/invoices/${e.data.object.id}`);
  expect(e.data.object).toEqual(invoice);
  // the webhook body is the same JSON as GET /events/{id}
  expect((await w.api.get(`/events/${e.id}`)).body.data.object).toEqual(invoice);
}

describe("invoice.created of subscriptions carries the API's invoice", () => {
  it("first period, an upgrade billed now, and a renewal by the clock", async () => {
    const w = await subscriptionTenant();
    expect((await w.api.post("/test_clocks", { frozen_time: at(2027, 1, 10) })).status).toBe(201);
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", quantity: 2, taxes: ["vat"] })).body;
    const [first] = await invoiceEvents(w);
    expect(first!.data.object).toMatchObject({ object: "invoice", customer: w.customer.id, total: 72, currency: "usd" });
    expect((first!.data.object.items as unknown[]).length).toBeGreaterThan(0);
    await expectSameAsRetrieve(w, first!);

    const change = await w.api.patch(`/subscriptions/${sub.id}`, { plan: "pro", prorate: true });
    expect(change.status, JSON.stringify(change.body)).toBe(200);
    const afterChange = await invoiceEvents(w);
    expect(afterChange).toHaveLength(2);
    await expectSameAsRetrieve(w, afterChange[1]!);

    // the clock moves exactly to the renewal: "now" is the renewal's moment for both reads
    expect((await w.api.post("/test_clocks/advance", { frozen_time: at(2027, 2, 10) })).status).toBe(200);
    const all = await invoiceEvents(w);
    expect(all).toHaveLength(3);
    expect(all[2]!.data.object).toMatchObject({ total: 144, metadata: { subscription: String(sub.id) } });
    await expectSameAsRetrieve(w, all[2]!);
  });
});

describe("subscription events carry the API's subscription", () => {
  async function last(w: SubTenant, type: string) {
    const res = await w.api.get(`/events?filter[type]=${type}&per_page=1`);
    expect(res.body, type).toHaveLength(1);
    return res.body[0] as { data: { object: Record<string, unknown>; previous?: Record<string, unknown> } };
  }

  it("created, renewed, updated (with previous) and deleted", async () => {
    const w = await subscriptionTenant();
    expect((await w.api.post("/test_clocks", { frozen_time: at(2027, 1, 10) })).status).toBe(201);
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" })).body;
    const got = async () => (await w.api.get(`/subscriptions/${sub.id}`)).body;

    // created: as inserted, before its first invoice moved the period on
    const created = await last(w, "subscription.created");
    const now = await got();
    expect(created.data.object).toEqual({ ...now, ...created.data.object, id: sub.id, url: now.url });
    expect(created.data.object.url).toBe(now.url);
    expect(created.data.object).toMatchObject({ object: "subscription", plan: "basic", customer: w.customer.id });
    // renewed (the first period, billed at creation): what GET shows now
    expect((await last(w, "subscription.renewed")).data.object).toEqual(now);

    expect((await w.api.patch(`/subscriptions/${sub.id}`, { quantity: 3, metadata: { seats: "3" } })).status).toBe(200);
    const updated = await last(w, "subscription.updated");
    expect(updated.data.object).toEqual(await got());
    expect(updated.data.previous).toMatchObject({ quantity: 1, metadata: {} });

    expect((await w.api.delete(`/subscriptions/${sub.id}`)).status).toBe(200);
    const deleted = await last(w, "subscription.deleted");
    expect(deleted.data.object).toEqual(await got());
    expect(deleted.data.previous).toMatchObject({ status: "active" });
  });
});
