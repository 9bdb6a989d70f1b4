import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "../../src/services/signin/redirects";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { invoicedToken, linkIn, mailsTo, pathOf, requestLink, sessionsOf, uniqueEmail, world } from "./helpers";

describe("S26: every sign-in POST refuses cross-site, sibling-tenant and text/plain requests", () => {
  it("refuses each attack shape on each route, and changes nothing", async () => {
    const { t, customer, email } = await world();
    const sibling = await makeTenant();
    const victim = new PortalClient(t.origin);
    const { mail } = await requestLink(victim, email);
    const linkPath = pathOf(linkIn(mail));
    await victim.signInAs(t.scope, t.tenant, customer.id, { email });
    const routes: [string, Record<string, string>][] = [
      ["/login", { email }],
      ["/login/code", { code: "AAAA2222" }],
      [linkPath, { confirm_device: "yes" }],
      ["/switch", { customer: String(customer.id), next: "/account" }],
      ["/login/reauth", { next: "/account" }],
      ["/logout", {}],
    ];
    const sessionsBefore = (await sessionsOf(t, customer.id)).length;
    const mailsBefore = (await mailsTo(email)).length;
    for (const [path, fields] of routes) {
      const form = new URLSearchParams({ _csrf: victim.csrf, ...fields }).toString();
      const cookie = victim.cookieHeader();
      const attempts: RequestInit[] = [
        // a form on another site (assume the browser sends the cookies along)
        { headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" }, body: form },
        // a sibling tenant is the same site but not the same origin
        { headers: { Cookie: cookie, Origin: sibling.origin, "Content-Type": "application/x-www-form-urlencoded" }, body: form },
        { headers: { Cookie: cookie, "Sec-Fetch-Site": "same-site", "Content-Type": "application/x-www-form-urlencoded" }, body: form },
        // a sandboxed frame or a no-referrer page elsewhere: Origin "null", and the browser says cross-site
        { headers: { Cookie: cookie, Origin: "null", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" }, body: form },
        { headers: { Cookie: cookie, Origin: "null", "Content-Type": "application/x-www-form-urlencoded" }, body: form },
        // a text/plain "simple request" from the same origin, and a form without the token
        { headers: { Cookie: cookie, Origin: t.origin, "Content-Type": "text/plain" }, body: form },
        { headers: { Cookie: cookie, Origin: t.origin, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() },
      ];
      for (const init of attempts) {
        const res = await exports.default.fetch(`${t.origin}${path}`, { method: "POST", redirect: "manual", ...init });
        expect(res.status, `${path} ${JSON.stringify(init.headers)}`).toBe(403);
        expect(res.headers.getSetCookie().join()).not.toContain("bp_session");
      }
    }
    expect(await sessionsOf(t, customer.id)).toHaveLength(sessionsBefore);
    expect(await mailsTo(email)).toHaveLength(mailsBefore);
    expect((await victim.post(linkPath)).location).toBe("/account"); // the link is still unused
  });
});

describe("S10 with S26: the link page's Sign in button works as a real browser posts it", () => {
  it("a no-referrer page's form post (Origin: null, Sec-Fetch-Site: same-origin, token) signs in", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    await portal.get(path);
    const res = await portal.post(path, {}, { headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" } });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });
});

describe("S27: no open redirects", () => {
  const corpus = [
    "//evil.com",
    "/\\evil.com",
    "/%2F%2Fevil.com",
    "https:evil.com",
    "javascript:alert(1)",
    "https://evil.com/",
    "/%5Cevil.com",
    "/login/email/x",
    "\t/evil",
  ];

  it("safeNextPath sends every entry of the corpus to /account", () => {
    for (const bad of corpus) expect(safeNextPath(bad)).toBe("/account");
    expect(safeNextPath("/invoices?status=open")).toBe("/invoices?status=open");
  });

  it("?next= through a whole emailed sign-in lands on /account for each bad value, and on the page for a good one", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    for (const bad of [...corpus, `${other.origin}/account`]) {
      const email = uniqueEmail();
      await makeCustomer(t.scope, { email });
      const portal = new PortalClient(t.origin);
      await portal.get(`/login?next=${encodeURIComponent(bad)}`);
      const { mail } = await requestLink(portal, email, { next: bad });
      expect((await portal.post(pathOf(linkIn(mail)))).location, bad).toBe("/account");
    }
    const email = uniqueEmail();
    await makeCustomer(t.scope, { email });
    const portal = new PortalClient(t.origin);
    const login = await portal.get("/login?next=%2Finvoices%3Fstatus%3Dopen");
    expect(login.html).toContain('name="next" value="/invoices?status=open"');
    const { mail } = await requestLink(portal, email, { next: "/invoices?status=open" });
    expect((await portal.post(pathOf(linkIn(mail)))).location).toBe("/invoices?status=open");
  });

  it("SSO's redirect_to takes page ids only: every URL in the corpus lands on /account", async () => {
    const { t, customer } = await world();
    const other = await makeTenant();
    for (const [i, bad] of [...corpus, `${other.origin}/pay`].entries()) {
      const token = await invoicedToken(t.ssoKey, customer.id, Math.floor(Date.now() / 1000), { jti: `corpus-${i}` });
      const res = await new PortalClient(t.origin).get(`/login/${token}?redirect_to=${encodeURIComponent(bad)}`);
      expect(res.location, bad).toBe("/account");
    }
  });
});
