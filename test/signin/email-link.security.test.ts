import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signinTokens } from "../../src/db/schema";
import { CODE_ALPHABET, randomToken, signInCode } from "../../src/lib/random";
import { redeemLink } from "../../src/services/signin/redeem";
import { PortalClient } from "../helpers/portal";
import { kvKeys } from "../security/support/db-snapshot";
import { codeIn, linkIn, pathOf, requestLink, sessionsOf, tokenRow, world } from "./helpers";

/** Every row of every table and every KV entry, as one string. */
async function everything(): Promise<{ d1: string; outbox: string; kv: string }> {
  const tables = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like '\\_%' escape '\\' and name not like 'sqlite%'",
  ).all<{ name: string }>();
  let d1 = "";
  let outbox = "";
  for (const { name } of tables.results) {
    const rows = JSON.stringify((await env.DB.prepare(`select * from "${name}"`).all()).results);
    if (name === "dev_outbox") outbox += rows;
    else d1 += rows;
  }
  let kv = "";
  for (const k of await kvKeys()) kv += k + (await env.SIGNIN_TOKENS.get(k));
  return { d1, outbox, kv };
}

describe("emailed sign-in links: S1 to S6", () => {
  it("S1: 10,000 tokens from the CSPRNG are 256 bits (43 base64url characters) and all different", () => {
    const tokens = Array.from({ length: 10_000 }, () => randomToken(32));
    expect(new Set(tokens).size).toBe(10_000);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const codes = Array.from({ length: 10_000 }, () => signInCode());
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect(new Set(codes).size).toBeGreaterThan(9_990);
  });

  it("S1: the emailed link carries a 43-character token", async () => {
    const { t, email } = await world();
    const { mail } = await requestLink(new PortalClient(t.origin), email);
    expect(linkIn(mail).split("/").at(-1)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("S2: after issuing, neither the raw token nor the code is anywhere in KV or D1 (only in the mail)", async () => {
    const { t, email } = await world();
    const { mail } = await requestLink(new PortalClient(t.origin), email);
    const token = linkIn(mail).split("/").at(-1)!;
    const code = codeIn(mail);
    const all = await everything();
    expect(all.kv.length).toBeGreaterThan(0);
    expect(all.d1).not.toContain(token);
    expect(all.kv).not.toContain(token);
    expect(all.d1).not.toContain(code);
    expect(all.kv).not.toContain(code);
    // the development outbox stands for the recipient's mailbox (MailChannels in production)
    expect(all.outbox).toContain(token);
  });

  it("S3: accepted at 599 s, refused at 601 s (the service's clock, and the stored time through HTTP)", async () => {
    const { t, customer, email } = await world();
    const issueAndRow = async () => {
      const portal = new PortalClient(t.origin);
      const { mail } = await requestLink(portal, email);
      return { portal, link: linkIn(mail), row: await tokenRow(t, linkIn(mail)) };
    };
    const ctx = (now: number) => ({
      scope: t.scope,
      tenant: t.tenant,
      kv: env.SIGNIN_TOKENS,
      who: { actor: "customer" as const },
      nonceHash: null,
      previousCookie: null,
      now,
      waitUntil: () => undefined,
    });
    const late = await issueAndRow();
    expect((await redeemLink(ctx(late.row.createdAt + 601), late.row.id, true)).kind).toBe("invalid");
    const inTime = await issueAndRow();
    expect((await redeemLink(ctx(inTime.row.createdAt + 599), inTime.row.id, true)).kind).toBe("signed_in");

    // Through HTTP: move the stored times back instead of the clock (a few seconds of
    // margin on the accepted side, since the request reads the real clock).
    const old = await issueAndRow();
    let now = Math.floor(Date.now() / 1000);
    await t.scope.update(signinTokens, { createdAt: now - 601, expiresAt: now - 1 }, eq(signinTokens.id, old.row.id));
    expect((await old.portal.post(pathOf(old.link))).location).toBe("/login?error=link");
    const fresh = await issueAndRow();
    now = Math.floor(Date.now() / 1000);
    await t.scope.update(signinTokens, { createdAt: now - 595, expiresAt: now + 5 }, eq(signinTokens.id, fresh.row.id));
    expect((await fresh.portal.post(pathOf(fresh.link))).location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(2);
  });

  it("S4: 50 concurrent presses of one link give exactly one session", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    const results = await Promise.all(Array.from({ length: 50 }, () => portal.post(path)));
    expect(results.filter((r) => r.location === "/account")).toHaveLength(1);
    expect(results.filter((r) => r.location === "/login?error=link")).toHaveLength(49);
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("S5: five GETs and a HEAD of the link consume nothing and set no session; the POST still works", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    const before = await tokenRow(t, linkIn(mail));
    for (let i = 0; i < 5; i++) {
      const page = await portal.get(path);
      expect(page.status).toBe(200);
      expect(page.html).toContain('<form method="post"');
      expect(page.html).not.toMatch(/<script(?![^>]*src="\/vendor\/htmx)/); // no auto-submitting script
      expect(page.headers.getSetCookie().join()).not.toContain("bp_session");
    }
    const head = await portal.fetch(path, { method: "HEAD" });
    expect(head.headers.getSetCookie().join()).not.toContain("bp_session");
    expect(await tokenRow(t, linkIn(mail))).toEqual(before);
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
    expect((await portal.post(path)).location).toBe("/account");
  });

  it("S6: opened in another browser, there is no session without the explicit step", async () => {
    const { t, customer, email } = await world();
    const { mail } = await requestLink(new PortalClient(t.origin), email);
    const path = pathOf(linkIn(mail));
    const other = new PortalClient(t.origin);
    const page = await other.get(path);
    expect(page.html).toContain("Sign in as <strong>a***@example.com</strong> on this device?");
    const plain = await other.post(path);
    expect(plain.status).toBe(200);
    expect(plain.html).toContain("on this device?");
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
    // the code only works in the browser that asked
    expect((await other.post("/login/code", { code: codeIn(mail) })).status).toBe(422);
    const confirmed = await other.post(path, { confirm_device: "yes" });
    expect(confirmed.location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("S6: the browser that asked gets a plain Sign in button", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const page = await portal.get(pathOf(linkIn(mail)));
    expect(page.html).not.toContain("on this device?");
    expect(page.html).not.toContain("confirm_device");
  });

  it("S9: Host and X-Forwarded-Host: evil.example still mail a link to the tenant's configured host", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const before = Date.now();
    await portal.post("/login", { email }, { headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" } });
    const { waitForMail } = await import("./helpers");
    const mail = await waitForMail(email);
    expect(mail.createdAt * 1000).toBeGreaterThanOrEqual(before - 1000);
    expect(linkIn(mail).startsWith(`${t.origin}/login/email/`)).toBe(true);
    expect(mail.text).not.toContain("evil.example");
  });

  it("S9: a request on the tenant's custom domain still mails the configured portal host", async () => {
    const { t, email } = await world();
    const { tenantDomains } = await import("../../src/db/schema");
    const { testDb } = await import("../helpers/tenants");
    await testDb()
      .insert(tenantDomains)
      .values({ tenantId: t.tenant.id, host: `billing-${t.tenant.id}.merchant.example`, verifiedAt: 0, createdAt: 0 });
    const portal = new PortalClient(`http://billing-${t.tenant.id}.merchant.example`);
    const { mail } = await requestLink(portal, email);
    expect(linkIn(mail).startsWith(`${t.origin}/login/email/`)).toBe(true);
  });

  it("S10: the link page and its POST send no-referrer and no-store, load nothing from elsewhere, and end with a 303 to a clean URL", async () => {
    const { t, email } = await world({ logoUrl: "https://cdn.elsewhere.example/logo.png" });
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    const page = await portal.get(path);
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect(page.html).toContain('<meta name="referrer" content="no-referrer"/>');
    const urls = [...page.html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith("/") || u.startsWith("#")).toBe(true);
    const done = await portal.post(path);
    expect(done.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(done.status).toBe(303);
    expect(done.location).toBe("/account");
  });

  it("S10, S44: a failed link is a 303 to the sign-in page, and no token reaches the audit trail", async () => {
    const { t } = await world();
    const bogus = randomToken(32);
    const res = await exports.default.fetch(`${t.origin}/login/email/${bogus}`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/login?error=link");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    const { d1 } = await everything();
    expect(d1).not.toContain(bogus);
  });
});
