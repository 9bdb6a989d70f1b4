import { describe, expect, it } from "vitest";
import { API_ORIGIN } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { type ApiTenant, apiTenant, links } from "./support";

/** Every list endpoint of customers, contacts, catalogue and payments, with a way to add one row. */
const lists: [name: string, setup: (at: ApiTenant) => Promise<{ path: string; add: (i: number) => Promise<unknown> }>][] = [
  ["customers", async ({ api }) => ({ path: "/customers", add: (i) => api.post("/customers", { name: `C${i}` }) })],
  [
    "contacts",
    async ({ api }) => {
      const c = (await api.post("/customers", { name: "Acme" })).body;
      return { path: `/customers/${c.id}/contacts`, add: (i) => api.post(`/customers/${c.id}/contacts`, { name: `P${i}` }) };
    },
  ],
  ["items", async ({ api }) => ({ path: "/items", add: (i) => api.post("/items", { id: `i${i}`, name: `I${i}` }) })],
  ["plans", async ({ api }) => ({ path: "/plans", add: (i) => api.post("/plans", { id: `p${i}`, name: `P${i}`, interval: "month", amount: i }) })],
  ["coupons", async ({ api }) => ({ path: "/coupons", add: (i) => api.post("/coupons", { id: `c${i}`, name: `C${i}`, value: 5 }) })],
  ["tax_rates", async ({ api }) => ({ path: "/tax_rates", add: (i) => api.post("/tax_rates", { id: `t${i}`, name: `T${i}`, value: 5 }) })],
  [
    "payments",
    async ({ t, api }) => {
      const c = await makeCustomer(t.scope);
      return { path: "/payments", add: (i) => api.post("/payments", { customer: c.id, amount: i + 1 }) };
    },
  ],
];

describe("lists: X-Total-Count and Link on every page, even a single one", () => {
  for (const [name, setup] of lists) {
    it(`${name}: five rows in pages of two`, async () => {
      const at = await apiTenant();
      const { path, add } = await setup(at);
      for (let i = 0; i < 5; i++) await add(i);
      const url = (page: number) => `${API_ORIGIN}${path}?per_page=2&page=${page}`;

      const first = await at.api.get(`${path}?per_page=2`);
      expect(first.status).toBe(200);
      expect(first.body).toHaveLength(2);
      expect(first.headers.get("X-Total-Count")).toBe("5");
      expect(links(first.headers.get("Link"))).toEqual({ self: url(1), first: url(1), next: url(2), last: url(3) });

      const middle = await at.api.get(`${path}?per_page=2&page=2`);
      expect(links(middle.headers.get("Link"))).toEqual({ self: url(2), first: url(1), previous: url(1), next: url(3), last: url(3) });

      const last = await at.api.get(`${path}?per_page=2&page=3`);
      expect(last.body).toHaveLength(1);
      expect(links(last.headers.get("Link"))).toEqual({ self: url(3), first: url(1), previous: url(2), last: url(3) });

      const ids = [...first.body, ...middle.body, ...last.body].map((o: { id: unknown }) => o.id);
      expect(new Set(ids).size).toBe(5);
    });

    it(`${name}: a single page still has both headers`, async () => {
      const at = await apiTenant();
      const { path, add } = await setup(at);
      await add(0);
      const res = await at.api.get(path);
      expect(res.headers.get("X-Total-Count")).toBe("1");
      const one = `${API_ORIGIN}${path}?per_page=25&page=1`;
      expect(links(res.headers.get("Link"))).toEqual({ self: one, first: one, last: one });
    });
  }

  it("an empty list answers [] with a total of 0", async () => {
    const { api } = await apiTenant();
    const res = await api.get("/customers");
    expect(res.body).toEqual([]);
    expect(res.headers.get("X-Total-Count")).toBe("0");
    expect(links(res.headers.get("Link")).last).toBe(`${API_ORIGIN}/customers?per_page=25&page=1`);
  });

  it("Link keeps the filters and sort and is built from the API origin, not the Host header", async () => {
    const { api } = await apiTenant();
    for (let i = 0; i < 3; i++) await api.post("/customers", { name: `C${i}`, type: "person" });
    const res = await api.get("/customers?filter[type]=person&sort=name&per_page=1");
    const next = new URL(links(res.headers.get("Link")).next!);
    expect(next.origin).toBe(API_ORIGIN);
    expect(Object.fromEntries(next.searchParams)).toEqual({ "filter[type]": "person", sort: "name", per_page: "1", page: "2" });
  });
});
