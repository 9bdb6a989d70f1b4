import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, paymentApplications, payments } from "../../src/db/schema";
import { applyPayment, PaymentConflictError } from "../../src/services/pay/apply-payment";
import { makeCustomer, makeInvoice } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

const api = { actor: "api" as const };

describe("applyPayment", () => {
  it("lowers each invoice's balance and marks a fully paid invoice paid, in one batch", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const a = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 10_000 }]);
    const b = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 5_000 }]);
    const p = await applyPayment(
      t.scope,
      {
        customerId: c.id,
        currency: "usd",
        amount: 12_000,
        applications: [
          { type: "invoice", invoiceId: a.id, amount: 10_000 },
          { type: "invoice", invoiceId: b.id, amount: 2_000 },
        ],
      },
      1_000,
      api,
      "https://portal.test",
    );
    expect(p.status).toBe("succeeded");
    const [ra, rb] = await Promise.all([t.scope.select(invoices, eq(invoices.id, a.id)).get(), t.scope.select(invoices, eq(invoices.id, b.id)).get()]);
    expect([ra!.balance, ra!.paid, ra!.status]).toEqual([0, true, "paid"]);
    expect([rb!.balance, rb!.paid, rb!.status]).toEqual([3_000, false, "sent"]);
    const apps = await t.scope.select(paymentApplications, eq(paymentApplications.paymentId, p.id)).all();
    expect(apps.map((x) => x.amount)).toEqual([10_000, 2_000]);
  });

  it("S37: applying more than an invoice still owes keeps nothing of the batch", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const a = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 10_000 }]);
    const b = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 5_000 }]);
    await expect(
      applyPayment(
        t.scope,
        {
          customerId: c.id,
          currency: "usd",
          amount: 16_000,
          applications: [
            { type: "invoice", invoiceId: a.id, amount: 10_000 },
            { type: "invoice", invoiceId: b.id, amount: 6_000 },
          ],
        },
        1_000,
        api,
        "https://portal.test",
      ),
    ).rejects.toBeInstanceOf(PaymentConflictError);
    const ra = await t.scope.select(invoices, eq(invoices.id, a.id)).get();
    expect(ra!.balance).toBe(10_000);
    expect(await t.scope.select(payments).all()).toEqual([]);
  });

  it("S37: ten payments of the full balance at once leave the balance at zero, never below, and one payment", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const a = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 10_000 }]);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        applyPayment(
          t.scope,
          { customerId: c.id, currency: "usd", amount: 10_000, applications: [{ type: "invoice", invoiceId: a.id, amount: 10_000 }] },
          1_000,
          api,
          "https://portal.test",
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await t.scope.select(invoices, eq(invoices.id, a.id)).get())!.balance).toBe(0);
    expect(await t.scope.select(payments).all()).toHaveLength(1);
  });

  it("refuses an invoice of another currency", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const a = await makeInvoice(t.scope, c.id, { currency: "eur" }, [{ unitCost: 10_000 }]);
    await expect(
      applyPayment(
        t.scope,
        { customerId: c.id, currency: "usd", amount: 100, applications: [{ type: "invoice", invoiceId: a.id, amount: 100 }] },
        1_000,
        api,
        "https://portal.test",
      ),
    ).rejects.toBeInstanceOf(PaymentConflictError);
  });
});
