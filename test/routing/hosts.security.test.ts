import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tenantDomains, tenants } from "../../src/db/schema";
import { makeTenant, testDb } from "../helpers/tenants";

const get = (url: string, init: RequestInit = {}) => exports.default.fetch(url, { redirect: "manual", ...init });

async function expectNotFoundPage(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("Content-Type")).toContain("text/html");
  expect(await res.text()).toContain("Page not found");
}

describe("host routing: unknown and reserved hosts are the 404 page", () => {
  it.each([
    "http://localhost:8787/",
    "http://localhost:8787/login",
    "http://nobody-has-this-name.localhost:8787/",
    "http://nobody-has-this-name.localhost:8787/login",
    "http://www.localhost:8787/",
    "http://app.localhost:8787/",
    "http://dashboard.localhost:8787/",
    "http://admin.localhost:8787/",
    "http://static.localhost:8787/",
    "http://mail.localhost:8787/",
    "http://ab.localhost:8787/", // too short to be a username
    "http://-bad-.localhost:8787/",
    "http://a.b.localhost:8787/", // nested subdomains are not tenants
    "http://127.0.0.1:8787/",
    "http://unknown-custom-domain.example/",
    "http://localhost.evil.example/",
  ])("%s", async (url) => {
    await expectNotFoundPage(await get(url));
  });

  it("a disabled tenant's portal is the 404 page, on its subdomain and its custom domain", async () => {
    const t = await makeTenant({ enabled: false });
    await testDb()
      .insert(tenantDomains)
      .values({ tenantId: t.tenant.id, host: `pay.${t.tenant.username}.example`, verifiedAt: 0, createdAt: 0 });
    await expectNotFoundPage(await get(`${t.origin}/login`));
    await expectNotFoundPage(await get(`https://pay.${t.tenant.username}.example/login`));
  });

  it("a reserved name is the 404 page even if a tenant row somehow carries it", async () => {
    const t = await makeTenant();
    // bypass createTenant's validation: the host check must not rely on it alone
    await testDb().update(tenants).set({ username: "www" }).where(eq(tenants.id, t.tenant.id));
    await expectNotFoundPage(await get("http://www.localhost:8787/accessibility"));
  });
});

describe("host routing: the tenant comes from the host only", () => {
  const spoofs = (victim: string): [string, RequestInit, string][] => [
    ["X-Forwarded-Host", { headers: { "X-Forwarded-Host": `${victim}.localhost:8787` } }, ""],
    ["Forwarded", { headers: { Forwarded: `host=${victim}.localhost:8787;proto=http` } }, ""],
    ["X-Tenant", { headers: { "X-Tenant": victim } }, ""],
    ["X-Original-Host", { headers: { "X-Original-Host": `${victim}.localhost` } }, ""],
    ["X-Host", { headers: { "X-Host": `${victim}.localhost` } }, ""],
    ["query ?tenant=", {}, `?tenant=${victim}`],
    ["query ?username=", {}, `?username=${victim}`],
    ["query ?host=", {}, `?host=${victim}.localhost`],
  ];

  it("no header or query turns an unknown host into a tenant's portal", async () => {
    const victim = await makeTenant({ name: "Victim Holdings" });
    for (const [label, init, query] of spoofs(victim.tenant.username)) {
      const res = await get(`http://localhost:8787/accessibility${query}`, init);
      expect(res.status, label).toBe(404);
      expect(await res.text(), label).not.toContain("Victim Holdings");
    }
  });

  it("no header or query switches tenant A's host to tenant B", async () => {
    const a = await makeTenant({ name: "Host Owner A" });
    const b = await makeTenant({ name: "Other Tenant B" });
    for (const [label, init, query] of spoofs(b.tenant.username)) {
      const res = await get(`${a.origin}/accessibility${query}`, init);
      const html = await res.text();
      expect(res.status, label).toBe(200);
      expect(html, label).toContain("Host Owner A");
      expect(html, label).not.toContain("Other Tenant B");
    }
  });

  it("a header naming the api host does not turn a portal into the API, nor the reverse", async () => {
    const t = await makeTenant();
    const portal = await get(`${t.origin}/customers`, { headers: { "X-Forwarded-Host": "api.localhost:8787" } });
    await expectNotFoundPage(portal);
    const api = await get("http://api.localhost:8787/customers", { headers: { "X-Forwarded-Host": `${t.tenant.username}.localhost:8787` } });
    expect(api.status).toBe(401);
    expect(api.headers.get("Content-Type")).toContain("application/json");
  });
});

describe("host routing: the API lives on api.<PORTAL_DOMAIN> only", () => {
  it("API paths on a tenant host reach the portal, never the API, even with an API key", async () => {
    const t = await makeTenant();
    const auth = { Authorization: `Basic ${btoa(`${t.apiKey}:`)}` };
    // paths Invoiced shares between its API and its portal are portal pages (sign-in first)
    for (const path of ["/invoices", "/estimates", "/payments"]) {
      const res = await get(`${t.origin}${path}`, { headers: auth });
      expect(res.status, path).toBe(303);
      expect(res.headers.get("Location"), path).toMatch(/^\/login/);
    }
    // API-only paths do not exist on a portal
    for (const path of ["/customers", "/items", "/tax_rates", "/_dev/outbox", "/_dev/outbox.html"]) {
      await expectNotFoundPage(await get(`${t.origin}${path}`, { headers: auth }));
    }
  });

  it("the api subdomain of a custom domain is not the API", async () => {
    const t = await makeTenant();
    await expectNotFoundPage(await get(`http://api.${t.tenant.username}.example/customers`));
  });

  it("the API key of a tenant does not open its portal from the api host", async () => {
    const t = await makeTenant({ name: "Key Holder" });
    const res = await get("http://api.localhost:8787/accessibility", { headers: { Authorization: `Basic ${btoa(`${t.apiKey}:`)}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toContain("application/json");
  });
});
