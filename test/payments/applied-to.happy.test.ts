import { describe, expect, it } from "vitest";
import { findReceipt, listPayments } from "../../src/db/queries/payment-history";
import { paymentApplications } from "../../src/db/schema";
import { customerScope } from "../../src/db/scope";
import { makeCustomer, makeEstimate, makeInvoice, makePayment } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// What a payment paid, read inside a D1 batch: drizzle maps batch rows by column
// name, so the invoice's and the estimate's `number` must not share one.
describe("payments: what each payment paid", () => {
  async function world() {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, { number: "INV-0042" });
    const est = await makeEstimate(t.scope, c.id, { number: "EST-0007" });
    const p = await makePayment(t.scope, c.id, { amount: 15_000 });
    await t.scope.insertMany(paymentApplications, [
      { paymentId: p.id, type: "invoice", invoiceId: inv.id, amount: 10_000 },
      { paymentId: p.id, type: "estimate", estimateId: est.id, amount: 5_000 },
    ]);
    return { my: customerScope(t.scope, c.id), p, inv };
  }

  it("the payments list names the invoice and the estimate paid", async () => {
    const w = await world();
    const { applied } = await listPayments(w.my, 1);
    expect(applied.map((a) => [a.type, a.invoiceNumber, a.estimateNumber, a.amount])).toEqual([
      ["invoice", "INV-0042", null, 10_000],
      ["estimate", null, "EST-0007", 5_000],
    ]);
    expect(applied[0]!.invoicePublicId).toBe(w.inv.publicId);
  });

  it("the receipt names them too", async () => {
    const w = await world();
    const receipt = await findReceipt(w.my, w.p.publicId);
    expect(receipt?.applied.map((a) => a.invoiceNumber ?? a.estimateNumber)).toEqual(["INV-0042", "EST-0007"]);
  });
});
