import { describe, expect, it } from "vitest";
import { makeCustomer, makeEstimate, makeInvoice } from "../helpers/fixtures";
import { apiTenant } from "./support";

// Issue 14: payment events carry the payment as GET /payments/{id} returns it.

type Api = Awaited<ReturnType<typeof apiTenant>>["api"];

async function lastEvent(api: Api, type: string) {
  const res = await api.get(`/events?filter[type]=${type}&per_page=1`);
  expect(res.body).toHaveLength(1);
  return res.body[0] as { data: { object: Record<string, unknown>; previous?: Record<string, unknown> } };
}

describe("payment events carry the payment as the API returns it", () => {
  it("payment.created, payment.updated (with previous) and payment.voided", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const est = await makeEstimate(t.scope, c.id, { deposit: 10_00 });
    const { body: p } = await api.post("/payments", {
      customer: c.id,
      amount: 130,
      reference: "old",
      applied_to: [
        { type: "invoice", invoice: inv.id, amount: 100 },
        { type: "estimate", estimate: est.id, amount: 10 },
      ],
    });
    const created = await lastEvent(api, "payment.created");
    expect(created.data.object).toEqual((await api.get(`/payments/${p.id}`)).body);
    expect(created.data.object).toMatchObject({ id: p.id, balance: 20 });

    await api.patch(`/payments/${p.id}`, { reference: "WIRE-77", metadata: { bank: "x" } });
    const updated = await lastEvent(api, "payment.updated");
    expect(updated.data.object).toEqual((await api.get(`/payments/${p.id}`)).body);
    expect(updated.data.previous).toEqual({ reference: "old", metadata: {} });

    expect((await api.delete(`/payments/${p.id}`)).status).toBe(200);
    const voided = await lastEvent(api, "payment.voided");
    expect(voided.data.object).toEqual((await api.get(`/payments/${p.id}`)).body);
    expect(voided.data.previous).toEqual({ status: "succeeded", voided: false });
  });

  it("invoice.paid carries the invoice as the API returns it once paid off", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 60_00 }, { unitCost: 40_00 }]);
    await api.post("/payments", { customer: c.id, amount: 100, applied_to: [{ type: "invoice", invoice: inv.id, amount: 100 }] });
    const paid = await lastEvent(api, "invoice.paid");
    expect(paid.data.object).toEqual((await api.get(`/invoices/${inv.id}`)).body);
    expect(paid.data.object).toMatchObject({ id: inv.id, status: "paid", paid: true, balance: 0, amount_paid: 100 });
  });
});
