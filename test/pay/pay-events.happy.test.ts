import { describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { makeInvoice } from "../helpers/fixtures";
import { pay, paymentsOf, TEST_CARD, world } from "./helpers";

// Issue 14: a payment made in the portal is announced with the objects as the
// merchant API returns them (payment.created, invoice.paid).

describe("portal payment events carry the API's objects", () => {
  it("payment.created and invoice.paid equal GET /payments/{id} and GET /invoices/{id}", async () => {
    const w = await world();
    const api = apiClient(w.apiKey);
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 12_000 }, { unitCost: 500 }]);
    const { result } = await pay(w.client, { invoice: [a.publicId], ...TEST_CARD });
    expect(result.status).toBe(200);
    const [payment] = await paymentsOf(w, w.customer.id);

    const created = (await api.get("/events?filter[type]=payment.created")).body;
    expect(created).toHaveLength(1);
    expect(created[0].data.object).toEqual((await api.get(`/payments/${payment!.id}`)).body);
    expect(created[0].data.object).toMatchObject({ id: payment!.id, source: "portal", applied_to: [{ type: "invoice", invoice: a.id, amount: 125 }] });

    const paid = (await api.get("/events?filter[type]=invoice.paid")).body;
    expect(paid).toHaveLength(1);
    expect(paid[0].data.object).toEqual((await api.get(`/invoices/${a.id}`)).body);
    expect(paid[0].data.object).toMatchObject({ status: "paid", balance: 0 });
  });
});
