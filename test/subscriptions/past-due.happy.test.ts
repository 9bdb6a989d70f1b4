import { describe, expect, it } from "vitest";
import { DAY } from "../../src/lib/time";
import { eventsOf } from "../api/support";
import { invoicesOf, subscriptionTenant } from "./support";

/**
 * `past_due` as Invoiced means it: a subscription whose invoice is unpaid after
 * its due date, whoever pays (or not) and whether or not AutoPay is on. Set by
 * the run (the test clock's advance runs it), back to `active` once nothing of it
 * is overdue, however the invoice was paid.
 */
const FEB_1 = Date.UTC(2027, 1, 1, 9) / 1000;

async function world() {
  const w = await subscriptionTenant();
  expect((await w.api.post("/test_clocks", { frozen_time: FEB_1 })).status).toBe(201);
  expect((await w.api.patch(`/customers/${w.customer.id}`, { payment_terms: "NET 30" })).status).toBe(200);
  const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" })).body;
  const advance = async (t: number) => expect((await w.api.post("/test_clocks/advance", { frozen_time: t })).status).toBe(200);
  const status = async () => (await w.api.get(`/subscriptions/${sub.id}`)).body.status;
  return { ...w, sub, advance, status };
}

describe("past_due", () => {
  it("an unpaid renewal invoice past its due date makes the subscription past_due (no AutoPay, no dunning); a payment makes it active", async () => {
    const w = await world();
    const [first] = await invoicesOf(w);
    expect(first!.dueDate).toBe(FEB_1 + 30 * DAY);

    await w.advance(FEB_1 + 30 * DAY - 60); // a renewal on Mar 1 in between; nothing overdue yet
    expect(await w.status()).toBe("active");
    await w.advance(FEB_1 + 31 * DAY);
    expect(await w.status()).toBe("past_due");
    expect((await w.api.get("/subscriptions?filter[status]=past_due")).body.map((s: { id: number }) => s.id)).toEqual([w.sub.id]);
    const marked = (await eventsOf(w.t, "subscription.updated"))[0]!;
    expect(marked.data).toMatchObject({ previous: { status: "active" } });

    // paid by a payment recorded through the API (not AutoPay): the next run makes it active again
    const pay = await w.api.post("/payments", { customer: w.customer.id, amount: 30, applied_to: [{ type: "invoice", invoice: first!.id, amount: 30 }] });
    expect(pay.status, JSON.stringify(pay.body)).toBe(201);
    await w.advance(FEB_1 + 31 * DAY + 900);
    expect(await w.status()).toBe("active");
    expect((await w.api.get("/subscriptions?filter[status]=past_due")).body).toEqual([]);
  });

  it("stays past_due while any of its invoices is overdue, and a run at the same instant changes nothing twice", async () => {
    const w = await world();
    await w.advance(FEB_1 + 70 * DAY); // Feb and Mar invoices overdue, Apr's not yet
    expect(await w.status()).toBe("past_due");
    const events = (await eventsOf(w.t, "subscription.updated")).length;
    await w.advance(FEB_1 + 70 * DAY);
    expect((await eventsOf(w.t, "subscription.updated")).length).toBe(events);

    const overdue = (await invoicesOf(w)).filter((i) => i.dueDate! < FEB_1 + 70 * DAY);
    expect(overdue).toHaveLength(2);
    await w.api.post("/payments", { customer: w.customer.id, amount: 30, applied_to: [{ type: "invoice", invoice: overdue[0]!.id, amount: 30 }] });
    await w.advance(FEB_1 + 70 * DAY + 60);
    expect(await w.status()).toBe("past_due"); // the other one is still overdue
    await w.api.post("/payments", { customer: w.customer.id, amount: 30, applied_to: [{ type: "invoice", invoice: overdue[1]!.id, amount: 30 }] });
    await w.advance(FEB_1 + 70 * DAY + 120);
    expect(await w.status()).toBe("active");
  });
});
