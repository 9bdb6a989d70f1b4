import { describe, expect, it } from "vitest";
import { apiTenant } from "./support";

describe("Idempotency-Key errors", () => {
  it("the same key with a different body is a 400 naming the header, and creates nothing", async () => {
    const { api } = await apiTenant();
    const key = { "Idempotency-Key": "k-1" };
    await api.post("/customers", { name: "First" }, key);
    const res = await api.post("/customers", { name: "Second" }, key);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: "invalid_request_error", param: "Idempotency-Key" });
    expect(res.body.message).toMatch(/different request/);
    expect((await api.get("/customers")).body.map((c: { name: string }) => c.name)).toEqual(["First"]);
  });

  it("the same key on another endpoint is a 400 too", async () => {
    const { api } = await apiTenant();
    const key = { "Idempotency-Key": "k-2" };
    await api.post("/items", { id: "a", name: "A" }, key);
    const res = await api.post("/coupons", { id: "a", name: "A", value: 5 }, key);
    expect(res).toMatchObject({ status: 400, body: { param: "Idempotency-Key" } });
    expect((await api.get("/coupons")).body).toEqual([]);
  });

  it("a key that is not visible ASCII is a 400", async () => {
    const { api } = await apiTenant();
    const res = await api.post("/customers", { name: "A" }, { "Idempotency-Key": "x".repeat(256) });
    expect(res).toMatchObject({ status: 400, body: { param: "Idempotency-Key" } });
  });
});
