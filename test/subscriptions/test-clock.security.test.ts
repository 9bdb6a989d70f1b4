import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import app from "../../src/index";
import { apiTenant } from "../api/support";

/** Test clocks exist only outside production, only for test-gateway tenants, and only for the key's own tenant. */
describe("test clocks", () => {
  it("are refused in production", async () => {
    const { t } = await apiTenant();
    const res = await app.fetch(
      new Request(`https://api.${env.PORTAL_DOMAIN}/test_clocks`, {
        method: "POST",
        headers: { Authorization: `Basic ${btoa(`${t.apiKey}:`)}`, "Content-Type": "application/json" },
        body: "{}",
      }),
      { ...env, ENVIRONMENT: "production" },
      { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext,
    );
    expect(res.status).toBe(400);
    expect((await res.json<{ message: string }>()).message).toMatch(/not available in production/);
  });

  it("a tenant's clock moves only its own time; another tenant keeps the real clock", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const frozen = Date.UTC(2030, 0, 1) / 1000;
    expect((await a.api.post("/test_clocks", { frozen_time: frozen })).status).toBe(201);
    const ca = (await a.api.post("/customers", { name: "A" })).body;
    const cb = (await b.api.post("/customers", { name: "B" })).body;
    expect(ca.created_at).toBe(frozen);
    expect(Math.abs(cb.created_at - Date.now() / 1000)).toBeLessThan(120);
    expect((await b.api.get("/test_clocks")).status).toBe(404);
  });

  it("only moves forward, at most 5 years per call, and only on the test gateway", async () => {
    const { api } = await apiTenant();
    const frozen = Date.UTC(2030, 0, 1) / 1000;
    await api.post("/test_clocks", { frozen_time: frozen });
    expect((await api.post("/test_clocks/advance", { frozen_time: frozen - 1 })).body).toMatchObject({ param: "frozen_time" });
    expect((await api.post("/test_clocks/advance", { frozen_time: frozen + 6 * 366 * 86400 })).status).toBe(400);
    const stripe = await apiTenant({ paymentGateway: "stripe" });
    expect((await stripe.api.post("/test_clocks", {})).body).toMatchObject({ param: "payment_gateway" });
  });
});
