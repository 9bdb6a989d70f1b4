import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../src/db/schema";
import { HOUR, nowSeconds } from "../../src/lib/time";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

// S21/S22/S19: the touch that rides along with every session read must never revive
// a session that has ended: idle, expired, revoked, or presented on another tenant.
describe("session touch never revives an ended session", () => {
  async function world() {
    const a = await makeTenant();
    const b = await makeTenant();
    const c = await makeCustomer(a.scope);
    return { a, b, c };
  }
  const read = (w: Awaited<ReturnType<typeof world>>, id: string) => w.a.scope.select(sessions, eq(sessions.id, id)).get();

  it("idle: refused and left as it was", async () => {
    const w = await world();
    const client = new PortalClient(w.a.origin);
    const { sessionId } = await client.signInAs(w.a.scope, w.a.tenant, w.c.id, { now: nowSeconds() - 2 * HOUR });
    // absolute lifetime is 12 h, so only idleness ends it
    const before = (await read(w, sessionId))!;
    const res = await client.get("/");
    expect(res.location).toBe("/login");
    expect((await read(w, sessionId))!.lastSeenAt).toBe(before.lastSeenAt);
  });

  it("idle by the tenant's own shorter setting: refused and left as it was", async () => {
    const a = await makeTenant({ sessionIdleSeconds: 600 });
    const c = await makeCustomer(a.scope);
    const client = new PortalClient(a.origin);
    const { sessionId } = await client.signInAs(a.scope, a.tenant, c.id, { now: nowSeconds() - 900 });
    const before = (await a.scope.select(sessions, eq(sessions.id, sessionId)).get())!;
    expect((await client.get("/")).location).toBe("/login");
    expect((await a.scope.select(sessions, eq(sessions.id, sessionId)).get())!.lastSeenAt).toBe(before.lastSeenAt);
  });

  it("expired: refused and left as it was", async () => {
    const w = await world();
    const client = new PortalClient(w.a.origin);
    const { sessionId } = await client.signInAs(w.a.scope, w.a.tenant, w.c.id, { now: nowSeconds() - 120, maxLifetime: 60 });
    const before = (await read(w, sessionId))!;
    expect((await client.get("/")).location).toBe("/login");
    expect((await read(w, sessionId))!.lastSeenAt).toBe(before.lastSeenAt);
  });

  it("revoked: refused and left as it was", async () => {
    const w = await world();
    const client = new PortalClient(w.a.origin);
    const { sessionId } = await client.signInAs(w.a.scope, w.a.tenant, w.c.id, { now: nowSeconds() - 120 });
    await w.a.scope.update(sessions, { revokedAt: nowSeconds() }, eq(sessions.id, sessionId));
    const before = (await read(w, sessionId))!;
    expect((await client.get("/")).location).toBe("/login");
    expect((await read(w, sessionId))!.lastSeenAt).toBe(before.lastSeenAt);
  });

  it("another tenant's host: not signed in there, and the session is not touched", async () => {
    const w = await world();
    const home = new PortalClient(w.a.origin);
    const { cookie, sessionId } = await home.signInAs(w.a.scope, w.a.tenant, w.c.id, { now: nowSeconds() - 120 });
    const before = (await read(w, sessionId))!;
    const elsewhere = new PortalClient(w.b.origin);
    elsewhere.cookies.set("__Host-bp_session", cookie);
    expect((await elsewhere.get("/")).location).toBe("/login");
    expect((await read(w, sessionId))!.lastSeenAt).toBe(before.lastSeenAt);
  });
});
