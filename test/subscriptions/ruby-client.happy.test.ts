import { describe, expect, it } from "vitest";
import { eventsOf, links } from "../api/support";
import { invoicesOf, ledgerOf, linesOfInvoice, subscriptionTenant } from "./support";

/**
 * Invoiced's Ruby client, as it builds requests (lib/invoiced/subscription.rb and
 * operations/*): Basic auth with the key as user, JSON bodies, `PATCH` with only
 * the keys changed on the object, `DELETE` without a body, ids unescaped in paths,
 * `Idempotency-Key` on create when the caller passes one.
 */
describe("Subscriptions as Invoiced's Ruby client calls them", () => {
  it("create with an idempotency key twice -> one subscription and one first invoice", async () => {
    const w = await subscriptionTenant();
    const body = { customer: w.customer.id, plan: "basic", quantity: 2, discounts: ["half"], taxes: ["vat"] };
    const a = await w.api.post("/subscriptions", body, { "Idempotency-Key": "sub-1" });
    const b = await w.api.post("/subscriptions", body, { "Idempotency-Key": "sub-1" });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(Number.isInteger(a.body.id)).toBe(true);
    expect(a.body).toMatchObject({ object: "subscription", customer: w.customer.id, plan: "basic", quantity: 2, status: "active", bill_in: "advance" });
    expect((await w.api.get("/subscriptions")).body).toHaveLength(1);

    // its first invoice: 2 x 30.00, half off once, 20 % VAT = 36.00
    const invs = await invoicesOf(w);
    expect(invs).toHaveLength(1);
    expect(invs[0]!.total).toBe(3600);
    const lines = await linesOfInvoice(w, invs[0]!.id);
    expect(lines[0]).toMatchObject({ subscriptionId: a.body.id, periodStart: a.body.period_start, periodEnd: a.body.period_end, prorated: false });
    expect(await ledgerOf(w, a.body.id)).toHaveLength(1);
    // the coupon's one cycle is used, so the renewal total is the full price with tax
    expect(a.body.recurring_total).toBe(72);
    expect(a.body.mrr).toBe(60);
    const types = (await eventsOf(w.t)).map((e) => e.type);
    expect(types.filter((t) => t === "subscription.created")).toHaveLength(1);
    expect(types).toContain("invoice.created");
    expect(types).toContain("subscription.renewed");
  });

  it("retrieve (id not escaped) and list with Link and X-Total-Count, filters", async () => {
    const w = await subscriptionTenant();
    const ids: number[] = [];
    for (const plan of ["basic", "pro", "basic"]) ids.push((await w.api.post("/subscriptions", { customer: w.customer.id, plan })).body.id);
    const one = await w.api.get(`/subscriptions/${ids[1]}`);
    expect(one.body).toMatchObject({ id: ids[1], plan: "pro" });
    const page = await w.api.get("/subscriptions?per_page=2&page=1");
    expect(page.headers.get("X-Total-Count")).toBe("3");
    expect(page.body).toHaveLength(2);
    expect(links(page.headers.get("Link")).next).toContain("page=2");
    const basic = await w.api.get("/subscriptions?filter[plan]=basic");
    expect(basic.body.map((s: { id: number }) => s.id)).toEqual([ids[0], ids[2]]);
    expect((await w.api.get(`/subscriptions?filter[customer]=${w.customer.id}&filter[canceled]=false`)).headers.get("X-Total-Count")).toBe("3");
    expect((await w.api.get("/subscriptions?filter[status]=active")).body).toHaveLength(3);
  });

  it("save of a changed quantity sends only that key; the upgrade is prorated and invoiced now", async () => {
    const w = await subscriptionTenant();
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", quantity: 1 })).body;
    const saved = await w.api.patch(`/subscriptions/${sub.id}`, { quantity: 3 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ id: sub.id, quantity: 3, plan: "basic" });
    const [latest] = await invoicesOf(w);
    const lines = await linesOfInvoice(w, latest!.id);
    expect(lines.every((l) => l.prorated)).toBe(true);
    expect(lines.some((l) => l.amount < 0)).toBe(true);
    const [updated] = await eventsOf(w.t, "subscription.updated");
    expect(updated!.data).toMatchObject({ fields: ["quantity"], previous: { quantity: 1 } });
  });

  it("cancel is DELETE without a body; a second cancel is refused with Invoiced's message", async () => {
    const w = await subscriptionTenant();
    const sub = (await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic" })).body;
    const first = await w.api.delete(`/subscriptions/${sub.id}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: sub.id, status: "canceled", renews_next: null });
    expect(first.body.canceled_at).toEqual(expect.any(Number));
    const second = await w.api.delete(`/subscriptions/${sub.id}`);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ type: "invalid_request_error", message: "This subscription has already been canceled." });
    expect(await eventsOf(w.t, "subscription.deleted")).toHaveLength(1);
  });

  it("preview answers a draft first invoice with id null and stores nothing", async () => {
    const w = await subscriptionTenant();
    const before = { invoices: (await invoicesOf(w)).length, events: (await eventsOf(w.t)).length };
    const res = await w.api.post("/subscriptions/preview", { customer: w.customer.id, plan: "pro", quantity: 2, taxes: ["vat"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.first_invoice.id).toBeNull();
    expect(res.body.first_invoice).toMatchObject({ object: "invoice", customer: w.customer.id, currency: "usd", subtotal: 120, total: 144 });
    expect(res.body).toMatchObject({ recurring_total: 144, mrr: 120 });
    expect((await w.api.get("/subscriptions")).headers.get("X-Total-Count")).toBe("0");
    expect((await invoicesOf(w)).length).toBe(before.invoices);
    expect((await eventsOf(w.t)).length).toBe(before.events);
    // and the subscription it previews invoices exactly that
    await w.api.post("/subscriptions", { customer: w.customer.id, plan: "pro", quantity: 2, taxes: ["vat"] });
    expect((await invoicesOf(w))[0]!.total).toBe(14400);
  });

  it("plan, coupon and tax-rate CRUD; price changes of each are refused", async () => {
    const w = await subscriptionTenant();
    for (const [path, id, change] of [
      ["/plans", "basic", { amount: 31 }],
      ["/plans", "basic", { interval: "year" }],
      ["/plans", "basic", { currency: "eur" }],
      ["/plans", "basic", { interval_count: 2 }],
    ] as const) {
      const res = await w.api.patch(`${path}/${id}`, change);
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.param).toBe(Object.keys(change)[0]);
    }
    expect((await w.api.patch("/plans/basic", { name: "Basic 2" })).body.name).toBe("Basic 2");
    expect((await w.api.get("/coupons/half")).body).toMatchObject({ id: "half", value: 50 });
    expect((await w.api.get("/tax_rates/vat")).body).toMatchObject({ id: "vat", value: 20 });
    expect((await w.api.delete("/coupons/half")).status).toBe(204);
  });
});
