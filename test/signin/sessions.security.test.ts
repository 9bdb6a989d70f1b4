import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, sessions } from "../../src/db/schema";
import { sessionState } from "../../src/services/signin/sessions";
import { eventsOf } from "../billing/helpers";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { codeIn, invoicedToken, isSignedIn, linkIn, pathOf, requestLink, sessionCookieOf, signInByLink, world } from "./helpers";

const SESSION = "__Host-bp_session";

/** A client of `origin` that sends exactly this Cookie header. */
function withCookie(origin: string, header: string) {
  const c = new PortalClient(origin);
  return { isSignedIn: async () => (await c.get("/switch", { headers: { Cookie: header } })).status === 200 };
}

describe("sessions and cookies: S18 to S24", () => {
  it("S18: every Set-Cookie of every sign-in step is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, without Domain", async () => {
    const { t, customer, email } = await world();
    const seen: string[] = [];
    const portal = new PortalClient(t.origin);
    const record = portal.fetch.bind(portal);
    portal.fetch = async (path, init) => {
      const res = await record(path, init);
      seen.push(...res.headers.getSetCookie());
      return res;
    };
    const { mail } = await requestLink(portal, email);
    await portal.get(pathOf(linkIn(mail)));
    await portal.post(pathOf(linkIn(mail)));
    const again = await requestLink(portal, email);
    await portal.post("/login/code", { code: codeIn(again.mail) });
    await portal.get(`/login/${await invoicedToken(t.ssoKey, customer.id)}`);
    await portal.post("/login/reauth", { next: "/account" });
    await portal.post("/logout");
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const names = new Set<string>();
    for (const line of seen) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const name = pair!.slice(0, pair!.indexOf("="));
      names.add(name);
      expect(name.startsWith("__Host-")).toBe(true);
      const lower = attrs.map((a) => a.toLowerCase());
      expect(lower).toContain("secure");
      expect(lower).toContain("httponly");
      expect(lower).toContain("samesite=lax");
      expect(lower).toContain("path=/");
      expect(lower.some((a) => a.startsWith("domain"))).toBe(false);
    }
    // __Host-bp_db: the bookmark of the sign-in's write, so the next page reads a copy that has the session (issue 18)
    expect([...names].sort()).toEqual(["__Host-bp_csrf", "__Host-bp_db", "__Host-bp_preauth", SESSION].sort());
    const sessionValues = seen.filter((l) => l.startsWith(`${SESSION}=`) && !/Max-Age=0/.test(l)).map((l) => l.split(";")[0]!.split("=")[1]!);
    for (const v of sessionValues) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
  });

  it("S18: the session row holds tenant, customer, scope, times and method", async () => {
    const { t, customer, email } = await world();
    await signInByLink(new PortalClient(t.origin), email);
    const row = (await t.scope.select(sessions, eq(sessions.customerId, customer.id)).get())!;
    expect(row).toMatchObject({ tenantId: t.tenant.id, customerId: customer.id, scope: "full", method: "email_link" });
    expect(row.createdAt).toBe(row.authAt);
    expect(row.expiresAt - row.createdAt).toBe(12 * 3600);
  });

  it("S19: tenant A's cookie sent to tenant B signs nobody in", async () => {
    const { t, email } = await world();
    const b = await makeTenant();
    await makeCustomer(b.scope, { email });
    const portal = new PortalClient(t.origin);
    await signInByLink(portal, email);
    expect(await isSignedIn(portal)).toBe(true);
    expect(await withCookie(b.origin, `${SESSION}=${sessionCookieOf(portal)}`).isSignedIn()).toBe(false);
  });

  it("S20: a planted cookie is dead after sign-in, and the new id differs", async () => {
    const { t, customer, email } = await world();
    const attacker = new PortalClient(t.origin);
    const planted = (await attacker.signInAs(t.scope, t.tenant, customer.id)).cookie;
    const victim = new PortalClient(t.origin);
    victim.cookies.set(SESSION, planted);
    await signInByLink(victim, email);
    expect(sessionCookieOf(victim)).not.toBe(planted);
    expect(await isSignedIn(victim)).toBe(true);
    expect(await withCookie(t.origin, `${SESSION}=${planted}`).isSignedIn()).toBe(false);
  });

  it("S21: idle 60 minutes and absolute 12 hours, on the server (fake clock through stored times)", async () => {
    const { t, customer } = await world();
    const now = Math.floor(Date.now() / 1000);
    const at = async (over: Partial<typeof sessions.$inferInsert>) => {
      const p = new PortalClient(t.origin);
      const { sessionId } = await p.signInAs(t.scope, t.tenant, customer.id);
      await t.scope.update(sessions, over, eq(sessions.id, sessionId));
      return isSignedIn(p);
    };
    expect(await at({ lastSeenAt: now - 3500 })).toBe(true);
    expect(await at({ lastSeenAt: now - 3601 })).toBe(false);
    expect(await at({ createdAt: now - 12 * 3600 + 60, expiresAt: now + 60 })).toBe(true);
    expect(await at({ createdAt: now - 12 * 3600 - 1, expiresAt: now - 1 })).toBe(false);
    // the pure rule, at exact seconds
    const tenant = { sessionIdleSeconds: 3600 };
    expect(sessionState({ lastSeenAt: 0, expiresAt: 43200, revokedAt: null }, tenant, 3599)).toBe("ok");
    expect(sessionState({ lastSeenAt: 0, expiresAt: 43200, revokedAt: null }, tenant, 3600)).toBe("idle");
    expect(sessionState({ lastSeenAt: 43000, expiresAt: 43200, revokedAt: null }, tenant, 43200)).toBe("expired");
    // a tenant may shorten, never lengthen
    expect(sessionState({ lastSeenAt: 0, expiresAt: 99999, revokedAt: null }, { sessionIdleSeconds: 600 }, 600)).toBe("idle");
    expect(sessionState({ lastSeenAt: 0, expiresAt: 99999, revokedAt: null }, { sessionIdleSeconds: 7200 }, 3600)).toBe("idle");
  });

  it("S21: a tenant's shorter idle timeout applies", async () => {
    const { t, customer } = await world({ sessionIdleSeconds: 600 });
    const p = new PortalClient(t.origin);
    const { sessionId } = await p.signInAs(t.scope, t.tenant, customer.id);
    await t.scope.update(sessions, { lastSeenAt: Math.floor(Date.now() / 1000) - 601 }, eq(sessions.id, sessionId));
    expect(await isSignedIn(p)).toBe(false);
  });

  it("S22: logout is immediate: the old cookie is dead everywhere, and it is recorded", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    await signInByLink(portal, email);
    const cookie = sessionCookieOf(portal)!;
    const res = await portal.post("/logout");
    expect(res.status).toBe(303);
    expect(res.location).toBe("/login?signed_out=1");
    expect((await portal.get("/login?signed_out=1")).html).toContain("You are signed out.");
    expect(res.headers.getSetCookie().some((l) => l.startsWith(`${SESSION}=;`) && /Max-Age=0/.test(l))).toBe(true);
    expect(await withCookie(t.origin, `${SESSION}=${cookie}`).isSignedIn()).toBe(false);
    const [ev] = await eventsOf(t, "signin.signed_out");
    expect(ev!.customerId).toBe(customer.id);
  });

  it("S22: disabling a customer ends its sessions", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    await signInByLink(portal, email);
    await t.scope.update(customers, { active: false }, eq(customers.id, customer.id));
    expect(await isSignedIn(portal)).toBe(false);
  });

  it("S24: two session cookies, or an unprefixed look-alike, mean signed out", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    await signInByLink(portal, email);
    const v = sessionCookieOf(portal)!;
    expect(await withCookie(t.origin, `${SESSION}=${v}`).isSignedIn()).toBe(true);
    expect(await withCookie(t.origin, `${SESSION}=${v}; ${SESSION}=${v}`).isSignedIn()).toBe(false);
    expect(await withCookie(t.origin, `${SESSION}=${v}; bp_session=${v}`).isSignedIn()).toBe(false);
    expect(await withCookie(t.origin, `bp_session=${v}`).isSignedIn()).toBe(false);
    expect(await withCookie(t.origin, `__Secure-bp_session=${v}`).isSignedIn()).toBe(false);
    expect(await withCookie(t.origin, `__host-bp_session=${v}; ${SESSION}=${v}`).isSignedIn()).toBe(false);
  });
});
