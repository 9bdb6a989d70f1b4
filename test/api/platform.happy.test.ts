import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, events, ssoKeys, tenants } from "../../src/db/schema";
import { decryptSecret, sha256Hex } from "../../src/lib/crypto";
import { apiClient } from "../helpers/api";
import { postTenant, uniqueUsername } from "../helpers/platform";
import { testDb } from "../helpers/tenants";

describe("POST /tenants (platform administration)", () => {
  it("creates a tenant and shows its keys once, with 201", async () => {
    const username = uniqueUsername();
    const res = await postTenant({ username, name: "Acme Widgets" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["api_key", "id", "portal_url", "sso_key", "username"]);
    expect(res.body.username).toBe(username);
    expect(res.body.portal_url).toBe(`http://${username}.localhost:8787`);
    expect(res.body.api_key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(res.body.sso_key).toMatch(/^[A-Za-z0-9]{63}$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");

    const row = await testDb().select().from(tenants).where(eq(tenants.id, res.body.id)).get();
    expect(row).toMatchObject({ username, name: "Acme Widgets", enabled: true, currency: "usd" });
  });

  it("the returned API key authenticates against the merchant API for that tenant", async () => {
    const res = await postTenant({ username: uniqueUsername(), name: "Keyed" });
    // An unknown endpoint behind auth: 404 proves the key passed, 401 would not.
    expect((await apiClient(res.body.api_key).get("/no-such-endpoint")).status).toBe(404);
    expect((await apiClient("not-the-key").get("/no-such-endpoint")).status).toBe(401);
  });

  it("stores the API key hashed and the SSO key encrypted, never in clear (S42)", async () => {
    const res = await postTenant({ username: uniqueUsername(), name: "Hashed" });
    const db = testDb();
    const key = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, res.body.id)).get();
    expect(key!.keyHash).toBe(await sha256Hex(res.body.api_key));
    expect(key!.keyHash).not.toContain(res.body.api_key);
    const sso = await db.select().from(ssoKeys).where(eq(ssoKeys.tenantId, res.body.id)).get();
    expect(sso!.keyEnc).not.toContain(res.body.sso_key);
    expect(await decryptSecret(env.ENCRYPTION_KEY, sso!.keyEnc)).toBe(res.body.sso_key);
  });

  it("serves the new tenant's portal on its own host", async () => {
    const username = uniqueUsername();
    await postTenant({ username, name: "Portal" });
    const page = await exports.default.fetch(`http://${username}.localhost:8787/`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("Location")).toBe("/login");
  });

  it("records a tenant.created audit event (S43)", async () => {
    const res = await postTenant({ username: uniqueUsername(), name: "Audited" });
    const rows = await testDb().select().from(events).where(eq(events.tenantId, res.body.id)).all();
    expect(rows.map((e) => e.type)).toEqual(["tenant.created"]);
    expect(rows[0]!.actor).toBe("system");
  });
});
