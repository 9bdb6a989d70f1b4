import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { subscriptions } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { invoicesOf, linesOfInvoice, subscriptionTenant } from "./support";

/**
 * Volume and tiered plans subscribed: the tiers are copied onto the subscription
 * at sale and priced by the engine (volume: every unit at the price of the tier
 * the quantity falls in; tiered: graduated, each tier's units at its price). The
 * preview is the invoice, to the cent.
 */
const FEB_1 = Date.UTC(2027, 1, 1) / 1000;
const TIERS = [
  { max_qty: 10, unit_cost: 10 },
  { max_qty: null, unit_cost: 8 },
];

async function world() {
  const w = await subscriptionTenant();
  expect((await w.api.post("/test_clocks", { frozen_time: FEB_1 })).status).toBe(201);
  for (const mode of ["volume", "tiered"]) {
    const res = await w.api.post("/plans", { id: mode, name: `Seats (${mode})`, interval: "month", pricing_mode: mode, tiers: TIERS });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return w;
}

async function previewThenCreate(w: Awaited<ReturnType<typeof world>>, body: Record<string, unknown>) {
  const preview = await w.api.post("/subscriptions/preview", { customer: w.customer.id, ...body });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const created = await w.api.post("/subscriptions", { customer: w.customer.id, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const [invoice] = await invoicesOf(w);
  const lines = await linesOfInvoice(w, invoice!.id);
  return { preview: preview.body, sub: created.body, invoice: invoice!, lines };
}

describe("volume and tiered plans", () => {
  it("volume: 12 seats all at the 11+ tier's 8.00 = 96.00; preview equals the invoice", async () => {
    const w = await world();
    const { preview, sub, invoice, lines } = await previewThenCreate(w, { plan: "volume", quantity: 12 });
    expect(invoice.total).toBe(9600);
    expect(preview.first_invoice.total).toBe(96);
    expect(preview.first_invoice.items.map((i: { quantity: number; unit_cost: number; amount: number }) => [i.quantity, i.unit_cost, i.amount])).toEqual(
      lines.map((l) => [l.quantityE4 / 10_000, l.unitCost / 100, l.amount / 100]),
    );
    expect(preview.recurring_total).toBe(96);
    expect(sub.recurring_total).toBe(96);
  });

  it("tiered: 12 seats = 10 x 10.00 + 2 x 8.00 = 116.00; 10 seats = 100.00; preview equals the invoice", async () => {
    const w = await world();
    const twelve = await previewThenCreate(w, { plan: "tiered", quantity: 12 });
    expect(twelve.invoice.total).toBe(11_600);
    expect(twelve.preview.first_invoice.total).toBe(116);
    expect(twelve.preview.first_invoice.subtotal).toBe(twelve.invoice.subtotal / 100);
    const ten = await previewThenCreate(w, { plan: "tiered", quantity: 10 });
    expect(ten.invoice.total).toBe(10_000);
    expect(ten.preview.first_invoice.total).toBe(100);
  });

  it("the tiers are pinned at sale: a renewal after the plan is deleted still bills them", async () => {
    const w = await world();
    const { sub } = await previewThenCreate(w, { plan: "tiered", quantity: 12 });
    const row = await w.t.scope.select(subscriptions, eq(subscriptions.id, sub.id)).get();
    expect(row).toMatchObject({
      pricingMode: "tiered",
      tiers: [
        { maxQty: 10, unitCost: 1000 },
        { maxQty: null, unitCost: 800 },
      ],
    });
    expect((await w.api.delete("/plans/tiered")).status).toBe(204);
    expect((await w.api.post("/test_clocks/advance", { frozen_time: FEB_1 + 28 * DAY + 60 })).status).toBe(200);
    expect((await invoicesOf(w)).map((i) => i.total)).toEqual([11_600, 11_600]);
  });

  it("a quantity change on a tiered plan prorates the graduated price: 12 -> 15 at half period = -58.00 + 70.00", async () => {
    const w = await world();
    const { sub } = await previewThenCreate(w, { plan: "tiered", quantity: 12 });
    expect((await w.api.post("/test_clocks/advance", { frozen_time: FEB_1 + 14 * DAY })).status).toBe(200);
    const res = await w.api.patch(`/subscriptions/${sub.id}`, { quantity: 15 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [inv] = await invoicesOf(w);
    expect((await linesOfInvoice(w, inv!.id)).map((l) => l.amount)).toEqual([-5800, 7000]);
    expect(inv!.total).toBe(1200);
  });

  it("an add-on plan must be per unit", async () => {
    const w = await world();
    const res = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", addons: [{ plan: "tiered", quantity: 2 }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ param: "addons[0].plan" });
    expect(res.body.message).toMatch(/per_unit/);
  });
});
