import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { catalogItems, sessions, tenants } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { accessibleAccent } from "../../src/services/theme";
import { approve, estimate, signedIn } from "../estimates/helpers";
import { publish } from "../helpers/dns";
import { makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { testDb } from "../helpers/tenants";
import { deliver, sign, event as stripeEvent } from "../webhooks/stripe-helpers";
import { apiTenant, eventsOf } from "./support";

/** Every writable setting, each away from its default. */
const CHANGED = {
  name: "Acme Roofing Ltd",
  logo_url: "https://cdn.acme.example/logo.png",
  highlight_color: "#FF9900",
  currency: "eur",
  welcome_message: "Welcome to Acme's billing portal.\nCall us on 555-0100.",
  enabled: false,
  allow_partial_payments: false,
  allow_advance_payments: true,
  allow_autopay_enrollment: false,
  allow_autopay_opt_out: true,
  allow_billing_portal_cancellations: true,
  allow_subscription_changes: true,
  allow_billing_portal_profile_changes: false,
  allow_editing_contacts: false,
  require_authentication: false,
  estimate_auto_invoice: true,
  session_idle_seconds: 900,
  session_absolute_seconds: 7200,
  sso_max_lifetime_seconds: 300,
  sso_issuer: "https://app.acme.example",
  time_zone: "Pacific/Kiritimati",
  dunning_retry_days: [2, 4, 9],
  dunning_final_action: "cancel",
  subscription_downgrades: "now",
  subscription_change_plans: ["basic", "pro"],
  subscription_min_quantity: 2,
  subscription_max_quantity: 20,
  allow_immediate_cancellation: true,
  allow_subscription_pause: true,
  cancellation_retention_coupon: "stay",
};

describe("GET /settings and PATCH /settings", () => {
  it("GET answers the defaults of product.md with the tenant's name and portal URL", async () => {
    const { t, api } = await apiTenant();
    const res = await api.get("/settings");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "settings",
      username: t.tenant.username,
      portal_url: t.origin,
      name: t.tenant.name,
      logo_url: null,
      highlight_color: "#1d4ed8",
      currency: "usd",
      welcome_message: null,
      enabled: true,
      allow_partial_payments: true,
      allow_advance_payments: false,
      allow_autopay_enrollment: true,
      allow_autopay_opt_out: false,
      allow_billing_portal_cancellations: false,
      allow_subscription_changes: false,
      allow_billing_portal_profile_changes: true,
      allow_editing_contacts: true,
      require_authentication: true,
      estimate_auto_invoice: false,
      session_idle_seconds: 3600,
      session_absolute_seconds: 43200,
      sso_max_lifetime_seconds: 3600,
      sso_issuer: null,
      time_zone: "UTC",
      dunning_retry_days: [3, 5, 7],
      dunning_final_action: "past_due",
      subscription_downgrades: "period_end",
      subscription_change_plans: [],
      subscription_min_quantity: 1,
      subscription_max_quantity: null,
      allow_immediate_cancellation: false,
      allow_subscription_pause: false,
      cancellation_retention_coupon: null,
      payment_gateway: "test",
      stripe_connected: false,
    });
  });

  it("every field round-trips, and settings.updated (actor api, IP, browser) names each changed field and carries the settings object", async () => {
    const { t, api } = await apiTenant();
    const res = await api.patch("/settings", CHANGED, { "CF-Connecting-IP": "198.51.100.9", "User-Agent": "acme-admin/1.0" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(CHANGED);
    expect((await api.get("/settings")).body).toMatchObject(CHANGED);
    const [event] = await eventsOf(t, "settings.updated");
    expect(event).toMatchObject({ actor: "api", ip: "198.51.100.9", userAgent: "acme-admin/1.0", objectType: "settings" });
    expect((event!.data as { fields: string[] }).fields.sort()).toEqual(Object.keys(CHANGED).sort());
    // issue 14 (docs/decisions.md): the settings as GET /settings shows them, with previous
    expect((event!.data as { object: unknown }).object).toEqual((await api.get("/settings")).body);
  });

  it("a PATCH names only what changed; the same values again write nothing; null clears optional text", async () => {
    const { t, api } = await apiTenant();
    await api.patch("/settings", { welcome_message: "Hi", allow_partial_payments: true });
    const [first] = await eventsOf(t, "settings.updated");
    expect((first!.data as { fields: string[] }).fields).toEqual(["welcome_message"]);
    await api.patch("/settings", { welcome_message: "Hi" });
    expect(await eventsOf(t, "settings.updated")).toHaveLength(1);
    const cleared = await api.patch("/settings", { welcome_message: null, logo_url: "" });
    expect(cleared.body).toMatchObject({ welcome_message: null, logo_url: null });
  });

  it("the highlight colour is stored as given and /theme.css serves its accessible shade", async () => {
    const { t, api } = await apiTenant();
    await api.patch("/settings", { highlight_color: "#ff9900" });
    const css = await new PortalClient(t.origin).get("/theme.css");
    expect(css.html).toContain(`--accent:${accessibleAccent("#ff9900")};`);
    expect(accessibleAccent("#ff9900")).not.toBe(accessibleAccent("#1d4ed8"));
  });

  it("name, logo and welcome message show on the portal's sign-in page", async () => {
    const { t, api } = await apiTenant();
    await api.patch("/settings", { name: "Acme Roofing", logo_url: "https://cdn.acme.example/logo.png", welcome_message: "Hello from Acme" });
    const page = await new PortalClient(t.origin).get("/login");
    expect(page.html).toContain('<img src="https://cdn.acme.example/logo.png" alt="Acme Roofing"');
    expect(page.html).toContain("Hello from Acme");
  });

  it("enabled: false makes the portal host a 404 page; true brings it back (the API keeps working)", async () => {
    const { t, api } = await apiTenant();
    await api.patch("/settings", { enabled: false });
    const off = await new PortalClient(t.origin).get("/login");
    expect(off.status).toBe(404);
    expect(off.html).not.toContain(t.tenant.name);
    expect((await api.patch("/settings", { enabled: true })).status).toBe(200);
    expect((await new PortalClient(t.origin).get("/login")).status).toBe(200);
  });

  it("currency is the default for what the API creates without one", async () => {
    const { t, api } = await apiTenant();
    await api.patch("/settings", { currency: "EUR" });
    expect((await api.post("/items", { id: "roof", name: "Roof", unit_cost: 10 })).body.currency).toBe("eur");
    expect((await t.scope.select(catalogItems).get())!.currency).toBe("eur");
  });
});

describe("portal settings take effect in the portal", () => {
  it("allow_partial_payments: false leaves /pay without amount fields; advance and AutoPay follow their settings", async () => {
    const w = await signedIn();
    const inv = await makeInvoice(w.t.scope, w.cust.id);
    const before = await w.portal.get("/pay");
    expect(before.html).toContain(`name="amount_${inv.publicId}"`);
    expect(before.html).toContain('name="autopay"');
    expect(before.html).not.toContain('name="advance_amount"');
    await w.api.patch("/settings", { allow_partial_payments: false, allow_autopay_enrollment: false, allow_advance_payments: true });
    const after = await w.portal.get("/pay");
    expect(after.html).not.toContain(`name="amount_${inv.publicId}"`);
    expect(after.html).not.toContain('name="autopay"');
    expect(after.html).toContain('name="advance_amount"');
  });

  it("allow_autopay_opt_out: true lets an AutoPay customer turn it off on /payment-methods", async () => {
    const w = await signedIn();
    await w.api.patch(`/customers/${w.cust.id}`, { autopay: true });
    expect((await w.portal.get("/payment-methods")).html).not.toContain("Turn off AutoPay");
    await w.api.patch("/settings", { allow_autopay_opt_out: true });
    expect((await w.portal.get("/payment-methods")).html).toContain("Turn off AutoPay");
  });

  it("profile and contact editing switched off: /billing says to get in touch", async () => {
    const w = await signedIn();
    expect((await w.portal.get("/billing")).html).not.toContain("please get in touch");
    await w.api.patch("/settings", { allow_billing_portal_profile_changes: false, allow_editing_contacts: false });
    const page = await w.portal.get("/billing");
    expect(page.html).toContain("To change these details, please get in touch");
    expect(page.html).toContain("To change your contacts, please get in touch");
  });

  it("require_authentication: false lets a document link open that invoice signed out", async () => {
    const w = await signedIn();
    const inv = await makeInvoice(w.t.scope, w.cust.id);
    expect((await new PortalClient(w.t.origin).get(`/invoices/${inv.publicId}`)).status).toBe(303);
    await w.api.patch("/settings", { require_authentication: false });
    const page = await new PortalClient(w.t.origin).get(`/invoices/${inv.publicId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(inv.number);
  });

  it("estimate_auto_invoice: true turns an approved estimate into an invoice", async () => {
    const w = await signedIn();
    await w.api.patch("/settings", { estimate_auto_invoice: true });
    const e = await estimate(w);
    expect((await approve(w, e.publicId)).location).toBe(`/estimates/${e.publicId}?done=invoiced`);
  });

  it("S21: a shorter idle timeout applies at once; a shorter lifetime caps running and new sessions", async () => {
    const w = await signedIn();
    const now = nowSeconds();
    await w.api.patch("/settings", { session_idle_seconds: 600, session_absolute_seconds: 1800 });
    const [row] = await w.t.scope.select(sessions, eq(sessions.id, w.sessionId)).all();
    expect(row!.expiresAt).toBe(row!.createdAt + 1800);
    await w.t.scope.update(sessions, { lastSeenAt: now - 700 }, eq(sessions.id, w.sessionId));
    const res = await w.portal.get("/account");
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login/);
    const tenant = (await testDb().select().from(tenants).where(eq(tenants.id, w.t.tenant.id)).get())!;
    const fresh = await new PortalClient(w.t.origin).signInAs(w.t.scope, tenant, w.cust.id);
    const [created] = await w.t.scope.select(sessions, eq(sessions.id, fresh.sessionId)).all();
    expect(created!.expiresAt - created!.createdAt).toBe(1800);
  });

  it("S15: a shorter SSO lifetime cap and a pinned issuer are enforced on /login/{token}", async () => {
    const w = await signedIn();
    await w.api.patch("/settings", { sso_max_lifetime_seconds: 300, sso_issuer: "https://app.acme.example" });
    const n = nowSeconds();
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ sub: w.cust.id, iat: n, ...claims } as never).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(w.t.ssoKey));
    const tooLong = await sign({ exp: n + 600, iss: "https://app.acme.example" });
    const otherIssuer = await sign({ exp: n + 200, iss: "https://elsewhere.example" });
    const ok = await sign({ exp: n + 200, iss: "https://app.acme.example" });
    expect((await new PortalClient(w.t.origin).get(`/login/${tooLong}`)).location).toBe("/login?error=link");
    expect((await new PortalClient(w.t.origin).get(`/login/${otherIssuer}`)).location).toBe("/login?error=link");
    expect((await new PortalClient(w.t.origin).get(`/login/${ok}`)).location).toBe("/account");
  });
});

describe("custom domains", () => {
  it("a domain is stored lower-cased, listed, and reaches the tenant's portal; deleting it ends that", async () => {
    const { t, api } = await apiTenant();
    const host = `Billing-${t.tenant.id}.Acme.example.`;
    const created = await api.post("/settings/domains", { host });
    expect(created.status).toBe(201);
    const lower = `billing-${t.tenant.id}.acme.example`;
    expect(created.body).toMatchObject({ object: "domain", host: lower });
    const list = await api.get("/settings/domains");
    expect(list.body.map((d: { host: string }) => d.host)).toEqual([lower]);
    expect(list.headers.get("X-Total-Count")).toBe("1");
    expect((await api.get(`/settings/domains/${created.body.id}`)).body.host).toBe(lower);
    // not served before its TXT record is checked (issue 12.5)
    expect((await exports.default.fetch(`http://${lower}/login`)).status).toBe(404);
    publish(created.body);
    expect((await api.post(`/settings/domains/${created.body.id}/verify`)).body).toMatchObject({ verified: true });
    vi.restoreAllMocks();

    const page = await exports.default.fetch(`http://${lower}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(t.tenant.name);
    const [event] = await eventsOf(t, "domain.created");
    expect(event).toMatchObject({ actor: "api", objectId: lower });

    expect((await api.delete(`/settings/domains/${created.body.id}`)).status).toBe(204);
    expect((await exports.default.fetch(`http://${lower}/login`)).status).toBe(404);
    expect(await eventsOf(t, "domain.deleted")).toHaveLength(1);
    expect((await api.get("/settings/domains")).body).toEqual([]);
  });

  it("a retried POST with the same Idempotency-Key adds the domain once", async () => {
    const { t, api } = await apiTenant();
    const body = { host: `pay-${t.tenant.id}.acme.example` };
    const a = await api.post("/settings/domains", body, { "Idempotency-Key": "dom-1" });
    const b = await api.post("/settings/domains", body, { "Idempotency-Key": "dom-1" });
    expect(b.status).toBe(201);
    expect(b.headers.get("Idempotent-Replayed")).toBe("true");
    expect(b.body).toEqual(a.body);
    expect(await eventsOf(t, "domain.created")).toHaveLength(1);
  });
});

describe("PUT /settings/payment_gateway", () => {
  const LIVE_KEY = "sk_live_51HappyPathOnlyAbcdefghWXYZ";
  const WHSEC = "whsec_happyPathOnly0123456789abcdef";

  it("GET shows the test gateway and the webhook URL a merchant registers at Stripe", async () => {
    const { t, api } = await apiTenant();
    const res = await api.get("/settings/payment_gateway");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "payment_gateway",
      gateway: "test",
      stripe_connected: false,
      stripe_mode: null,
      secret_key_hint: null,
      webhook_secret_set: false,
      webhook_url: `http://api.localhost:8787/webhooks/stripe/${t.tenant.username}`,
    });
    expect(res.body.webhook_events).toContain("checkout.session.completed");
  });

  it("stripe: connected with a key hint only; the portal leaves test mode; the webhook URL takes events signed with the secret", async () => {
    const { t, api } = await apiTenant();
    const res = await api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: LIVE_KEY, webhook_secret: WHSEC });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      gateway: "stripe",
      stripe_connected: true,
      stripe_mode: "live",
      secret_key_hint: "sk_live_…WXYZ",
      webhook_secret_set: true,
    });
    expect((await api.get("/settings")).body).toMatchObject({ payment_gateway: "stripe", stripe_connected: true });
    expect((await api.get("/settings/payment_gateway")).body).toEqual(res.body);
    expect((await new PortalClient(t.origin).get("/login")).html).not.toContain('class="test-banner"');

    const payload = JSON.stringify(stripeEvent("customer.created", { id: "cus_1" }));
    const delivered = await deliver(t.tenant.username, payload, await sign(payload, { secret: WHSEC }));
    expect(delivered.status).toBe(200);
    const [event] = await eventsOf(t, "settings.updated");
    expect((event!.data as { fields: string[] }).fields).toEqual(["payment_gateway", "stripe_secret_key", "stripe_webhook_secret"]);
  });

  it("a restricted test key without a webhook secret: connected, test mode, no webhook secret yet", async () => {
    const { api } = await apiTenant();
    const res = await api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: "rk_test_51RestrictedKeyOnly0000abcd" });
    expect(res.body).toMatchObject({ stripe_connected: true, stripe_mode: "test", secret_key_hint: "rk_test_…abcd", webhook_secret_set: false });
  });

  it("back to test: the Stripe secrets are forgotten and the portal shows test mode again", async () => {
    const { t, api } = await apiTenant();
    await api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: LIVE_KEY, webhook_secret: WHSEC });
    const res = await api.call("PUT", "/settings/payment_gateway", { gateway: "test" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ gateway: "test", stripe_connected: false, secret_key_hint: null, webhook_secret_set: false });
    const row = (await testDb().select().from(tenants).where(eq(tenants.id, t.tenant.id)).get())!;
    expect([row.paymentGateway, row.stripeSecretKeyEnc, row.stripeWebhookSecretEnc]).toEqual(["test", null, null]);
    expect((await new PortalClient(t.origin).get("/login")).html).toContain('class="test-banner"');
    // a PUT that changes nothing writes nothing
    await api.call("PUT", "/settings/payment_gateway", { gateway: "test" });
    expect(await eventsOf(t, "settings.updated")).toHaveLength(2);
  });
});
