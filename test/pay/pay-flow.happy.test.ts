import { describe, expect, it } from "vitest";
import { makeInvoice } from "../helpers/fixtures";
import { applicationsOf, eventsOf, invoiceRow, outboxFor, pay, paymentsOf, TEST_CARD, world } from "./helpers";

describe("paying invoices in the portal", () => {
  it("pays two invoices with 4242: both paid, one payment with two applications, a receipt email", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 12_000 }]);
    const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 3_050 }]);
    const { confirm, result } = await pay(w.client, { invoice: [a.publicId, b.publicId], ...TEST_CARD });
    expect(confirm.status).toBe(303);
    expect(result.status).toBe(200);
    expect(result.html).toContain("your payment was received");
    expect(result.html).toContain("$150.50");

    expect([(await invoiceRow(w, a.id)).balance, (await invoiceRow(w, b.id)).balance]).toEqual([0, 0]);
    expect((await invoiceRow(w, a.id)).status).toBe("paid");
    const [payment, ...more] = await paymentsOf(w, w.customer.id);
    expect(more).toEqual([]);
    expect(payment).toMatchObject({ amount: 15_050, currency: "usd", status: "succeeded", source: "portal", methodBrand: "Visa", methodLast4: "4242" });
    const apps = await applicationsOf(w, payment!.id);
    expect(apps.map((x) => [x.type, x.invoiceId, x.amount])).toEqual([
      ["invoice", a.id, 12_000],
      ["invoice", b.id, 3_050],
    ]);
    expect(result.html).toContain(`/payments/${payment!.publicId}/pdf`);

    const mail = await outboxFor(w.tenant.id, w.customer.email!);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain("$150.50");
    expect(mail[0]!.text).toContain(a.number);
    expect(mail[0]!.text).toContain(b.number);
    expect(mail[0]!.text).toContain(`${w.origin}/payments/${payment!.publicId}/pdf`);

    expect(await eventsOf(w, "payment.created")).toHaveLength(1);
    expect((await eventsOf(w, "invoice.paid")).map((e) => e.objectId).sort()).toEqual([a.publicId, b.publicId].sort());
  });
});
