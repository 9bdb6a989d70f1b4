import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { claimAutopayAttempt } from "../../src/db/queries/autopay";
import { claimAttempt, findAttemptById, insertAttempt, lockInvoices } from "../../src/db/queries/payment-attempts";
import { autopayAttempts, invoices, paymentAttempts, payments } from "../../src/db/schema";
import { runTenantAt } from "../../src/services/subscriptions/run";
import { apiTenant, eventsOf } from "../api/support";

/**
 * An AutoPay charge whose worker died after claiming it stays `charging`: a later
 * run takes it over once its 10-minute lease (by the tenant's clock) has run out,
 * with a conditional write and the SAME attempt number and idempotency key, so
 * the gateway answers with the charge the dead run may have made. Never two
 * charges, even when runs overlap.
 */
const T0 = Date.UTC(2027, 8, 1, 12) / 1000;
const MIN = 60;

async function world() {
  const w = await apiTenant();
  expect((await w.api.post("/test_clocks", { frozen_time: T0 })).status).toBe(201);
  const c = (await w.api.post("/customers", { name: "Enrolled", email: "ap@enrolled.example" })).body;
  expect((await w.api.post(`/customers/${c.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_visa", make_default: true })).status).toBe(201);
  expect((await w.api.patch(`/customers/${c.id}`, { autopay: true })).status).toBe(200);
  // no payment terms: due on its date, T0
  const inv = (await w.api.post("/invoices", { customer: c.id, items: [{ name: "Setup", quantity: 1, unit_cost: 120 }] })).body;
  const row = (await w.t.scope.select(invoices, eq(invoices.id, inv.id)).get())!;
  const attempts = () => w.t.scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, inv.id)).orderBy(autopayAttempts.attempt).all();
  const paid = () => w.t.scope.select(payments).all();
  const key = `autopay_${row.publicId}_1`;
  return { ...w, c, inv, row, attempts, paid, key };
}

describe("AutoPay: a claim whose worker died", () => {
  it("right after claiming: untouched within the lease, then taken over once with the same key", async () => {
    const w = await world();
    expect(await claimAutopayAttempt(w.t.scope, w.inv.id, 1, w.key, T0)).toBe(true); // ... and the worker died

    expect(await runTenantAt(env, w.t.tenant.id, T0 + 9 * MIN)).toMatchObject({ charged: 0 });
    expect(await w.paid()).toEqual([]);
    expect((await w.attempts()).map((a) => [a.attempt, a.status])).toEqual([[1, "charging"]]);

    // past the lease, two overlapping runs: one takes it over
    const [a, b] = await Promise.all([runTenantAt(env, w.t.tenant.id, T0 + 11 * MIN), runTenantAt(env, w.t.tenant.id, T0 + 11 * MIN)]);
    expect(a.charged + b.charged).toBe(1);
    expect((await w.paid()).map((p) => p.amount)).toEqual([12000]);
    expect((await w.attempts()).map((x) => [x.attempt, x.status, x.paymentAttemptId])).toEqual([[1, "succeeded", w.key]]);
    expect((await w.api.get(`/invoices/${w.inv.id}`)).body).toMatchObject({ status: "paid", balance: 0 });
    expect(await eventsOf(w.t, "payment.created")).toHaveLength(1);
  });

  it("mid-charge (payment attempt processing, invoice locked): the test clock's advance takes it over with the same idempotency key", async () => {
    const w = await world();
    expect(await claimAutopayAttempt(w.t.scope, w.inv.id, 1, w.key, T0)).toBe(true);
    const source = (await w.api.get(`/customers/${w.c.id}/payment_sources`)).body[0];
    await insertAttempt(w.t.scope, {
      id: w.key,
      customerId: w.c.id,
      clientKey: w.key,
      status: "pending",
      currency: "usd",
      amount: 12000,
      allocations: [{ type: "invoice", invoiceId: w.inv.id, amount: 12000 }],
      paymentSourceId: source.id,
      gateway: "test",
      description: "AutoPay",
      createdAt: T0,
      updatedAt: T0,
    });
    expect(await claimAttempt(w.t.scope, w.key, T0)).toBe(true);
    expect(await lockInvoices(w.t.scope, w.c.id, w.key, [{ invoiceId: w.inv.id, amount: 12000 }], "usd", T0)).toBe(true);
    // ... the gateway call was in flight when the worker died

    const res = await w.api.post("/test_clocks/advance", { frozen_time: T0 + 30 * MIN });
    expect(res.status).toBe(200);
    expect(res.body.run.charged).toBe(1);
    const [payment] = await w.paid();
    expect(payment!.amount).toBe(12000);
    const attempt = (await findAttemptById(w.t.scope, w.key))!;
    expect(attempt.status).toBe("succeeded");
    // the test gateway derives the charge id from the idempotency key: the same key, the same charge
    expect(await w.t.scope.select(paymentAttempts, eq(paymentAttempts.customerId, w.c.id)).all()).toHaveLength(1);
    expect((await w.attempts()).map((x) => [x.attempt, x.status])).toEqual([[1, "succeeded"]]);
    // the lease was taken over when it ran out (10 minutes after the claim), not at the end of the advance
    expect((await w.attempts())[0]!.updatedAt).toBe(T0 + 10 * MIN);
  });
});
