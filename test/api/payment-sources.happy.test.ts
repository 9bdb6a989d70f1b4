import { describe, expect, it } from "vitest";
import { customerRow, eventsOf } from "../billing/helpers";
import { makePaymentSource } from "../helpers/fixtures";
import { apiWorld } from "./payment-sources.helpers";

describe("API payment sources: happy paths", () => {
  it("POST a test card token: 201 with Invoiced's card shape; the first source becomes the default; event by api", async () => {
    const { t, cust, api, base } = await apiWorld();
    const res = await api.post(base, { method: "credit_card", invoiced_token: "tok_visa" });
    expect(res.status).toBe(201);
    const year = new Date().getUTCFullYear() + 3;
    expect(res.body).toEqual({
      id: expect.any(Number),
      object: "card",
      brand: "Visa",
      last4: "4242",
      exp_month: 12,
      exp_year: year,
      funding: "unknown",
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(res.body.id);
    const [ev] = await eventsOf(t, "payment_source.created");
    expect(ev).toMatchObject({ actor: "api", customerId: cust.id, objectId: String(res.body.id) });
    expect(ev!.data).toMatchObject({ via: "api", object: { object: "card", id: res.body.id, last4: "4242" } });
  });

  it("POST a test bank token: bank_account shape", async () => {
    const { api, base } = await apiWorld();
    const res = await api.post(base, { method: "ach", invoiced_token: "btok_us_verified" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ object: "bank_account", bank_name: "Test Bank", last4: "6789", verified: true });
  });

  it("make_default moves the default to the new source", async () => {
    const { t, cust, api, base } = await apiWorld();
    const first = await api.post(base, { method: "credit_card", invoiced_token: "tok_visa" });
    const second = await api.post(base, { method: "credit_card", invoiced_token: "tok_mastercard", make_default: true });
    expect(second.body.brand).toBe("Mastercard");
    expect((await customerRow(t, cust.id)).defaultPaymentSourceId).toBe(second.body.id);
    expect(first.body.id).not.toBe(second.body.id);
  });

  it("GET lists live sources with X-Total-Count and Link, pages and sorts", async () => {
    const { t, cust, api, base } = await apiWorld();
    const a = await makePaymentSource(t.scope, cust.id, { last4: "1111", createdAt: 1000 });
    const b = await makePaymentSource(t.scope, cust.id, { last4: "2222", createdAt: 2000 });
    await makePaymentSource(t.scope, cust.id, { last4: "3333", createdAt: 3000, deletedAt: 3500 });
    const res = await api.get(base);
    expect(res.status).toBe(200);
    expect(res.body.map((s: { id: number }) => s.id)).toEqual([a.id, b.id]);
    expect(res.headers.get("X-Total-Count")).toBe("2");
    expect(res.headers.get("Link")).toContain('rel="self"');
    const sorted = await api.get(`${base}?sort=-created_at&per_page=1`);
    expect(sorted.body.map((s: { last4: string }) => s.last4)).toEqual(["2222"]);
    expect(sorted.headers.get("Link")).toContain('rel="next"');
  });

  it("GET one source by id", async () => {
    const { t, cust, api, base } = await apiWorld();
    const a = await makePaymentSource(t.scope, cust.id, { brand: "American Express", last4: "0005" });
    const res = await api.get(`${base}/${a.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, object: "card", brand: "American Express", last4: "0005" });
  });

  it("DELETE removes (soft): 204, gone from the list, event by api", async () => {
    const { t, cust, api, base } = await apiWorld();
    const a = await makePaymentSource(t.scope, cust.id);
    const res = await api.delete(`${base}/${a.id}`);
    expect(res.status).toBe(204);
    expect((await api.get(base)).body).toEqual([]);
    expect((await api.get(`${base}/${a.id}`)).status).toBe(404);
    const [ev] = await eventsOf(t, "payment_source.deleted");
    expect(ev).toMatchObject({ actor: "api", objectId: String(a.id) });
  });

  it("Idempotency-Key: a retry returns the first answer and adds nothing", async () => {
    const { t, api, base } = await apiWorld();
    const body = { method: "credit_card", invoiced_token: "tok_visa" };
    const first = await api.post(base, body, { "Idempotency-Key": "add-card-1" });
    const retry = await api.post(base, body, { "Idempotency-Key": "add-card-1" });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await api.get(base)).body).toHaveLength(1);
    expect(await eventsOf(t, "payment_source.created")).toHaveLength(1);
  });
});
