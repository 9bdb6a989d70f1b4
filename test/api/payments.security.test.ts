import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, payments } from "../../src/db/schema";
import { makeCustomer, makeInvoice } from "../helpers/fixtures";
import { apiTenant, eventsOf } from "./support";

describe("S31: another tenant's payments, customers and invoices are out of reach", () => {
  it("a foreign payment is 404 for retrieve, update and void, and stays as it was", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const bc = await makeCustomer(b.t.scope);
    const binv = await makeInvoice(b.t.scope, bc.id, {}, [{ unitCost: 100_00 }]);
    const theirs = (await b.api.post("/payments", { customer: bc.id, amount: 100, applied_to: [{ type: "invoice", invoice: binv.id, amount: 100 }] })).body;
    for (const res of [
      await a.api.get(`/payments/${theirs.id}`),
      await a.api.patch(`/payments/${theirs.id}`, { notes: "mine now" }),
      await a.api.delete(`/payments/${theirs.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: "invalid_request_error", message: "No such payment" });
    }
    expect((await b.api.get(`/payments/${theirs.id}`)).body).toEqual(theirs);
    expect((await b.t.scope.select(invoices, eq(invoices.id, binv.id)).get())!.balance).toBe(0);
    expect((await a.api.get("/payments")).body).toEqual([]);
  });

  it("a payment cannot name a foreign customer or pay a foreign invoice", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const ac = await makeCustomer(a.t.scope);
    const bc = await makeCustomer(b.t.scope);
    const binv = await makeInvoice(b.t.scope, bc.id, {}, [{ unitCost: 100_00 }]);
    const foreignCustomer = await a.api.post("/payments", { customer: bc.id, amount: 1 });
    expect(foreignCustomer).toMatchObject({ status: 400, body: { param: "customer", message: `No such customer: ${bc.id}` } });
    const foreignInvoice = await a.api.post("/payments", { customer: ac.id, amount: 10, applied_to: [{ type: "invoice", invoice: binv.id, amount: 10 }] });
    expect(foreignInvoice).toMatchObject({ status: 400, body: { param: "applied_to[0].invoice" } });
    expect((await b.t.scope.select(invoices, eq(invoices.id, binv.id)).get())!.balance).toBe(100_00);
    expect(await a.t.scope.select(payments).all()).toEqual([]);
  });
});

describe("S37: concurrent payments never take an invoice below zero", () => {
  it("10 concurrent POSTs of $30 against a $100 invoice: 3 succeed, 7 are 409, balance $10", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.post("/payments", { customer: c.id, amount: 30, applied_to: [{ type: "invoice", invoice: inv.id, amount: 30 }] })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await t.scope.select(invoices, eq(invoices.id, inv.id)).get())!.balance).toBe(10_00);
    expect(await t.scope.select(payments).all()).toHaveLength(3);
  });

  it("10 concurrent full payments: exactly one, the invoice paid once, one invoice.paid event", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.post("/payments", { customer: c.id, amount: 100, applied_to: [{ type: "invoice", invoice: inv.id, amount: 100 }] })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect((await t.scope.select(invoices, eq(invoices.id, inv.id)).get())!).toMatchObject({ balance: 0, paid: true });
    expect(await eventsOf(t, "invoice.paid")).toHaveLength(1);
    expect(await eventsOf(t, "payment.created")).toHaveLength(1);
  });

  it("5 concurrent voids of one payment give the money back once", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const p = (await api.post("/payments", { customer: c.id, amount: 60, applied_to: [{ type: "invoice", invoice: inv.id, amount: 60 }] })).body;
    const results = await Promise.all(Array.from({ length: 5 }, () => api.delete(`/payments/${p.id}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    expect((await t.scope.select(invoices, eq(invoices.id, inv.id)).get())!.balance).toBe(100_00);
    expect(await eventsOf(t, "payment.voided")).toHaveLength(1);
  });
});
