import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { idempotencyKeys } from "../../src/db/schema";
import { accessibleAccent } from "../../src/services/theme";
import { apiClient } from "../helpers/api";
import { publish } from "../helpers/dns";
import { makeCustomer, makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { apiTenant, eventsOf } from "./support";

const KEY = "sk_live_51SecurityOnlyAbcdefghijklmnopQRST";
const WHSEC = "whsec_securityOnly0123456789abcdefXYZ";

const ENDPOINTS: [method: string, path: string, body?: unknown][] = [
  ["GET", "/settings"],
  ["PATCH", "/settings", { enabled: false }],
  ["GET", "/settings/payment_gateway"],
  ["PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: KEY }],
  ["GET", "/settings/domains"],
  ["POST", "/settings/domains", { host: "stolen.example.org" }],
  ["GET", "/settings/domains/1"],
  ["DELETE", "/settings/domains/1"],
];

/** Every row of every table, as text: a secret in clear would show up here. */
async function allOfD1(): Promise<string> {
  const tables = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like '\\_%' escape '\\' and name not like 'sqlite%'",
  ).all<{ name: string }>();
  let out = "";
  for (const { name } of tables.results) out += JSON.stringify((await env.DB.prepare(`select * from "${name}"`).all()).results);
  return out;
}

describe("401 on every settings endpoint without the tenant's API key", () => {
  it("no key, a wrong key, an empty key: 401 authentication_error, and nothing changes", async () => {
    const { t, api } = await apiTenant();
    await api.post("/settings/domains", { host: `mine-${t.tenant.id}.example.org` });
    const before = (await api.get("/settings")).body;
    for (const client of [apiClient(null), apiClient("wrong-key-0123456789abcdef"), apiClient("")]) {
      for (const [method, path, body] of ENDPOINTS) {
        const res = await client.call(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.type).toBe("authentication_error");
        expect(res.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
      }
    }
    expect((await api.get("/settings")).body).toEqual(before);
    expect((await api.get("/settings/domains")).body).toHaveLength(1);
    expect((await exports.default.fetch("http://stolen.example.org/login")).status).toBe(404);
  });
});

describe("S31: tenant A's key never reads or changes tenant B", () => {
  it("A's PATCH, gateway and domains leave B's settings, portal and domains as they were", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const bDomain = (await b.api.post("/settings/domains", { host: `b-${b.t.tenant.id}.example.org` })).body;
    publish(bDomain);
    expect((await b.api.post(`/settings/domains/${bDomain.id}/verify`)).status).toBe(200);
    vi.restoreAllMocks();
    const bBefore = (await b.api.get("/settings")).body;

    await a.api.patch("/settings", { name: "A renamed", highlight_color: "#8b0000", enabled: true, allow_partial_payments: false });
    await a.api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: KEY, webhook_secret: WHSEC });
    expect((await a.api.get(`/settings/domains/${bDomain.id}`)).status).toBe(404);
    expect((await a.api.delete(`/settings/domains/${bDomain.id}`)).status).toBe(404);
    expect((await a.api.get("/settings/domains")).body).toEqual([]);

    expect((await b.api.get("/settings")).body).toEqual(bBefore);
    expect((await b.api.get("/settings/payment_gateway")).body).toMatchObject({ gateway: "test", stripe_connected: false });
    expect((await new PortalClient(b.t.origin).get("/theme.css")).html).toContain(accessibleAccent("#1d4ed8"));
    expect((await b.api.get(`/settings/domains/${bDomain.id}`)).status).toBe(200);
    const viaDomain = await exports.default.fetch(`http://${bDomain.host}/login`);
    expect(await viaDomain.text()).toContain(b.t.tenant.name);
    expect(await eventsOf(b.t, "settings.updated")).toEqual([]);
  });

  it("the tenant cannot be named in the body or query: the key decides", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    for (const field of ["username", "tenant", "tenant_id", "id"]) {
      const res = await a.api.patch("/settings", { [field]: b.t.tenant.username, name: "Hijack" });
      expect(res.status).toBe(400);
      expect(res.body.param).toBe(field);
    }
    const viaQuery = await a.api.get(`/settings?username=${b.t.tenant.username}`);
    expect(viaQuery.body.username).toBe(a.t.tenant.username);
    expect((await b.api.get("/settings")).body.name).toBe(b.t.tenant.name);
  });
});

describe("S42: Stripe secrets go in once and never come out", () => {
  it("neither the answers, the events nor any D1 table holds the secret key or webhook secret in clear", async () => {
    const { t, api } = await apiTenant();
    const put = await api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: KEY, webhook_secret: WHSEC });
    const answers = [put, await api.get("/settings/payment_gateway"), await api.get("/settings")].map((r) => JSON.stringify(r.body));
    for (const text of answers) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(KEY.slice(8, -4)); // not even the middle of it
      expect(text).not.toContain(WHSEC.slice(6));
    }
    expect(put.body.secret_key_hint).toBe("sk_live_…QRST");
    const d1 = await allOfD1();
    expect(d1).not.toContain(KEY);
    expect(d1).not.toContain(WHSEC);
    expect(d1).not.toContain(KEY.slice(8));
    expect(JSON.stringify(await eventsOf(t))).not.toContain("sk_live");
  });

  it("a refused key is not echoed, logged in events or stored", async () => {
    const { t, api } = await apiTenant();
    const bad = "sk_live_51Has-a-dash-so-it-is-refused0000";
    const res = await api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: bad, webhook_secret: WHSEC });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(bad);
    expect(await allOfD1()).not.toContain(bad);
    expect(await eventsOf(t)).toEqual([]);
  });
});

describe("settings are enforced on the server, not only by hiding", () => {
  it("enabled: false: a signed-in customer's pages and POSTs are 404s, and the session does not come back to life", async () => {
    const { t, api } = await apiTenant();
    const customer = await makeCustomer(t.scope);
    const inv = await makeInvoice(t.scope, customer.id);
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, customer.id);
    expect((await portal.get("/pay")).status).toBe(200);
    await api.patch("/settings", { enabled: false });
    expect((await portal.get("/account")).status).toBe(404);
    expect((await portal.get(`/invoices/${inv.publicId}/pdf`)).status).toBe(404);
    expect((await portal.post("/pay", { invoice: inv.publicId })).status).toBe(404);
    expect((await exports.default.fetch(`${t.origin}/theme.css`)).status).toBe(404);
    await api.patch("/settings", { enabled: true });
    const back = await portal.get("/account");
    expect(back.status).toBe(303);
    expect(back.location).toMatch(/^\/login/);
  });

  it("a custom domain reaches only its own tenant: another tenant's session cookie is not signed in there", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const host = `a-${a.t.tenant.id}.example.org`;
    const claim = (await a.api.post("/settings/domains", { host })).body;
    publish(claim);
    expect((await a.api.post(`/settings/domains/${claim.id}/verify`)).status).toBe(200);
    vi.restoreAllMocks();
    const bCustomer = await makeCustomer(b.t.scope);
    const bPortal = new PortalClient(b.t.origin);
    await bPortal.signInAs(b.t.scope, b.t.tenant, bCustomer.id);
    const onA = new PortalClient(`http://${host}`);
    onA.cookies = new Map(bPortal.cookies);
    const res = await onA.get("/account");
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login/);
  });
});

describe("Idempotency-Key is for POST only", () => {
  it("PATCH and PUT apply every time and keep nothing for replays", async () => {
    const { t, api } = await apiTenant();
    await api.patch("/settings", { name: "First" }, { "Idempotency-Key": "same" });
    const second = await api.patch("/settings", { name: "Second" }, { "Idempotency-Key": "same" });
    expect(second.status).toBe(200);
    expect(second.body.name).toBe("Second");
    expect(second.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await t.scope.select(idempotencyKeys).all()).toEqual([]);
  });
});
