import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, payments } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { makeCustomer, makeEstimate, makeInvoice, makePayment } from "../helpers/fixtures";
import { type ApiTenant, apiTenant } from "./support";

/** A tenant with a customer owing one $100 invoice. */
async function owing() {
  const at = await apiTenant();
  const c = await makeCustomer(at.t.scope);
  const inv = await makeInvoice(at.t.scope, c.id, {}, [{ unitCost: 100_00 }]);
  return { ...at, c, inv };
}

/** Nothing was written: no payment and the invoice still owes $100. */
async function unchanged(t: ApiTenant["t"], invoiceId: number) {
  expect(await t.scope.select(payments).all()).toEqual([]);
  expect((await t.scope.select(invoices, eq(invoices.id, invoiceId)).get())!.balance).toBe(100_00);
}

describe("payments: requests that can never work are 400 naming the field", () => {
  type Body = (ids: { c: number; inv: number }) => Record<string, unknown>;
  const cases: [string, Body, string, RegExp][] = [
    ["customer required", () => ({ amount: 1 }), "customer", /customer is required/],
    ["unknown customer", () => ({ customer: 987654, amount: 1 }), "customer", /No such customer: 987654/],
    ["amount required", ({ c }) => ({ customer: c }), "amount", /amount is required/],
    ["zero amount", ({ c }) => ({ customer: c, amount: 0 }), "amount", /greater than 0/],
    ["negative amount", ({ c }) => ({ customer: c, amount: -5 }), "amount", /greater than 0/],
    ["three decimals in USD", ({ c }) => ({ customer: c, amount: "10.005" }), "amount", /more than 2 decimal places for USD/],
    ["decimals in JPY", ({ c }) => ({ customer: c, amount: 1.5, currency: "jpy" }), "amount", /more than 0 decimal places for JPY/],
    ["bad currency", ({ c }) => ({ customer: c, amount: 1, currency: "usdollar" }), "currency", /ISO 4217/],
    ["bad method", ({ c }) => ({ customer: c, amount: 1, method: "bitcoin" }), "method", /check/],
    ["read-only status", ({ c }) => ({ customer: c, amount: 1, status: "succeeded" }), "status", /cannot be set/],
    ["read-only source", ({ c }) => ({ customer: c, amount: 1, source: "bank_feed" }), "source", /cannot be set/],
    ["unknown field", ({ c }) => ({ customer: c, amount: 1, charge: {} }), "charge", /Unknown field/],
    [
      "application type",
      ({ c, inv }) => ({ customer: c, amount: 1, applied_to: [{ type: "bill", invoice: inv, amount: 1 }] }),
      "applied_to[0].type",
      /invoice|estimate|credit/,
    ],
    [
      "invoice id missing",
      ({ c }) => ({ customer: c, amount: 1, applied_to: [{ type: "invoice", amount: 1 }] }),
      "applied_to[0].invoice",
      /required when type is invoice/,
    ],
    [
      "credit with an invoice",
      ({ c, inv }) => ({ customer: c, amount: 1, applied_to: [{ type: "credit", invoice: inv, amount: 1 }] }),
      "applied_to[0].invoice",
      /not allowed/,
    ],
    [
      "application amount zero",
      ({ c, inv }) => ({ customer: c, amount: 1, applied_to: [{ type: "invoice", invoice: inv, amount: 0 }] }),
      "applied_to[0].amount",
      /greater than 0/,
    ],
    [
      "application decimals",
      ({ c, inv }) => ({ customer: c, amount: 1, applied_to: [{ type: "invoice", invoice: inv, amount: 0.001 }] }),
      "applied_to[0].amount",
      /decimal places/,
    ],
    [
      "applications above the amount",
      ({ c, inv }) => ({
        customer: c,
        amount: 50,
        applied_to: [
          { type: "invoice", invoice: inv, amount: 40 },
          { type: "credit", amount: 10.01 },
        ],
      }),
      "applied_to",
      /adds up to \$50\.01, more than the payment's amount of \$50\.00/,
    ],
    [
      "the same invoice twice",
      ({ c, inv }) => ({
        customer: c,
        amount: 20,
        applied_to: [
          { type: "invoice", invoice: inv, amount: 10 },
          { type: "invoice", invoice: inv, amount: 10 },
        ],
      }),
      "applied_to[1].invoice",
      /more than once/,
    ],
    [
      "unknown invoice",
      ({ c }) => ({ customer: c, amount: 1, applied_to: [{ type: "invoice", invoice: 999999, amount: 1 }] }),
      "applied_to[0].invoice",
      /No such invoice/,
    ],
    [
      "invoice in another currency",
      ({ c, inv }) => ({ customer: c, amount: 1, currency: "eur", applied_to: [{ type: "invoice", invoice: inv, amount: 1 }] }),
      "applied_to[0].invoice",
      /is in USD; the payment is in EUR/,
    ],
  ];
  for (const [what, body, param, message] of cases) {
    it(what, async () => {
      const { t, api, c, inv } = await owing();
      const res = await api.post("/payments", body({ c: c.id, inv: inv.id }));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      expect(res.body.message).toMatch(message);
      await unchanged(t, inv.id);
    });
  }

  it("an invoice of another customer of the same tenant reads as unknown", async () => {
    const { t, api, inv } = await owing();
    const other = await makeCustomer(t.scope);
    const res = await api.post("/payments", { customer: other.id, amount: 10, applied_to: [{ type: "invoice", invoice: inv.id, amount: 10 }] });
    expect(res).toMatchObject({ status: 400, body: { param: "applied_to[0].invoice", message: `No such invoice for this customer: ${inv.id}` } });
    await unchanged(t, inv.id);
  });

  it("an estimate deposit must be paid exactly", async () => {
    const { t, api, c } = await owing();
    const est = await makeEstimate(t.scope, c.id, { deposit: 25_00 });
    const res = await api.post("/payments", { customer: c.id, amount: 30, applied_to: [{ type: "estimate", estimate: est.id, amount: 30 }] });
    expect(res).toMatchObject({ status: 400, body: { param: "applied_to[0].amount" } });
    expect(res.body.message).toMatch(/must equal the deposit/);
  });
});

describe("payments: documents whose state forbids it now are 409", () => {
  const states: [string, Parameters<typeof makeInvoice>[2], RegExp][] = [
    ["a draft", { draft: true, status: "draft" }, /draft/],
    ["a voided invoice", { voided: true, status: "voided" }, /voided/],
    ["a paid invoice", { paid: true, status: "paid", balance: 0 }, /already paid/],
    ["an invoice being paid in the portal", { paymentLock: "attempt-1", paymentLockAt: nowSeconds() }, /being paid in the portal/],
  ];
  for (const [what, over, message] of states) {
    it(what, async () => {
      const { t, api } = await apiTenant();
      const c = await makeCustomer(t.scope);
      const inv = await makeInvoice(t.scope, c.id, over, [{ unitCost: 100_00 }]);
      const res = await api.post("/payments", { customer: c.id, amount: 10, applied_to: [{ type: "invoice", invoice: inv.id, amount: 10 }] });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param: "applied_to[0].invoice" });
      expect(res.body.message).toMatch(message);
      expect(await t.scope.select(payments).all()).toEqual([]);
    });
  }

  it("more than the invoice owes", async () => {
    const { t, api, c, inv } = await owing();
    const res = await api.post("/payments", { customer: c.id, amount: 150, applied_to: [{ type: "invoice", invoice: inv.id, amount: 100.01 }] });
    expect(res).toMatchObject({ status: 409, body: { param: "applied_to[0].amount" } });
    expect(res.body.message).toMatch(/owes \(\$100\.00\)/);
    await unchanged(t, inv.id);
  });

  it("a deposit already paid", async () => {
    const { t, api, c } = await owing();
    const est = await makeEstimate(t.scope, c.id, { deposit: 25_00, depositPaid: true });
    const res = await api.post("/payments", { customer: c.id, amount: 25, applied_to: [{ type: "estimate", estimate: est.id, amount: 25 }] });
    expect(res).toMatchObject({ status: 409, body: { param: "applied_to[0].estimate" } });
  });
});

describe("payments: updates and voids that are refused", () => {
  it("PATCH of what was paid is a 400 that says to void and record again", async () => {
    const { api, c } = await owing();
    const p = (await api.post("/payments", { customer: c.id, amount: 5 })).body;
    for (const field of ["amount", "customer", "currency", "applied_to", "date", "method"]) {
      const res = await api.patch(`/payments/${p.id}`, { [field]: field === "applied_to" ? [] : 1 });
      expect(res.status, field).toBe(400);
      expect(res.body.param).toBe(field);
      expect(res.body.message).toMatch(/void it \(DELETE\) and record it again/);
    }
    expect((await api.get(`/payments/${p.id}`)).body).toEqual(p);
  });

  it("voiding twice is a 409 and gives back only once", async () => {
    const { t, api, c, inv } = await owing();
    const p = (await api.post("/payments", { customer: c.id, amount: 40, applied_to: [{ type: "invoice", invoice: inv.id, amount: 40 }] })).body;
    expect((await api.delete(`/payments/${p.id}`)).status).toBe(200);
    const again = await api.delete(`/payments/${p.id}`);
    expect(again).toMatchObject({ status: 409, body: { message: "This payment is already voided" } });
    expect((await t.scope.select(invoices, eq(invoices.id, inv.id)).get())!.balance).toBe(100_00);
  });

  it("a payment charged through a gateway cannot be voided here", async () => {
    const { t, api, c, inv } = await owing();
    await t.scope.update(invoices, { balance: 0, paid: true, status: "paid" }, eq(invoices.id, inv.id));
    const portalPayment = await makePayment(t.scope, c.id, { source: "portal", gateway: "test", amount: 100_00 });
    const res = await api.delete(`/payments/${portalPayment.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/refund it there/);
    expect((await api.get(`/payments/${portalPayment.id}`)).body.status).toBe("succeeded");
  });
});
