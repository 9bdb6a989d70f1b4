import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { sessions, tenantDomains } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant, testDb } from "../helpers/tenants";

// The last_seen_at touch happens at most once a minute, after the response (issue 18:
// the page's own batch stays read-only, so a replica may serve it).
describe("session touch", () => {
  async function signedIn(lastSeenAgo: number) {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const client = new PortalClient(t.origin);
    const { sessionId } = await client.signInAs(t.scope, t.tenant, c.id, { now: nowSeconds() - lastSeenAgo });
    const lastSeen = async () => (await t.scope.select(sessions, eq(sessions.id, sessionId)).get())!.lastSeenAt;
    return { client, lastSeen };
  }

  it("a session last seen two minutes ago is moved to now by the next page", async () => {
    const { client, lastSeen } = await signedIn(120);
    const before = await lastSeen();
    const res = await client.get("/");
    expect(res.location).toBe("/account");
    await vi.waitFor(async () => expect(await lastSeen()).toBeGreaterThanOrEqual(before + 120));
  });

  it("on a custom domain (tenant read on its own) the session is read and touched too", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const host = `billing-${t.tenant.username}.example.org`;
    await testDb().insert(tenantDomains).values({ tenantId: t.tenant.id, host, verifiedAt: 0, createdAt: nowSeconds() });
    const client = new PortalClient(`http://${host}`);
    const { sessionId } = await client.signInAs(t.scope, t.tenant, c.id, { now: nowSeconds() - 120 });
    const res = await client.get("/");
    expect(res.location).toBe("/account");
    await vi.waitFor(async () => {
      const row = await t.scope.select(sessions, eq(sessions.id, sessionId)).get();
      expect(row!.lastSeenAt).toBeGreaterThanOrEqual(nowSeconds() - 5);
    });
  });

  it("a session seen seconds ago is not written again", async () => {
    const { client, lastSeen } = await signedIn(10);
    const before = await lastSeen();
    const res = await client.get("/");
    expect(res.location).toBe("/account");
    expect(await lastSeen()).toBe(before);
  });
});
