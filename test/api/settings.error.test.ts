import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { isGuardFailure } from "../../src/db/batch";
import { noStripeAttemptsInFlightGuard } from "../../src/db/queries/tenant-settings";
import { paymentAttempts } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { removeStripeSettings } from "../../src/services/pay/stripe-settings";
import { API_ORIGIN } from "../helpers/api";
import { publish } from "../helpers/dns";
import { makeCustomer } from "../helpers/fixtures";
import { apiTenant, eventsOf } from "./support";

const KEY = "sk_test_51ErrorPathOnlyAbcdefghijkl";
const WHSEC = "whsec_errorPathOnly0123456789abcdef";

describe("PATCH /settings refuses bad input with a 400 naming the field, and changes nothing", () => {
  const cases: [body: Record<string, unknown>, param: string, message?: RegExp][] = [
    [{ colour: "#fff" }, "colour", /Unknown field/],
    [{ username: "other" }, "username", /read-only/],
    [{ object: "settings" }, "object"],
    [{ portal_url: "https://evil.example" }, "portal_url"],
    [{ payment_gateway: "stripe" }, "payment_gateway", /PUT \/settings\/payment_gateway/],
    [{ stripe_connected: true }, "stripe_connected"],
    [{ name: "" }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: null }, "name"],
    [{ logo_url: "http://cdn.acme.example/logo.png" }, "logo_url", /https/],
    [{ logo_url: "javascript:alert(1)" }, "logo_url"],
    [{ logo_url: "data:image/png;base64,AAAA" }, "logo_url"],
    [{ logo_url: "https://user:pw@cdn.acme.example/logo.png" }, "logo_url"],
    [{ logo_url: "https://cdn.acme.example/logo .png" }, "logo_url"],
    [{ logo_url: `https://cdn.acme.example/${"a".repeat(500)}.png` }, "logo_url", /500/],
    [{ highlight_color: "blue" }, "highlight_color", /hex/],
    [{ highlight_color: "#12345" }, "highlight_color"],
    [{ highlight_color: "#fff;}body{display:none}" }, "highlight_color"],
    [{ currency: "xx" }, "currency"],
    [{ welcome_message: "x".repeat(1001) }, "welcome_message"],
    [{ enabled: "false" }, "enabled"],
    [{ allow_partial_payments: 0 }, "allow_partial_payments"],
    [{ require_authentication: null }, "require_authentication"],
    [{ session_idle_seconds: 3601 }, "session_idle_seconds", /may only shorten/],
    [{ session_idle_seconds: 60 }, "session_idle_seconds", /at least 300/],
    [{ session_idle_seconds: 600.5 }, "session_idle_seconds"],
    [{ session_absolute_seconds: 43201 }, "session_absolute_seconds", /may only shorten/],
    [{ session_absolute_seconds: 86400 * 30 }, "session_absolute_seconds"],
    [{ session_absolute_seconds: 1800, session_idle_seconds: 2400 }, "session_idle_seconds", /longer than/],
    [{ session_absolute_seconds: 1800 }, "session_absolute_seconds", /longer than/],
    [{ sso_max_lifetime_seconds: 7200 }, "sso_max_lifetime_seconds", /may only shorten/],
    [{ sso_max_lifetime_seconds: 10 }, "sso_max_lifetime_seconds"],
    [{ sso_issuer: "x".repeat(256) }, "sso_issuer"],
    [{ sso_issuer: "bad\u0000issuer" }, "sso_issuer"],
    [{ time_zone: "Mars/Olympus_Mons" }, "time_zone", /IANA/],
    [{ time_zone: "+14:00" }, "time_zone", /IANA/],
    [{ time_zone: "" }, "time_zone"],
    [{ dunning_retry_days: [5, 3] }, "dunning_retry_days", /ascending/],
    [{ dunning_retry_days: [0] }, "dunning_retry_days[0]"],
    [{ dunning_retry_days: [1.5] }, "dunning_retry_days[0]"],
    [{ dunning_final_action: "delete" }, "dunning_final_action"],
    [{ subscription_downgrades: "later" }, "subscription_downgrades"],
  ];

  it.each(cases)("%j -> 400 on %s", async (body, param, message) => {
    const { t, api } = await apiTenant();
    const before = (await api.get("/settings")).body;
    const res = await api.patch("/settings", { welcome_message: "kept?", ...body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: "invalid_request_error", param });
    if (message) expect(res.body.message).toMatch(message);
    expect((await api.get("/settings")).body).toEqual(before);
    expect(await eventsOf(t, "settings.updated")).toEqual([]);
  });

  it("S26: a body that is not JSON is a 415; malformed JSON or an array is a 400", async () => {
    const { t, api } = await apiTenant();
    const raw = (type: string, body: string) =>
      exports.default.fetch(`${API_ORIGIN}/settings`, {
        method: "PATCH",
        headers: { Authorization: `Basic ${btoa(`${t.apiKey}:`)}`, "Content-Type": type },
        body,
      });
    expect((await raw("text/plain", JSON.stringify({ enabled: false }))).status).toBe(415);
    expect((await raw("application/x-www-form-urlencoded", "enabled=false")).status).toBe(415);
    expect((await raw("application/json", "{enabled:false")).status).toBe(400);
    expect((await api.patch("/settings", [1])).status).toBe(400);
    expect((await api.get("/settings")).body.enabled).toBe(true);
  });

  it("POST /settings is not an endpoint (PATCH is)", async () => {
    const { api } = await apiTenant();
    expect((await api.post("/settings", { name: "x" })).status).toBe(404);
  });
});

describe("PUT /settings/payment_gateway refuses", () => {
  const put = (api: Awaited<ReturnType<typeof apiTenant>>["api"], body: unknown) => api.call("PUT", "/settings/payment_gateway", body);

  const cases: [body: Record<string, unknown>, param: string][] = [
    [{}, "gateway"],
    [{ gateway: "paypal" }, "gateway"],
    [{ gateway: "stripe" }, "secret_key"],
    [{ gateway: "stripe", secret_key: "pk_test_51PublishableKeyAbcdefgh" }, "secret_key"],
    [{ gateway: "stripe", secret_key: "sk_prod_51abcdefghijklmnopqrstu" }, "secret_key"],
    [{ gateway: "stripe", secret_key: 42 }, "secret_key"],
    [{ gateway: "stripe", secret_key: KEY, webhook_secret: "not-a-whsec-0123456789" }, "webhook_secret"],
    [{ gateway: "stripe", secret_key: KEY, publishable_key: "pk_test_x" }, "publishable_key"],
    [{ gateway: "test", secret_key: KEY }, "secret_key"],
  ];

  it.each(cases)("%j -> 400 on %s, without echoing what was sent, and nothing stored", async (body, param) => {
    const { t, api } = await apiTenant();
    const res = await put(api, body);
    expect(res.status).toBe(400);
    expect(res.body.param).toBe(param);
    for (const v of Object.values(body)) if (typeof v === "string" && v.length > 12) expect(JSON.stringify(res.body)).not.toContain(v);
    expect((await api.get("/settings/payment_gateway")).body).toMatchObject({ gateway: "test", stripe_connected: false });
    expect(await eventsOf(t, "settings.updated")).toEqual([]);
  });

  it("switching to test while a Stripe payment waits for its outcome is a 409 and keeps the keys", async () => {
    const { t, api } = await apiTenant();
    await put(api, { gateway: "stripe", secret_key: KEY, webhook_secret: WHSEC });
    const customer = await makeCustomer(t.scope);
    const now = nowSeconds();
    await t.scope.insert(paymentAttempts, {
      id: `att_${now}`,
      customerId: customer.id,
      clientKey: `ck${now}`,
      status: "processing",
      currency: "usd",
      amount: 1000,
      allocations: [],
      gateway: "stripe",
      createdAt: now - 3600,
      updatedAt: now - 3600,
    });
    const res = await put(api, { gateway: "test" });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ param: "gateway" });
    expect(res.body.message).toMatch(/1 Stripe payment/);
    expect((await api.get("/settings/payment_gateway")).body).toMatchObject({ gateway: "stripe", stripe_connected: true, webhook_secret_set: true });
  });

  it("the same check runs inside the batch that forgets the keys (a payment started after the count)", async () => {
    const { t, api } = await apiTenant();
    await put(api, { gateway: "stripe", secret_key: KEY, webhook_secret: WHSEC });
    const customer = await makeCustomer(t.scope);
    const now = nowSeconds();
    await t.scope.insert(paymentAttempts, {
      id: `att_late_${now}`,
      customerId: customer.id,
      clientKey: `late${now}`,
      status: "processing",
      currency: "usd",
      amount: 500,
      allocations: [],
      gateway: "stripe",
      createdAt: now,
      updatedAt: now,
    });
    const batch = removeStripeSettings(t.scope.db, t.tenant.id, now, [noStripeAttemptsInFlightGuard(t.scope, now - 60)]);
    const err = await batch.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isGuardFailure(err)).toBe(true);
    expect((await api.get("/settings/payment_gateway")).body).toMatchObject({ gateway: "stripe", stripe_connected: true });
  });

  it("PATCH or POST on the gateway is not an endpoint", async () => {
    const { api } = await apiTenant();
    expect((await api.patch("/settings/payment_gateway", { gateway: "test" })).status).toBe(404);
    expect((await api.post("/settings/payment_gateway", { gateway: "test" })).status).toBe(404);
  });
});

describe("/settings/domains refuses", () => {
  const bad = [
    "https://billing.acme.example",
    "billing.acme.example:8443",
    "billing.acme.example/pay",
    "billing_acme.example",
    "-billing.acme.example",
    "billing",
    "192.168.0.10",
    "bïlling.acme.example",
    `${"a".repeat(64)}.acme.example`,
    "billing..acme.example",
    "",
  ];

  it.each(bad)("host %j: 400 on host", async (host) => {
    const { t, api } = await apiTenant();
    const res = await api.post("/settings/domains", { host });
    expect(res.status).toBe(400);
    expect(res.body.param).toBe("host");
    expect(await eventsOf(t, "domain.created")).toEqual([]);
  });

  it.each(["localhost", "acme.localhost", "api.localhost", "API.LOCALHOST."])("%j is the portal's own domain: 400", async (host) => {
    const { api } = await apiTenant();
    const res = await api.post("/settings/domains", { host });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ param: "host" });
  });

  it("a host the tenant already has, or another tenant holds verified, is a 409 that does not say whose", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const host = `shared-${a.t.tenant.id}.example.org`;
    const mine = await a.api.post("/settings/domains", { host });
    expect(mine.status).toBe(201);
    const again = await a.api.post("/settings/domains", { host });
    expect(again.status).toBe(409);
    publish(mine.body);
    expect((await a.api.post(`/settings/domains/${mine.body.id}/verify`)).status).toBe(200);
    vi.restoreAllMocks();
    const other = await b.api.post("/settings/domains", { host: host.toUpperCase() });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ param: "host" });
    expect(JSON.stringify(other.body)).not.toContain(a.t.tenant.username);
    expect(await eventsOf(b.t, "domain.created")).toEqual([]);
    expect((await b.api.get("/settings/domains")).body).toEqual([]);
  });

  it("unknown fields, a missing host and more than 10 domains", async () => {
    const { t, api } = await apiTenant();
    expect((await api.post("/settings/domains", { host: "x.example.org", tenant: 1 })).body.param).toBe("tenant");
    expect((await api.post("/settings/domains", {})).body.param).toBe("host");
    for (let i = 0; i < 10; i++) expect((await api.post("/settings/domains", { host: `d${i}-${t.tenant.id}.example.org` })).status).toBe(201);
    const eleventh = await api.post("/settings/domains", { host: `d10-${t.tenant.id}.example.org` });
    expect(eleventh.status).toBe(409);
  });

  it("an unknown or malformed domain id is a 404; list parameters are checked", async () => {
    const { api } = await apiTenant();
    expect((await api.get("/settings/domains/999999")).status).toBe(404);
    expect((await api.delete("/settings/domains/abc")).status).toBe(404);
    expect((await api.get("/settings/domains?sort=tenant_id")).status).toBe(400);
    expect((await api.get("/settings/domains?filter[tenant]=1")).status).toBe(400);
  });
});
