import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tenantDomains } from "../../src/db/schema";
import { makeTenant, testDb } from "../helpers/tenants";

const get = (url: string, init: RequestInit = {}) => exports.default.fetch(url, { redirect: "manual", ...init });

async function addDomain(tenantId: number, host: string) {
  await testDb().insert(tenantDomains).values({ tenantId, host, verifiedAt: 0, createdAt: 0 });
}

describe("host routing: where each host goes", () => {
  it("<username>.<PORTAL_DOMAIN> is that tenant's portal", async () => {
    const t = await makeTenant({ name: "Subdomain Works Inc" });
    const res = await get(`${t.origin}/accessibility`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Subdomain Works Inc");
  });

  it("the host is matched without regard to case", async () => {
    const t = await makeTenant({ name: "Case Blind Ltd" });
    const res = await get(`http://${t.tenant.username.toUpperCase()}.LOCALHOST:8787/accessibility`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Case Blind Ltd");
  });

  it("a custom domain in tenant_domains reaches its tenant", async () => {
    const t = await makeTenant({ name: "Custom Domain Co" });
    await addDomain(t.tenant.id, `billing.${t.tenant.username}.example`);
    const res = await get(`https://billing.${t.tenant.username}.example/accessibility`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Custom Domain Co");
  });

  it("each custom domain reaches its own tenant, not another", async () => {
    const a = await makeTenant({ name: "Domain Owner A" });
    const b = await makeTenant({ name: "Domain Owner B" });
    await addDomain(a.tenant.id, `portal.${a.tenant.username}.example`);
    await addDomain(b.tenant.id, `portal.${b.tenant.username}.example`);
    const html = await (await get(`https://portal.${b.tenant.username}.example/accessibility`)).text();
    expect(html).toContain("Domain Owner B");
    expect(html).not.toContain("Domain Owner A");
  });

  it("api.<PORTAL_DOMAIN> is the merchant API (JSON, API-key auth)", async () => {
    const res = await get("http://api.localhost:8787/customers");
    expect(res.status).toBe(401);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ type: "authentication_error" });
  });

  it("/ on a tenant host redirects to /login (the portal, not the API)", async () => {
    const t = await makeTenant();
    const res = await get(`${t.origin}/`);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/login");
  });
});
