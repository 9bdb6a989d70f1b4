import { exports } from "cloudflare:workers";
import { base64url, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { eventsOf } from "../billing/helpers";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { invoicedToken, isSignedIn, sessionsOf, world } from "./helpers";

const enc = new TextEncoder();
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => base64url.encode(JSON.stringify(o));

/** A compact JWS signed with HMAC-SHA256 over whatever header we choose (jose would refuse some of them). */
async function handMade(header: Record<string, unknown>, payload: Record<string, unknown>, key: string) {
  const input = `${b64(header)}.${b64(payload)}`;
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(input)));
  return `${input}.${base64url.encode(sig)}`;
}

/** Opens the SSO link; a refused token lands on the sign-in page with the one message. */
async function refused(t: { origin: string }, token: string, customerId: number, tt: Parameters<typeof sessionsOf>[0]) {
  const portal = new PortalClient(t.origin);
  const before = (await sessionsOf(tt, customerId)).length;
  const res = await portal.get(`/login/${token}`);
  expect(res.status).toBe(303);
  expect(res.location).toBe("/login?error=link");
  expect(await sessionsOf(tt, customerId)).toHaveLength(before);
  const page = await portal.get(res.location!);
  expect(page.html).toContain("This sign-in link is invalid or has expired");
  return page.html;
}

describe("SSO links: refused tokens", () => {
  it("S13: alg none, HS512, RS256 and tokens carrying their own key (jwk, jku, x5u) are refused", async () => {
    const { t, customer } = await world();
    const n = now();
    const claims = { sub: customer.id, iat: n, exp: n + 600 };
    await refused(t, `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`, customer.id, t);
    const hs512 = await new SignJWT(claims as never).setProtectedHeader({ alg: "HS512" }).sign(enc.encode(t.ssoKey));
    await refused(t, hs512, customer.id, t);
    const { privateKey } = await generateKeyPair("RS256");
    await refused(t, await new SignJWT(claims as never).setProtectedHeader({ alg: "RS256" }).sign(privateKey), customer.id, t);
    for (const extra of [{ jwk: { kty: "oct", k: base64url.encode("x") } }, { jku: "https://evil.example/keys" }, { x5u: "https://evil.example/cert" }]) {
      await refused(t, await handMade({ alg: "HS256", ...extra }, claims, t.ssoKey), customer.id, t);
    }
    // the same hand-made token without the extra member is fine, so the refusals above are about the header
    expect((await new PortalClient(t.origin).get(`/login/${await handMade({ alg: "HS256" }, claims, t.ssoKey)}`)).location).toBe("/account");
  });

  it("S14: a token signed with another tenant's key fails on this tenant", async () => {
    const { t, customer } = await world();
    const other = await makeTenant();
    await refused(t, await invoicedToken(other.ssoKey, customer.id), customer.id, t);
  });

  it("S15: a missing exp, a lifetime over the cap, a future nbf or iat and a wrong aud are refused", async () => {
    const { t, customer } = await world();
    const n = now();
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims as never).setProtectedHeader({ alg: "HS256" }).sign(enc.encode(t.ssoKey));
    await refused(t, await sign({ sub: customer.id, iat: n }), customer.id, t);
    await refused(t, await sign({ sub: customer.id, iat: n, exp: n + 3600 + 31 + 5 }), customer.id, t);
    await refused(t, await sign({ sub: customer.id, iat: n, exp: n + 600, nbf: n + 120 }), customer.id, t);
    await refused(t, await sign({ sub: customer.id, iat: n + 120, exp: n + 600 }), customer.id, t);
    await refused(t, await sign({ sub: customer.id, exp: n + 600, aud: "https://evil.example" }), customer.id, t);
    await refused(t, await sign({ sub: customer.id, exp: n + 600, aud: [t.origin, "https://other.example"] }), customer.id, t);
    await refused(t, await sign({ sub: customer.id, exp: n - 60 }), customer.id, t);
    await refused(t, await sign({ sub: `${customer.id}abc`, exp: n + 600 }), customer.id, t);
  });

  it("S15: 30 seconds of clock tolerance, no more", async () => {
    const { t, customer } = await world();
    const n = now();
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims as never).setProtectedHeader({ alg: "HS256" }).sign(enc.encode(t.ssoKey));
    expect((await new PortalClient(t.origin).get(`/login/${await sign({ sub: customer.id, exp: n - 15 })}`)).location).toBe("/account");
    expect((await new PortalClient(t.origin).get(`/login/${await sign({ sub: customer.id, exp: n + 600, nbf: n + 15 })}`)).location).toBe("/account");
    await refused(t, await sign({ sub: customer.id, exp: n - 45 }), customer.id, t);
  });

  it("S15: the tenant's shorter lifetime cap and pinned issuer are enforced", async () => {
    const { t, customer } = await world({ ssoMaxLifetimeSeconds: 300, ssoIssuer: "https://merchant.example" });
    const n = now();
    await refused(t, await invoicedToken(t.ssoKey, customer.id, n, { exp: n + 600, iss: "https://merchant.example" }), customer.id, t);
    await refused(t, await invoicedToken(t.ssoKey, customer.id, n, { exp: n + 200, iss: "https://someone.else" }), customer.id, t);
    const ok = await invoicedToken(t.ssoKey, customer.id, n, { exp: n + 200, iss: "https://merchant.example" });
    expect((await new PortalClient(t.origin).get(`/login/${ok}`)).location).toBe("/account");
  });

  it("S16: a token is accepted once; a replay signs nobody in", async () => {
    const { t, customer } = await world();
    const token = await invoicedToken(t.ssoKey, customer.id);
    expect((await new PortalClient(t.origin).get(`/login/${token}`)).location).toBe("/account");
    const again = await new PortalClient(t.origin).get(`/login/${token}`);
    expect(again.location).toBe("/login?error=link");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("S16: the same signature spelled differently is the same token", async () => {
    const { t, customer } = await world();
    const token = await invoicedToken(t.ssoKey, customer.id);
    expect((await new PortalClient(t.origin).get(`/login/${token}`)).location).toBe("/account");
    // the last base64url character of a 32-byte signature carries 2 unused bits
    const last = token.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = token.slice(0, -1) + alphabet[(alphabet.indexOf(last) ^ 1) % 64]!;
    expect((await new PortalClient(t.origin).get(`/login/${twin}`)).location).toBe("/login?error=link");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("S16: 20 concurrent uses of one token give one session", async () => {
    const { t, customer } = await world();
    const token = await invoicedToken(t.ssoKey, customer.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => exports.default.fetch(`${t.origin}/login/${token}`, { redirect: "manual" })));
    const locations = results.map((r) => r.headers.get("Location"));
    expect(locations.filter((l) => l === "/account")).toHaveLength(1);
    expect(locations.filter((l) => l === "/login?error=link")).toHaveLength(19);
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("S17, S20: SSO drops the session the browser had", async () => {
    const { t, customer } = await world();
    const portal = new PortalClient(t.origin);
    const before = await portal.signInAs(t.scope, t.tenant, customer.id);
    await portal.get(`/login/${await invoicedToken(t.ssoKey, customer.id)}`);
    expect(portal.cookies.get("__Host-bp_session")).not.toBe(before.cookie);
    const planted = new PortalClient(t.origin);
    planted.cookies.set("__Host-bp_session", before.cookie);
    expect(await isSignedIn(planted)).toBe(false);
    expect(await isSignedIn(portal)).toBe(true);
  });

  it("a disabled customer cannot sign in, and a HEAD uses nothing", async () => {
    const { t, customer } = await world();
    const token = await invoicedToken(t.ssoKey, customer.id);
    const head = await exports.default.fetch(`${t.origin}/login/${token}`, { method: "HEAD", redirect: "manual" });
    expect(head.headers.get("Set-Cookie") ?? "").not.toContain("bp_session");
    const { customers } = await import("../../src/db/schema");
    const { eq } = await import("drizzle-orm");
    await t.scope.update(customers, { active: false }, eq(customers.id, customer.id));
    await refused(t, token, customer.id, t);
  });

  it("the answer never says which check failed, and failures are audited without the token", async () => {
    const { t, customer } = await world();
    const n = now();
    const pages = [
      await refused(t, await invoicedToken(t.ssoKey, customer.id, n, { exp: n - 100 }), customer.id, t),
      await refused(t, await invoicedToken((await makeTenant()).ssoKey, customer.id), customer.id, t),
      await refused(t, "not-a-token", customer.id, t),
    ];
    const strip = (h: string) => h.replace(/name="_csrf" value="[^"]+"/g, "").replace(/Request id: [^<]+/, "");
    expect(new Set(pages.map(strip)).size).toBe(1);
    const failures = await eventsOf(t, "signin.failed");
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(failures)).not.toMatch(/eyJ/);
  });
});
