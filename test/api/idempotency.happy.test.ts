import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices } from "../../src/db/schema";
import { makeCustomer, makeInvoice } from "../helpers/fixtures";
import { type ApiTenant, apiTenant } from "./support";

/** Every POST of customers, contacts, catalogue and payments: a body that creates one row, and how to count rows. */
const posts: [name: string, setup: (at: ApiTenant) => Promise<{ path: string; body: Record<string, unknown>; list: string }>][] = [
  ["customers", async () => ({ path: "/customers", body: { name: "Acme" }, list: "/customers" })],
  [
    "contacts",
    async ({ api }) => {
      const c = (await api.post("/customers", { name: "Acme" })).body;
      return { path: `/customers/${c.id}/contacts`, body: { name: "Bob" }, list: `/customers/${c.id}/contacts` };
    },
  ],
  ["items", async () => ({ path: "/items", body: { id: "i", name: "I" }, list: "/items" })],
  ["plans", async () => ({ path: "/plans", body: { id: "p", name: "P", interval: "month", amount: 9 }, list: "/plans" })],
  ["coupons", async () => ({ path: "/coupons", body: { id: "c", name: "C", value: 5 }, list: "/coupons" })],
  ["tax_rates", async () => ({ path: "/tax_rates", body: { id: "t", name: "T", value: 5 }, list: "/tax_rates" })],
  [
    "payments",
    async ({ t }) => {
      const c = await makeCustomer(t.scope);
      return { path: "/payments", body: { customer: c.id, amount: 12.34 }, list: "/payments" };
    },
  ],
];

describe("Idempotency-Key on every POST: a retry gets the first answer and changes nothing", () => {
  for (const [name, setup] of posts) {
    it(name, async () => {
      const at = await apiTenant();
      const { path, body, list } = await setup(at);
      const key = { "Idempotency-Key": `retry-${name}` };
      const first = await at.api.post(path, body, key);
      expect(first.status).toBe(201);
      expect(first.headers.get("Idempotent-Replayed")).toBeNull();
      const again = await at.api.post(path, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect((await at.api.get(list)).headers.get("X-Total-Count")).toBe("1");
    });
  }

  it("a retried payment lowers the invoice's balance once", async () => {
    const { t, api } = await apiTenant();
    const c = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, c.id, {}, [{ unitCost: 100_00 }]);
    const body = { customer: c.id, amount: 40, applied_to: [{ type: "invoice", invoice: inv.id, amount: 40 }] };
    const results = await Promise.all([1, 2, 3].map(() => api.post("/payments", body, { "Idempotency-Key": "pay-once" })));
    // the first runs; a retry while it runs is told to wait (409), one after it gets the same answer
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect((await api.post("/payments", body, { "Idempotency-Key": "pay-once" })).status).toBe(201);
    expect((await t.scope.select(invoices, eq(invoices.id, inv.id)).get())!.balance).toBe(60_00);
    expect((await api.get("/payments")).body).toHaveLength(1);
  });

  it("a refused request does not use up its key: the corrected retry runs", async () => {
    const { api } = await apiTenant();
    const key = { "Idempotency-Key": "fix-and-retry" };
    expect((await api.post("/customers", { name: "" }, key)).status).toBe(400);
    const fixed = await api.post("/customers", { name: "Fixed" }, key);
    expect(fixed.status).toBe(201);
    expect(fixed.body.name).toBe("Fixed");
  });

  it("keys belong to one tenant", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const key = { "Idempotency-Key": "same-key" };
    const ra = await a.api.post("/customers", { name: "A" }, key);
    const rb = await b.api.post("/customers", { name: "A" }, key);
    expect(rb.status).toBe(201);
    expect(rb.headers.get("Idempotent-Replayed")).toBeNull();
    expect((await b.api.get("/customers")).body.map((c: { id: number }) => c.id)).toEqual([rb.body.id]);
    expect(ra.status).toBe(201);
  });
});
