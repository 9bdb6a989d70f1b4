import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tenants } from "../../src/db/schema";
import { apiApp } from "../../src/routes/api";
import { API_ORIGIN } from "../helpers/api";
import { postTenant, uniqueUsername } from "../helpers/platform";
import { makeTenant, testDb } from "../helpers/tenants";

const tenantCount = async () => (await testDb().select({ n: count() }).from(tenants).get())!.n;

describe("POST /tenants authentication", () => {
  it.each([
    ["no Authorization header", null],
    ["a wrong token", "Bearer wrong-token"],
    ["the token with one character changed", `Bearer ${env.PLATFORM_ADMIN_TOKEN.slice(0, -1)}X`],
    ["a prefix of the token", `Bearer ${env.PLATFORM_ADMIN_TOKEN.slice(0, 5)}`],
    ["the token plus a suffix", `Bearer ${env.PLATFORM_ADMIN_TOKEN}x`],
    ["an empty bearer", "Bearer "],
    ["the token as Basic auth", `Basic ${btoa(`${env.PLATFORM_ADMIN_TOKEN}:`)}`],
    ["the token without the scheme", env.PLATFORM_ADMIN_TOKEN],
  ])("%s is a 401 and creates nothing", async (_label, authorization) => {
    const before = await tenantCount();
    const res = await postTenant({ username: uniqueUsername(), name: "Nope" }, authorization);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: "authentication_error" });
    expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await tenantCount()).toBe(before);
  });

  it("a tenant's own API key cannot create tenants", async () => {
    const t = await makeTenant();
    const res = await postTenant({ username: uniqueUsername(), name: "Escalation" }, `Basic ${btoa(`${t.apiKey}:`)}`);
    expect(res.status).toBe(401);
  });

  it("authentication is checked before the body: a bad body without the token is still 401", async () => {
    const res = await postTenant({ username: "api", extra: 1 }, null);
    expect(res.status).toBe(401);
  });

  it("an unset PLATFORM_ADMIN_TOKEN refuses everyone, even an empty bearer", async () => {
    for (const authorization of ["Bearer ", "Bearer undefined", `Bearer ${env.PLATFORM_ADMIN_TOKEN}`]) {
      const req = new Request(`${API_ORIGIN}/tenants`, {
        method: "POST",
        headers: { Authorization: authorization, "Content-Type": "application/json" },
        body: JSON.stringify({ username: uniqueUsername(), name: "Unset" }),
      });
      const res = await apiApp.fetch(req, { ...env, PLATFORM_ADMIN_TOKEN: "" }, createExecutionContext());
      expect(res.status).toBe(401);
    }
  });

  it("the route exists only on the api host: a tenant host does not create tenants", async () => {
    const t = await makeTenant();
    const before = await tenantCount();
    const res = await exports.default.fetch(`${t.origin}/tenants`, {
      method: "POST",
      headers: { Authorization: `Bearer ${env.PLATFORM_ADMIN_TOKEN}`, "Content-Type": "application/json", Origin: t.origin },
      body: JSON.stringify({ username: uniqueUsername(), name: "Wrong host" }),
    });
    expect(res.status).not.toBe(201);
    expect(await tenantCount()).toBe(before);
  });

  it("ten concurrent creations of one username leave exactly one tenant", async () => {
    const username = uniqueUsername();
    const results = await Promise.all(Array.from({ length: 10 }, () => postTenant({ username, name: "Race" })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400).every((r) => r.body.param === "username")).toBe(true);
    expect(results.filter((r) => r.status === 400)).toHaveLength(9);
    const rows = await testDb().select().from(tenants).where(eq(tenants.username, username)).all();
    expect(rows).toHaveLength(1);
  });
});
