import { describe, expect, it } from "vitest";
import { apiWorld, seedCatalog } from "./invoices.helpers";

// Issue 14: events about invoices and estimates carry the document as the API's
// GET returns it (`data.object`, with the API's number id), and updates the old
// values of what changed (`data.previous`).

type Api = Awaited<ReturnType<typeof apiWorld>>["api"];

async function lastEvent(api: Api, type: string) {
  const res = await api.get(`/events?filter[type]=${type}&per_page=1`);
  expect(res.status).toBe(200);
  expect(res.body).toHaveLength(1);
  return res.body[0] as { type: string; data: { object: Record<string, unknown>; previous?: Record<string, unknown> } };
}

const body = (customer: number) => ({
  customer,
  items: [
    { catalog_item: "onboarding", discounts: [{ value: 5 }] },
    { name: "Hours", quantity: 2.5, unit_cost: 120 },
    { name: "Paper", quantity: 3, unit_cost: 24.99, taxable: false, metadata: { sku: "A4" } },
  ],
  notes: "Thanks",
  metadata: { order: "1" },
});

describe("invoice events carry the invoice as the API returns it", () => {
  it("invoice.created: the invoice with its number id, automatic number and line ids", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const created = await api.post("/invoices", body(cust.id));
    expect(created.status).toBe(201);
    const ev = await lastEvent(api, "invoice.created");
    const get = await api.get(`/invoices/${created.body.id}`);
    expect(ev.data.object).toEqual(get.body);
    expect(ev.data.object.number).toBe("INV-00001");
    expect(ev.data.previous).toBeUndefined();
  });

  it("invoice.updated: the invoice after the change and the changed fields' old values", async () => {
    const { api, cust } = await apiWorld();
    const { body: inv } = await api.post("/invoices", { customer: cust.id, items: [{ name: "Small", unit_cost: 10 }], notes: "Hi" });
    const res = await api.patch(`/invoices/${inv.id}`, {
      items: [
        { name: "Bigger", unit_cost: 1000 },
        { name: "Extra", unit_cost: 5 },
      ],
      notes: "Thanks",
    });
    expect(res.status).toBe(200);
    const ev = await lastEvent(api, "invoice.updated");
    expect(ev.data.object).toEqual((await api.get(`/invoices/${inv.id}`)).body);
    expect(ev.data.previous).toMatchObject({ notes: "Hi", items: inv.items, subtotal: 10, total: 10, balance: 10 });
    expect(Object.keys(ev.data.previous!)).not.toContain("customer");

    // metadata only: the lines keep their ids
    await api.patch(`/invoices/${inv.id}`, { metadata: { a: "b" } });
    const meta = await lastEvent(api, "invoice.updated");
    expect(meta.data.object).toEqual((await api.get(`/invoices/${inv.id}`)).body);
    expect(meta.data.previous).toEqual({ metadata: {} });
  });

  it("invoice.sent, invoice.voided and invoice.deleted carry the invoice as it then was", async () => {
    const { api, cust } = await apiWorld();
    const { body: inv } = await api.post("/invoices", { customer: cust.id, draft: true, items: [{ name: "Thing", unit_cost: 10 }] });
    await api.post(`/invoices/${inv.id}/send`, {});
    const sent = await lastEvent(api, "invoice.sent");
    expect(sent.data.object).toEqual((await api.get(`/invoices/${inv.id}`)).body);
    expect(sent.data.object).toMatchObject({ status: "sent", draft: false });

    await api.post(`/invoices/${inv.id}/void`, {});
    const voided = await lastEvent(api, "invoice.voided");
    expect(voided.data.object).toEqual((await api.get(`/invoices/${inv.id}`)).body);
    expect(voided.data.previous).toMatchObject({ status: "sent", balance: 10 });

    const { body: other } = await api.post("/invoices", { customer: cust.id, items: [{ name: "Gone", unit_cost: 7 }] });
    const before = (await api.get(`/invoices/${other.id}`)).body;
    expect((await api.delete(`/invoices/${other.id}`)).status).toBe(204);
    expect((await lastEvent(api, "invoice.deleted")).data.object).toEqual(before);
  });
});

describe("estimate events carry the estimate as the API returns it", () => {
  it("estimate.created, updated, sent, voided and deleted", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const { body: est } = await api.post("/estimates", { ...body(cust.id), draft: true, deposit: 10 });
    const get = async (id: number) => (await api.get(`/estimates/${id}`)).body;
    const created = await lastEvent(api, "estimate.created");
    expect(created.data.object).toEqual(await get(est.id));
    expect(created.data.object).toMatchObject({ id: est.id, number: "EST-00001", revision: 1 });

    await api.patch(`/estimates/${est.id}`, { items: [{ name: "One", unit_cost: 50 }], name: "Quote" });
    const updated = await lastEvent(api, "estimate.updated");
    expect(updated.data.object).toEqual(await get(est.id));
    expect(updated.data.previous).toMatchObject({ name: null, items: est.items, total: est.total, revision: 1 });

    await api.post(`/estimates/${est.id}/send`, {});
    const sent = await lastEvent(api, "estimate.sent");
    expect(sent.data.object).toEqual(await get(est.id));
    expect(sent.data.object).toMatchObject({ status: "sent", draft: false });

    await api.post(`/estimates/${est.id}/void`, {});
    const voided = await lastEvent(api, "estimate.voided");
    expect(voided.data.object).toEqual(await get(est.id));
    expect(voided.data.previous).toMatchObject({ status: "sent" });

    const { body: other } = await api.post("/estimates", { customer: cust.id, items: [{ name: "Gone", unit_cost: 7 }] });
    const before = await get(other.id);
    expect((await api.delete(`/estimates/${other.id}`)).status).toBe(204);
    expect((await lastEvent(api, "estimate.deleted")).data.object).toEqual(before);
  });

  it("a conversion: estimate.invoiced carries the estimate pointing at its invoice, invoice.created the new invoice", async () => {
    const { api, cust } = await apiWorld();
    const { body: est } = await api.post("/estimates", {
      customer: cust.id,
      items: [
        { name: "A", unit_cost: 10 },
        { name: "B", unit_cost: 5 },
      ],
    });
    const res = await api.post(`/estimates/${est.id}/invoice`, {});
    expect(res.status).toBe(201);
    const invoiced = await lastEvent(api, "estimate.invoiced");
    expect(invoiced.data.object).toEqual((await api.get(`/estimates/${est.id}`)).body);
    expect(invoiced.data.object).toMatchObject({ status: "invoiced", invoice: res.body.id });
    expect(invoiced.data.previous).toMatchObject({ status: "not_sent", invoice: null });
    const created = await lastEvent(api, "invoice.created");
    expect(created.data.object).toEqual((await api.get(`/invoices/${res.body.id}`)).body);
    expect(created.data.object).toMatchObject({ estimate: est.id, number: "INV-00001" });
  });
});
