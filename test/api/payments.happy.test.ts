import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { estimates, invoices, payments } from "../../src/db/schema";
import { makeCustomer, makeEstimate, makeInvoice } from "../helpers/fixtures";
import { type ApiTenant, apiTenant, eventsOf } from "./support";

const invoiceRow = async (t: ApiTenant["t"], id: number) => (await t.scope.select(invoices, eq(invoices.id, id)).get())!;

describe("payments: record an offline payment and apply it", () => {
  it("applies to invoices, an estimate deposit and credit; answers Invoiced's payment object", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const a = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const b = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 80_00 }]);
    const est = await makeEstimate(t.scope, c.id, { deposit: 25_00 });
    const res = await api.post("/payments", {
      customer: c.id,
      amount: 250,
      date: 1_790_000_000,
      method: "check",
      reference: "CHK-1001",
      notes: "Posted by accounts",
      metadata: { batch: "7" },
      applied_to: [
        { type: "invoice", invoice: a.id, amount: 100 },
        { type: "invoice", invoice: b.id, amount: 30.5 },
        { type: "estimate", estimate: est.id, amount: 25 },
        { type: "credit", amount: 50 },
      ],
    });
    expect(res.status).toBe(201);
    const p = res.body;
    expect(p).toMatchObject({
      object: "payment",
      customer: c.id,
      date: 1_790_000_000,
      currency: "usd",
      amount: 250,
      balance: 44.5,
      method: "check",
      reference: "CHK-1001",
      source: "api",
      status: "succeeded",
      voided: false,
      notes: "Posted by accounts",
      metadata: { batch: "7" },
      applied_to: [
        { type: "invoice", invoice: a.id, amount: 100 },
        { type: "invoice", invoice: b.id, amount: 30.5 },
        { type: "estimate", estimate: est.id, amount: 25 },
        { type: "credit", amount: 50 },
      ],
    });
    const row = (await t.scope.select(payments, eq(payments.id, p.id)).get())!;
    expect(p.pdf_url).toBe(`${t.origin}/payments/${row.publicId}/pdf`);

    expect(await invoiceRow(t, a.id)).toMatchObject({ balance: 0, paid: true, status: "paid" });
    expect(await invoiceRow(t, b.id)).toMatchObject({ balance: 49_50, paid: false, status: "sent" });
    expect((await t.scope.select(estimates, eq(estimates.id, est.id)).get())!.depositPaid).toBe(true);

    expect((await api.get(`/payments/${p.id}`)).body).toEqual(p);
    const created = await eventsOf(t, "payment.created");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: "api", customerId: c.id });
  });

  it("writes invoice.paid only for the invoice this payment pays off", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    await api.post("/payments", { customer: c.id, amount: 60, applied_to: [{ type: "invoice", invoice: inv.id, amount: 60 }] });
    expect(await eventsOf(t, "invoice.paid")).toEqual([]);
    const last = await api.post("/payments", { customer: c.id, amount: 40, applied_to: [{ type: "invoice", invoice: inv.id, amount: 40 }] });
    const paid = await eventsOf(t, "invoice.paid");
    expect(paid).toHaveLength(1);
    const row = (await t.scope.select(payments, eq(payments.id, last.body.id)).get())!;
    expect(paid[0]).toMatchObject({
      objectType: "invoice",
      objectId: String(inv.id),
      customerId: c.id,
      actor: "api",
      data: { number: inv.number, payment: row.publicId },
    });
  });

  it("records an unapplied payment in the customer's currency, else the tenant's", async () => {
    const { t, api } = await apiTenant({ currency: "gbp" });
    const eur = await makeCustomer(t.scope, { currency: "eur" });
    const plain = await makeCustomer(t.scope);
    expect((await api.post("/payments", { customer: eur.id, amount: 10 })).body).toMatchObject({ currency: "eur", balance: 10, applied_to: [] });
    expect((await api.post("/payments", { customer: plain.id, amount: 10 })).body.currency).toBe("gbp");
  });

  it("lists with filters and sort, newest first by default", async () => {
    const { t, api } = await apiTenant();
    const c1 = await makeCustomer(t.scope);
    const c2 = await makeCustomer(t.scope);
    await api.post("/payments", { customer: c1.id, amount: 1, date: 1_700_000_000 });
    await api.post("/payments", { customer: c2.id, amount: 2, date: 1_800_000_000, method: "cash" });
    await api.post("/payments", { customer: c1.id, amount: 3, date: 1_750_000_000 });
    const amounts = async (q: string) => (await api.get(`/payments${q}`)).body.map((p: { amount: number }) => p.amount);
    expect(await amounts("")).toEqual([2, 3, 1]);
    expect(await amounts("?sort=amount")).toEqual([1, 2, 3]);
    expect(await amounts(`?customer=${c1.id}`)).toEqual([3, 1]);
    expect(await amounts(`?filter[customer]=${c2.id}`)).toEqual([2]);
    expect(await amounts("?filter[method]=cash")).toEqual([2]);
    expect(await amounts("?start_date=1750000000&end_date=1790000000")).toEqual([3]);
  });

  it("PATCH changes notes, reference and metadata", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const p = (await api.post("/payments", { customer: c.id, amount: 5, reference: "old" })).body;
    const res = await api.patch(`/payments/${p.id}`, { reference: "WIRE-77", notes: "Matched", metadata: { bank: "x" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reference: "WIRE-77", notes: "Matched", metadata: { bank: "x" }, amount: 5 });
    expect((await eventsOf(t, "payment.updated"))[0]!.data).toMatchObject({ fields: ["reference", "notes", "metadata"] });
  });

  it("DELETE voids the payment and gives back what it took, all of it", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const a = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const b = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 50_00 }]);
    const est = await makeEstimate(t.scope, c.id, { deposit: 10_00 });
    const p = (
      await api.post("/payments", {
        customer: c.id,
        amount: 130,
        applied_to: [
          { type: "invoice", invoice: a.id, amount: 100 },
          { type: "invoice", invoice: b.id, amount: 20 },
          { type: "estimate", estimate: est.id, amount: 10 },
        ],
      })
    ).body;
    const res = await api.delete(`/payments/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, status: "voided", voided: true, applied_to: p.applied_to });
    expect(await invoiceRow(t, a.id)).toMatchObject({ balance: 100_00, paid: false, status: "sent" });
    expect(await invoiceRow(t, b.id)).toMatchObject({ balance: 50_00 });
    expect((await t.scope.select(estimates, eq(estimates.id, est.id)).get())!.depositPaid).toBe(false);
    const [voided] = await eventsOf(t, "payment.voided");
    expect(voided).toMatchObject({ actor: "api", customerId: c.id });
    // the invoice can be paid again
    expect((await api.post("/payments", { customer: c.id, amount: 100, applied_to: [{ type: "invoice", invoice: a.id, amount: 100 }] })).status).toBe(201);
  });
});
