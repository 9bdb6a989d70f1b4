import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { makeCustomer, makePaymentSource } from "../helpers/fixtures";
import { apiWorld } from "./payment-sources.helpers";

describe("API payment sources: authentication and tenant isolation (S31)", () => {
  it("no key or a wrong key is a 401 on every route", async () => {
    const { t, cust, base } = await apiWorld();
    const a = await makePaymentSource(t.scope, cust.id);
    for (const client of [apiClient(null), apiClient("not-a-key")]) {
      expect((await client.get(base)).status).toBe(401);
      expect((await client.get(`${base}/${a.id}`)).status).toBe(401);
      const post = await client.post(base, { method: "credit_card", invoiced_token: "tok_visa" });
      expect(post.status).toBe(401);
      expect(post.body.type).toBe("authentication_error");
      expect((await client.delete(`${base}/${a.id}`)).status).toBe(401);
    }
    expect((await apiClient(t.apiKey).get(base)).body).toHaveLength(1);
  });

  it("another tenant's customer is a 404 on every route, and nothing of it changes", async () => {
    const mine = await apiWorld();
    const theirs = await apiWorld();
    const src = await makePaymentSource(theirs.t.scope, theirs.cust.id);
    const api = mine.api; // tenant A's key, tenant B's ids
    expect((await api.get(theirs.base)).status).toBe(404);
    expect((await api.get(`${theirs.base}/${src.id}`)).status).toBe(404);
    expect((await api.post(theirs.base, { method: "credit_card", invoiced_token: "tok_visa" })).status).toBe(404);
    expect((await api.delete(`${theirs.base}/${src.id}`)).status).toBe(404);
    expect((await theirs.api.get(theirs.base)).body.map((s: { id: number }) => s.id)).toEqual([src.id]);
  });

  it("another tenant's source under my own customer, or another customer's source, is a 404", async () => {
    const mine = await apiWorld();
    const theirs = await apiWorld();
    const foreign = await makePaymentSource(theirs.t.scope, theirs.cust.id);
    const sibling = await makeCustomer(mine.t.scope);
    const siblings = await makePaymentSource(mine.t.scope, sibling.id);
    for (const id of [foreign.id, siblings.id]) {
      expect((await mine.api.get(`${mine.base}/${id}`)).status).toBe(404);
      expect((await mine.api.delete(`${mine.base}/${id}`)).status).toBe(404);
    }
    expect((await mine.api.get(`/customers/${sibling.id}/payment_sources`)).body).toHaveLength(1);
  });

  it("S41: a card added by token leaves no card number in D1", async () => {
    const { api, base } = await apiWorld();
    await api.post(base, { method: "credit_card", invoiced_token: "tok_mastercard" }, { "Idempotency-Key": "s41" });
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{
      name: string;
    }>();
    let dump = "";
    for (const { name } of tables.results) dump += JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results);
    expect(dump).toContain("tok_test_ok_");
    expect(dump).not.toContain("5555555555554444");
  });
});
