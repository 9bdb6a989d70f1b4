import { describe, expect, it } from "vitest";
import { apiTenant } from "./support";

const objects: [string, Record<string, unknown>][] = [
  ["/items", { id: "shared-id", name: "B's item", unit_cost: 5 }],
  ["/plans", { id: "shared-id", name: "B's plan", interval: "month", amount: 5 }],
  ["/coupons", { id: "shared-id", name: "B's coupon", value: 5 }],
  ["/tax_rates", { id: "shared-id", name: "B's tax", value: 5 }],
];

describe("S31: another tenant's catalogue objects are 404 through this tenant's key", () => {
  for (const [path, body] of objects) {
    it(`${path}: B's object is invisible and untouchable for A`, async () => {
      const a = await apiTenant();
      const b = await apiTenant();
      const theirs = (await b.api.post(path, body)).body;
      const url = `${path}/${theirs.id}`;
      for (const res of [await a.api.get(url), await a.api.patch(url, { name: "Hijacked" }), await a.api.delete(url)]) {
        expect(res.status).toBe(404);
      }
      expect((await a.api.get(path)).body).toEqual([]);
      expect((await b.api.get(url)).body).toEqual(theirs);
    });

    it(`${path}: the same id in two tenants is two objects`, async () => {
      const a = await apiTenant();
      const b = await apiTenant();
      await b.api.post(path, body);
      const mine = await a.api.post(path, { ...body, name: "A's own" });
      expect(mine.status).toBe(201);
      await a.api.patch(`${path}/shared-id`, { name: "A renamed" });
      await a.api.delete(`${path}/shared-id`);
      expect((await b.api.get(`${path}/shared-id`)).body.name).toBe(body.name);
    });
  }

  it("a plan cannot point at another tenant's item", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    await b.api.post("/items", { id: "b-item", name: "B" });
    const res = await a.api.post("/plans", { id: "p", name: "P", interval: "month", amount: 1, catalog_item: "b-item" });
    expect(res).toMatchObject({ status: 400, body: { param: "catalog_item", message: "No such item: b-item" } });
  });
});
