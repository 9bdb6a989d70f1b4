import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { apiKeys, ssoKeys } from "../../src/db/schema";
import { decryptSecret, sha256Hex } from "../../src/lib/crypto";
import { randomString } from "../../src/lib/random";
import { nowSeconds } from "../../src/lib/time";
import { createMailer } from "../../src/services/email";
import { saveStripeSettings } from "../../src/services/pay/stripe-settings";
import { apiClient } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant, testDb } from "../helpers/tenants";
import { linkIn, requestLink, uniqueEmail, waitForEvent } from "../signin/helpers";
import { allRows, kvKeys } from "./support/db-snapshot";

// S33: every KV key the code writes carries its tenant. S42: API keys are stored
// only hashed; SSO keys and Stripe secrets only encrypted under the Worker's
// ENCRYPTION_KEY: after the flows that create or handle them, no raw secret is in
// any column of any D1 table, nor in KV.

const sources = import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

describe("S33: KV keys are tenant-prefixed", () => {
  it("after sign-in link requests on two tenants and a merchant-minted link, every key names the tenant that wrote it", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const emails = { a: uniqueEmail(), b: uniqueEmail() };
    const customerA = await makeCustomer(a.scope, { email: emails.a });
    await makeCustomer(b.scope, { email: emails.b });
    await requestLink(new PortalClient(a.origin), emails.a);
    await requestLink(new PortalClient(b.origin), emails.b);
    const minted = await apiClient(a.apiKey).post(`/customers/${customerA.id}/sign_in_link`, {});
    expect(minted.status).toBe(201);

    const keys = await kvKeys();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) expect(key, key).toMatch(/^t\d+:/);
    const ofA = keys.filter((k) => k.startsWith(`t${a.tenant.id}:`));
    const ofB = keys.filter((k) => k.startsWith(`t${b.tenant.id}:`));
    expect(ofA).toHaveLength(2);
    expect(ofB).toHaveLength(1);
    expect(ofA.length + ofB.length).toBe(keys.length);
  });

  it("every KV call in src/ builds its key with kvKey(), whose first part is the tenant", () => {
    const calls: string[] = [];
    for (const [path, text] of Object.entries(sources)) {
      if (path.endsWith(".d.ts")) continue;
      for (const m of text.matchAll(/\b(?:kv|SIGNIN_TOKENS)\s*\.\s*(?:put|get|getWithMetadata|delete|list)\s*(?:<[^>]*>)?\(([^,)]*)/g))
        calls.push(`${path}: ${m[0]}`);
    }
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call, call).toMatch(/\(kvKey\((?:ctx\.)?scope\.tenantId$/);
    const def = Object.values(sources)
      .join("\n")
      .match(/export const kvKey = \(tenantId: number, [^)]*\) => `([^`]*)`/);
    expect(def?.[1]).toMatch(/^t\$\{tenantId\}:/);
  });
});

describe("S42: secrets at rest", () => {
  it("no raw API key, SSO key, sign-in token or Stripe secret is in any D1 column or KV value", async () => {
    const t = await makeTenant();
    const api = apiClient(t.apiKey);
    const stripeKey = `sk_test_${randomString(40)}`;
    const webhookSecret = `whsec_${randomString(40)}`;
    await saveStripeSettings(testDb(), t.tenant.id, { secretKey: stripeKey, webhookSecret }, env.ENCRYPTION_KEY, nowSeconds());

    // A rotated SSO key and a minted sign-in URL, each under an Idempotency-Key (whose stored answer is kept for replays).
    const rotated = await api.post("/sso_keys", { grace_period: 60 }, { "Idempotency-Key": `rotate-${randomString(8)}` });
    expect(rotated.status).toBe(201);
    const email = uniqueEmail();
    const customer = await makeCustomer(t.scope, { email });
    const minted = await api.post(`/customers/${customer.id}/sign_in_link`, {}, { "Idempotency-Key": `link-${randomString(8)}` });
    expect(minted.status).toBe(201);
    const { mail } = await requestLink(new PortalClient(t.origin), email);
    await waitForEvent(t, "customer.sign_in_link_created");

    const secrets: Record<string, string> = {
      "API key": t.apiKey,
      "first SSO key": t.ssoKey,
      "rotated SSO key": rotated.body.key,
      "Stripe secret key": stripeKey,
      "Stripe webhook secret": webhookSecret,
      "minted sign-in token": String(minted.body.url).split("/").at(-1)!,
      "emailed sign-in token": linkIn(mail).split("/").at(-1)!,
    };
    for (const [name, value] of Object.entries(secrets)) expect(value.length, name).toBeGreaterThanOrEqual(32);

    const d1 = await allRows();
    const kvValues = await Promise.all((await kvKeys()).map((k) => env.SIGNIN_TOKENS.get(k)));
    const cells: [where: string, text: string][] = [];
    for (const [table, rows] of Object.entries(d1)) {
      // The development outbox IS the mail (createMailer uses it outside production only): the link belongs there.
      if (table === "dev_outbox") continue;
      for (const row of rows)
        for (const [column, v] of Object.entries(row)) if (v !== null) cells.push([`${table}.${column}`, typeof v === "string" ? v : JSON.stringify(v)]);
    }
    for (const [i, v] of kvValues.entries()) cells.push([`KV #${i}`, v ?? ""]);
    expect(cells.length).toBeGreaterThan(50);
    expect(Object.keys(d1)).toEqual(expect.arrayContaining(["tenants", "api_keys", "sso_keys", "signin_tokens", "idempotency_keys", "events"]));

    for (const [name, secret] of Object.entries(secrets)) {
      const forms = [secret, btoa(secret)];
      const found = cells.filter(([, text]) => forms.some((f) => text.includes(f))).map(([where]) => where);
      expect(found, `${name} is stored in clear: ${found.join(", ")}`).toEqual([]);
    }
  });

  it("the outbox that holds mail in clear is written outside production only: production mail goes to MailChannels", async () => {
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM dev_outbox").first<{ n: number }>())!.n;
    const before = await count();
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(null, { status: 202 }));
    const mailer = createMailer({ ENVIRONMENT: "production", EMAIL_FROM: "billing@example.com", MAILCHANNELS_API_KEY: "k" }, testDb());
    await mailer.send({ tenantId: null, to: { email: "someone@example.com" }, subject: "Sign in", text: "https://x/login/email/secret" });
    vi.restoreAllMocks();
    expect(String(fetchSpy.mock.calls[0]?.[0])).toMatch(/mailchannels/);
    expect(await count()).toBe(before);
  });

  it("the API key is kept as its SHA-256 only; SSO keys decrypt with ENCRYPTION_KEY and with no other key", async () => {
    const t = await makeTenant();
    const key = await testDb().select().from(apiKeys).where(eq(apiKeys.tenantId, t.tenant.id)).get();
    expect(key!.keyHash).toBe(await sha256Hex(t.apiKey));
    const sso = await testDb().select().from(ssoKeys).where(eq(ssoKeys.tenantId, t.tenant.id)).get();
    expect(sso!.keyEnc).toMatch(/^v1\./);
    expect(await decryptSecret(env.ENCRYPTION_KEY, sso!.keyEnc)).toBe(t.ssoKey);
    const otherKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    await expect(decryptSecret(otherKey, sso!.keyEnc)).rejects.toThrow();
  });
});
