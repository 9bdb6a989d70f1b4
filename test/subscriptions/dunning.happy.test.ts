import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { autopayAttempts, devOutbox, invoices, payments } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { apiTenant } from "../api/support";

/** Dunning over a test clock: a declining card retried after 3, 5 and 7 days, then past due or canceled. */
const T0 = Date.UTC(2027, 6, 1, 8) / 1000;

async function declining(settings: Record<string, unknown> = {}) {
  const w = await apiTenant();
  if (Object.keys(settings).length) expect((await w.api.patch("/settings", settings)).status).toBe(200);
  await w.api.post("/test_clocks", { frozen_time: T0 });
  await w.api.post("/plans", { id: "basic", name: "Basic", amount: 30, interval: "month" });
  const c = (await w.api.post("/customers", { name: "Declined Ltd", email: "ap@declined.example" })).body;
  await w.api.post(`/customers/${c.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_chargeDeclined", make_default: true });
  await w.api.patch(`/customers/${c.id}`, { autopay: true });
  const sub = (await w.api.post("/subscriptions", { customer: c.id, plan: "basic" })).body;
  const [invoice] = await w.t.scope.select(invoices).orderBy(desc(invoices.id)).all();
  const attempts = () => w.t.scope.select(autopayAttempts, eq(autopayAttempts.invoiceId, invoice!.id)).orderBy(autopayAttempts.attempt).all();
  const mails = () => w.t.scope.db.select().from(devOutbox).where(eq(devOutbox.tenantId, w.t.tenant.id)).all();
  const advance = (t: number) => w.api.post("/test_clocks/advance", { frozen_time: t });
  const status = async () => (await w.api.get(`/subscriptions/${sub.id}`)).body.status;
  return { ...w, c, sub, invoice: invoice!, attempts, mails, advance, status };
}

describe("dunning", () => {
  it("retries at +3, +5 and +7 days with a mail each time, then past_due; a new card and a successful charge make it active", async () => {
    const w = await declining();
    await w.advance(T0 + 60);
    await w.advance(T0 + 10 * DAY); // the clock stops at every retry on the way
    const tries = await w.attempts();
    expect(tries.map((a) => a.status)).toEqual(["failed", "failed", "failed", "failed"]);
    const first = tries[0]!.createdAt;
    expect(tries.map((a) => a.createdAt - first)).toEqual([0, 3 * DAY, 5 * DAY, 7 * DAY]);
    expect(tries.at(-1)!.nextAttemptAt).toBeNull();
    expect(await w.status()).toBe("past_due");
    const mails = await w.mails();
    expect(mails).toHaveLength(4);
    expect(mails[0]!.text).toContain(`http://${w.t.tenant.username}.localhost:8787/payment-methods`);
    expect(mails.at(-1)!.text).toMatch(/will not retry/);

    await w.api.post(`/customers/${w.c.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_visa", make_default: true });
    const paid = await w.api.post(`/invoices/${w.invoice.id}/pay`);
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(await w.status()).toBe("active");
    expect(await w.t.scope.select(payments).all()).toHaveLength(1);
  });

  it("a card updated before the retries run out: the next retry succeeds and nothing more is tried", async () => {
    const w = await declining();
    await w.advance(T0 + 60);
    await w.advance(T0 + 4 * DAY);
    expect((await w.attempts()).length).toBe(2);
    await w.api.post(`/customers/${w.c.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_visa", make_default: true });
    await w.advance(T0 + 20 * DAY);
    expect((await w.attempts()).map((a) => a.status)).toEqual(["failed", "failed", "succeeded"]);
    expect(await w.status()).toBe("active");
  });

  it("with dunning_final_action cancel, exhausted retries cancel the subscription for nonpayment", async () => {
    const w = await declining({ dunning_final_action: "cancel", dunning_retry_days: [2] });
    await w.advance(T0 + 60);
    await w.advance(T0 + 5 * DAY);
    expect((await w.attempts()).length).toBe(2);
    const sub = (await w.api.get(`/subscriptions/${w.sub.id}`)).body;
    expect(sub).toMatchObject({ status: "canceled", canceled_reason: "nonpayment" });
  });
});
