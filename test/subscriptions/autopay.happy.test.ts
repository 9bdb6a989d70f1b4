import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { autopayAttempts, payments } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { runTenantAt } from "../../src/services/subscriptions/run";
import { apiTenant, eventsOf } from "../api/support";

/** AutoPay over a test clock: every due invoice of an enrolled customer is charged once, on its due date. */
const T0 = Date.UTC(2027, 4, 3, 10) / 1000;

async function world() {
  const w = await apiTenant();
  expect((await w.api.post("/test_clocks", { frozen_time: T0 })).status).toBe(201);
  const customer = async (autopay: boolean, token = "tok_visa") => {
    const c = (await w.api.post("/customers", { name: autopay ? "Enrolled" : "Manual", email: `${autopay}@acme.example`, payment_terms: "NET 30" })).body;
    const card = await w.api.post(`/customers/${c.id}/payment_sources`, { method: "credit_card", invoiced_token: token, make_default: true });
    expect(card.status, JSON.stringify(card.body)).toBe(201);
    if (autopay) expect((await w.api.patch(`/customers/${c.id}`, { autopay: true })).status).toBe(200);
    return c;
  };
  const invoice = async (customerId: number) => {
    const res = await w.api.post("/invoices", { customer: customerId, items: [{ name: "Consulting", quantity: 2, unit_cost: 150 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const paymentsOf = () => w.t.scope.select(payments).all();
  return { ...w, customer, invoice, paymentsOf };
}

describe("AutoPay", () => {
  it("an API-created invoice of an enrolled customer is charged once on its due date, even when runs overlap", async () => {
    const w = await world();
    const enrolled = await w.customer(true);
    const inv = await w.invoice(enrolled.id);
    expect(inv.due_date).toBe(T0 + 30 * DAY);

    const early = await w.api.post("/test_clocks/advance", { frozen_time: T0 + 29 * DAY });
    expect(early.body.run.charged).toBe(0);
    expect(await w.paymentsOf()).toEqual([]);

    const due = T0 + 30 * DAY;
    await Promise.all([runTenantAt(env, w.t.tenant.id, due), runTenantAt(env, w.t.tenant.id, due), runTenantAt(env, w.t.tenant.id, due)]);
    await w.api.post("/test_clocks/advance", { frozen_time: due + 2 * DAY });
    const paid = await w.paymentsOf();
    expect(paid).toHaveLength(1);
    expect(paid[0]!.amount).toBe(30000);
    expect((await w.api.get(`/invoices/${inv.id}`)).body).toMatchObject({ status: "paid", balance: 0 });
    expect(await eventsOf(w.t, "payment.created")).toHaveLength(1);
    const attempts = await w.t.scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, inv.id)).all();
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, "succeeded"]]);
  });

  it("a customer who is not enrolled is never charged, even with a saved card and an overdue invoice", async () => {
    const w = await world();
    const manual = await w.customer(false);
    const inv = await w.invoice(manual.id);
    const res = await w.api.post("/test_clocks/advance", { frozen_time: T0 + 90 * DAY });
    expect(res.body.run.charged).toBe(0);
    expect(await w.paymentsOf()).toEqual([]);
    expect((await w.api.get(`/invoices/${inv.id}`)).body.balance).toBe(300);
  });

  it("POST /invoices/{id}/pay charges now through the same path; a second pay is refused", async () => {
    const w = await world();
    const manual = await w.customer(false);
    const inv = await w.invoice(manual.id);
    const [a, b] = await Promise.all([w.api.post(`/invoices/${inv.id}/pay`), w.api.post(`/invoices/${inv.id}/pay`)]);
    // one charges; the other finds it paid (400), in progress (409) or replays nothing twice
    expect([a.status, b.status]).toContain(200);
    for (const s of [a.status, b.status]) expect([200, 400, 409]).toContain(s);
    expect(await w.paymentsOf()).toHaveLength(1);
    const again = await w.api.post(`/invoices/${inv.id}/pay`);
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already been paid/);
    expect((await w.api.get(`/invoices/${inv.id}`)).body.status).toBe("paid");
  });

  it("a declined invoice.pay of a customer not enrolled is a 400, tried once: no retry is scheduled", async () => {
    const w = await world();
    const manual = await w.customer(false, "tok_chargeDeclined");
    const inv = await w.invoice(manual.id);
    const res = await w.api.post(`/invoices/${inv.id}/pay`);
    expect(res.status).toBe(400);
    expect(res.body.param).toBe("payment_source");
    const attempts = await w.t.scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, inv.id)).all();
    expect(attempts.map((a) => [a.status, a.nextAttemptAt])).toEqual([["failed", null]]);
    await w.api.post("/test_clocks/advance", { frozen_time: T0 + 60 * DAY });
    expect(await w.t.scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, inv.id)).all()).toHaveLength(1);
  });
});
