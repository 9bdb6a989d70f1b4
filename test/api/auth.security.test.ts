import { describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { apiTenant } from "./support";

/** Every endpoint of customers, contacts, catalogue and payments. */
const ENDPOINTS: [method: string, path: string][] = [
  ["GET", "/customers"],
  ["POST", "/customers"],
  ["GET", "/customers/1"],
  ["PATCH", "/customers/1"],
  ["DELETE", "/customers/1"],
  ["GET", "/customers/1/contacts"],
  ["POST", "/customers/1/contacts"],
  ["GET", "/customers/1/contacts/1"],
  ["PATCH", "/customers/1/contacts/1"],
  ["DELETE", "/customers/1/contacts/1"],
  ...["items", "plans", "coupons", "tax_rates"].flatMap((r): [string, string][] => [
    ["GET", `/${r}`],
    ["POST", `/${r}`],
    ["GET", `/${r}/x`],
    ["PATCH", `/${r}/x`],
    ["DELETE", `/${r}/x`],
  ]),
  ["GET", "/payments"],
  ["POST", "/payments"],
  ["GET", "/payments/1"],
  ["PATCH", "/payments/1"],
  ["DELETE", "/payments/1"],
];

const bodyFor = (method: string) => (method === "POST" || method === "PATCH" ? { name: "x" } : undefined);

describe("401 on every endpoint without the right API key", () => {
  it("no key, a wrong key, a key as password, a Bearer token: 401 with authentication_error, nothing done", async () => {
    const { t, api } = await apiTenant();
    await api.post("/customers", { name: "Existing" });
    const clients = [apiClient(null), apiClient("wrong-key-0123456789abcdef"), apiClient("")];
    for (const [method, path] of ENDPOINTS) {
      for (const client of clients) {
        const res = await client.call(method, path, bodyFor(method));
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.type).toBe("authentication_error");
        expect(res.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
      }
      const asPassword = await apiClient(null).call(method, path, bodyFor(method), { Authorization: `Basic ${btoa(`:${t.apiKey}`)}` });
      expect(asPassword.status, `${method} ${path} key as password`).toBe(401);
      const bearer = await apiClient(null).call(method, path, bodyFor(method), { Authorization: `Bearer ${t.apiKey}` });
      expect(bearer.status, `${method} ${path} bearer`).toBe(401);
    }
    expect((await api.get("/customers")).body.map((c: { name: string }) => c.name)).toEqual(["Existing"]);
  });

  it("the right key reaches every endpoint (no 401)", async () => {
    const { api } = await apiTenant();
    for (const [method, path] of ENDPOINTS) {
      const res = await api.call(method, path, bodyFor(method));
      expect(res.status, `${method} ${path}`).not.toBe(401);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
    }
  });
});
