import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signinTokens } from "../../src/db/schema";
import { HOUR } from "../../src/lib/time";
import { allowLinkRequest, countCodeFailure, LINK_LIMITS } from "../../src/services/signin/limits";
import { issueSigninToken } from "../../src/services/signin/tokens";
import { eventsOf } from "../billing/helpers";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { codeIn, linkIn, mailsTo, pathOf, requestLink, sessionsOf, tokenRow, uniqueEmail, waitForEvent, world } from "./helpers";

describe("emailed sign-in: S7, S8, S11, S12", () => {
  it("S7: five tries per code; the 6th fails even with the right code, and the link dies with it", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    for (let i = 0; i < 5; i++) expect((await portal.post("/login/code", { code: "AAAA2222" })).status).toBe(422);
    const sixth = await portal.post("/login/code", { code: codeIn(mail) });
    expect(sixth.status).toBe(422);
    expect(sixth.html).toContain("That code is not right, or it has expired");
    expect((await portal.post(pathOf(linkIn(mail)))).location).toBe("/login?error=link");
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
  });

  it("S7: the right code on the 5th try still works", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    for (let i = 0; i < 4; i++) await portal.post("/login/code", { code: "AAAA2222" });
    expect((await portal.post("/login/code", { code: codeIn(mail) })).location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("S7: after 100 consecutive wrong codes for an address, its codes stop working; a link still signs in and resets the count", async () => {
    const { t, customer, email } = await world();
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 100; i++) await countCodeFailure(t.scope, email, now);
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    expect((await portal.post("/login/code", { code: codeIn(mail) })).status).toBe(422);
    const [failed] = await eventsOf(t, "signin.failed");
    expect(failed!.data).toEqual({ method: "email_code", reason: "account_code_limit" });
    const second = await requestLink(portal, email);
    expect((await portal.post(pathOf(linkIn(second.mail)))).location).toBe("/account");
    const third = await requestLink(portal, email);
    expect((await portal.post("/login/code", { code: codeIn(third.mail) })).location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(2);
  });

  it("S8: a new link revokes the older one for the same address", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    const first = await requestLink(portal, email);
    const second = await requestLink(portal, email);
    expect((await tokenRow(t, linkIn(first.mail))).revokedAt).not.toBeNull();
    expect((await portal.post(pathOf(linkIn(first.mail)))).location).toBe("/login?error=link");
    expect((await portal.post(pathOf(linkIn(second.mail)))).location).toBe("/account");
  });

  it("S8: a successful sign-in revokes every other emailed link and code for that address", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const reauth = await issueSigninToken(
      t.scope,
      env.SIGNIN_TOKENS,
      { purpose: "reauth", email, customerId: customer.id, browserNonceHash: null, withCode: true, lifetime: 600 },
      Math.floor(Date.now() / 1000),
    );
    const { mail } = await requestLink(portal, email);
    expect((await portal.post(pathOf(linkIn(mail)))).location).toBe("/account");
    expect((await tokenRow(t, `/login/email/${reauth.token}`)).revokedAt).not.toBeNull();
  });

  it("S11: the answer for an unknown address is byte-identical to a known one (status, body, headers)", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const known = await portal.post("/login", { email });
    const unknown = await portal.post("/login", { email: uniqueEmail("nobody") });
    expect(unknown.status).toBe(known.status);
    expect(unknown.html).toBe(known.html);
    const headers = (h: Headers) => [...h].filter(([k]) => k !== "x-request-id");
    expect(headers(unknown.headers)).toEqual(headers(known.headers));
    // two fresh browsers differ only by their CSRF token
    const a = new PortalClient(t.origin);
    const b = new PortalClient(t.origin);
    await a.get("/login");
    await b.get("/login");
    const ra = await a.post("/login", { email });
    const rb = await b.post("/login", { email: uniqueEmail("nobody") });
    expect(rb.html.replace(b.csrf, "TOKEN")).toBe(ra.html.replace(a.csrf, "TOKEN"));
    await waitForEvent(t, "signin.link_requested", 4);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it("S12: the 6th request within an hour looks the same and mails nothing", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await portal.post("/login", { email }));
    await waitForEvent(t, "signin.rate_limited");
    await waitForEvent(t, "signin.link_requested", 5);
    expect(await mailsTo(email)).toHaveLength(LINK_LIMITS.perEmailHour);
    expect(answers[5]!.status).toBe(200);
    expect(answers[5]!.html).toBe(answers[0]!.html);
    // the refused request stored no token and left the 5th link alive (the batch's writes are conditional on the counts)
    const tokens = await t.scope.select(signinTokens, eq(signinTokens.email, email)).all();
    expect(tokens).toHaveLength(LINK_LIMITS.perEmailHour);
    expect(tokens.filter((row) => row.revokedAt === null)).toHaveLength(1);
  });

  it("S12, race: requests sent at once still mail at most the limit (each request's count and token are one batch)", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const answers = await Promise.all(Array.from({ length: 8 }, () => portal.post("/login", { email })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await waitForEvent(t, "signin.rate_limited", 3);
    expect(await waitForEvent(t, "signin.link_requested", 5)).toHaveLength(LINK_LIMITS.perEmailHour);
    // each mail goes out after its batch: wait for them, then a while longer for any extra one
    for (let i = 0; i < 100 && (await mailsTo(email)).length < LINK_LIMITS.perEmailHour; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(await mailsTo(email)).toHaveLength(LINK_LIMITS.perEmailHour);
    const tokens = await t.scope.select(signinTokens, eq(signinTokens.email, email)).all();
    expect(tokens).toHaveLength(LINK_LIMITS.perEmailHour);
  });

  it("S12: 20 a day per address, and a ceiling per IP, counted in D1", async () => {
    const t = await makeTenant();
    const email = uniqueEmail();
    const start = Math.floor(Date.now() / 1000 / 86400) * 86400;
    const allowed = [];
    for (let h = 0; h < 5; h++) for (let i = 0; i < 5; i++) allowed.push(await allowLinkRequest(t.scope, email, `10.0.0.${h}`, start + h * HOUR + i));
    expect(allowed.filter(Boolean)).toHaveLength(LINK_LIMITS.perEmailDay);
    expect(allowed.slice(0, 20).every(Boolean)).toBe(true);
    const perIp = [];
    for (let i = 0; i < LINK_LIMITS.perIpHour + 1; i++) perIp.push(await allowLinkRequest(t.scope, uniqueEmail(), "192.0.2.7", start + i));
    expect(perIp.filter(Boolean)).toHaveLength(LINK_LIMITS.perIpHour);
    expect(perIp.at(-1)).toBe(false);
  });

  it("S12: the per-IP ceiling applies through HTTP (CF-Connecting-IP), with the same answer", async () => {
    const t = await makeTenant();
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const ip = { "CF-Connecting-IP": "198.51.100.9" };
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < LINK_LIMITS.perIpHour; i++) await allowLinkRequest(t.scope, uniqueEmail(), "198.51.100.9", now);
    const cust = await (await import("../helpers/fixtures")).makeCustomer(t.scope, { email: uniqueEmail() });
    const res = await portal.post("/login", { email: cust.email! }, { headers: ip });
    expect(res.status).toBe(200);
    await waitForEvent(t, "signin.rate_limited");
    expect(await mailsTo(cust.email!)).toHaveLength(0);
  });
});
