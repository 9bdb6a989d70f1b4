import { describe, expect, it } from "vitest";
import { invoices } from "../../src/db/schema";
import { apiClient } from "../helpers/api";
import { apiWorld, eventsOf, invoiceBody, seedCatalog } from "./invoices.helpers";

describe("merchant API: invoices, authentication and tenant isolation", () => {
  it("401 without a key or with a wrong one, on every route", async () => {
    const { api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    for (const client of [apiClient(null), apiClient("not-a-key")]) {
      for (const res of [
        await client.get("/invoices"),
        await client.get(`/invoices/${inv.body.id}`),
        await client.post("/invoices", invoiceBody(cust.id)),
        await client.patch(`/invoices/${inv.body.id}`, { notes: "x" }),
        await client.delete(`/invoices/${inv.body.id}`),
        await client.post(`/invoices/${inv.body.id}/send`),
        await client.post(`/invoices/${inv.body.id}/void`),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body.type).toBe("authentication_error");
      }
    }
  });

  it("S31: tenant B's invoice is a 404 through tenant A's key, on every route, and changes nothing", async () => {
    const a = await apiWorld();
    const b = await apiWorld();
    const theirs = await b.api.post("/invoices", invoiceBody(b.cust.id, { notes: "B's" }));
    expect(theirs.status).toBe(201);
    const id = theirs.body.id;
    for (const res of [
      await a.api.get(`/invoices/${id}`),
      await a.api.patch(`/invoices/${id}`, { notes: "A was here" }),
      await a.api.post(`/invoices/${id}/send`),
      await a.api.post(`/invoices/${id}/void`),
      await a.api.delete(`/invoices/${id}`),
    ]) {
      expect(res.status).toBe(404);
    }
    const list = await a.api.get("/invoices");
    expect(list.body).toEqual([]);
    expect(list.headers.get("X-Total-Count")).toBe("0");
    expect((await a.api.get(`/invoices?filter[customer]=${b.cust.id}`)).body).toEqual([]);
    const still = await b.api.get(`/invoices/${id}`);
    expect(still.body).toMatchObject({ notes: "B's", status: "not_sent" });
    expect(await eventsOf(b.t, "invoice.voided")).toEqual([]);
  });

  it("S31: tenant B's customer, catalog items, coupons and tax rates cannot be used by tenant A", async () => {
    const a = await apiWorld();
    const b = await apiWorld();
    await seedCatalog(b.t);
    expect((await a.api.post("/invoices", invoiceBody(b.cust.id))).body).toMatchObject({ param: "customer" });
    expect((await a.api.post("/invoices", { customer: a.cust.id, items: [{ catalog_item: "onboarding" }] })).body.param).toBe("items[0].catalog_item");
    expect((await a.api.post("/invoices", invoiceBody(a.cust.id, { discounts: [{ coupon: "welcome10" }] }))).body.param).toBe("discounts[0].coupon");
    expect((await a.api.post("/invoices", invoiceBody(a.cust.id, { taxes: [{ tax_rate: "vat" }] }))).body.param).toBe("taxes[0].tax_rate");
  });

  it("Idempotency-Key: a retry returns the first answer and creates nothing more", async () => {
    const { t, api, cust } = await apiWorld();
    const key = { "Idempotency-Key": "create-invoice-1" };
    const first = await api.post("/invoices", invoiceBody(cust.id), key);
    const retry = await api.post("/invoices", invoiceBody(cust.id), key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await t.scope.select(invoices).all()).toHaveLength(1);
    const different = await api.post("/invoices", invoiceBody(cust.id, { notes: "other" }), key);
    expect(different).toMatchObject({ status: 400, body: { param: "Idempotency-Key" } });
  });

  it("Idempotency-Key on send and void: a retry records no second event", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/invoices", invoiceBody(cust.id));
    for (const action of ["send", "void"]) {
      const key = { "Idempotency-Key": `${action}-1` };
      const one = await api.post(`/invoices/${inv.body.id}/${action}`, undefined, key);
      const two = await api.post(`/invoices/${inv.body.id}/${action}`, undefined, key);
      expect(two.body).toEqual(one.body);
      expect(await eventsOf(t, `invoice.${action === "send" ? "sent" : "voided"}`)).toHaveLength(1);
    }
  });

  it("an invalid first request does not use up its key: the corrected retry runs", async () => {
    const { api, cust } = await apiWorld();
    const key = { "Idempotency-Key": "fix-me" };
    expect((await api.post("/invoices", { customer: cust.id, items: [{ name: "x" }] }, key)).status).toBe(400);
    expect((await api.post("/invoices", { customer: cust.id, items: [{ name: "x", unit_cost: 5 }] }, key)).status).toBe(201);
  });
});
