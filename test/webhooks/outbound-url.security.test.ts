import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { checkWebhookUrl, devReceiverUrl, webhookUrlPolicy } from "../../src/lib/webhook-url";
import { apiTenant } from "../api/support";
import { drainQueue, fakeReceiver, insertEvents, networkClosed, RECEIVER, tenantWithEndpoint } from "./outbound-helpers";

afterEach(() => {
  vi.restoreAllMocks();
  networkClosed();
});

const production = { production: true };
const dev = webhookUrlPolicy({ ENVIRONMENT: "development", PORTAL_DOMAIN: "localhost", PORTAL_SCHEME: "http", PORTAL_PORT: "8787" });

/** The list, then the forms the WHATWG parser normalises into the same addresses. */
const REFUSED = [
  "http://127.0.0.1",
  "https://10.0.0.1",
  "https://169.254.169.254",
  "https://[::1]",
  "https://[::ffff:10.0.0.1]",
  "https://2130706433",
  "https://localhost",
  // other spellings of loopback and private addresses
  "https://0x7f000001/",
  "https://0177.0.0.1/",
  "https://127.1/",
  "https://0/",
  "https://0.0.0.0/",
  "https://[::]/",
  "https://[::ffff:127.0.0.1]/",
  "https://[::ffff:7f00:1]/",
  "https://[0:0:0:0:0:ffff:a9fe:a9fe]/",
  "https://[::127.0.0.1]/",
  "https://[64:ff9b::a00:1]/",
  "https://[fe80::1]/",
  "https://[fd00:ec2::254]/",
  "https://[fc00::1]/",
  "https://[ff02::1]/",
  "https://[2002:a00:1::]/",
  "https://172.16.0.1/",
  "https://172.31.255.255/",
  "https://192.168.1.1/",
  "https://100.64.0.1/",
  "https://100.127.255.254/",
  "https://224.0.0.1/",
  "https://255.255.255.255/",
  "https://198.18.0.1/",
  // names
  "https://LOCALHOST/",
  "https://localhost./",
  "https://app.localhost/",
  "https://printer.local/",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://db.internal/",
  "https://intranet/",
  // not a web URL at all
  "ftp://example.com/",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "https://user:pass@example.com/",
  "not a url",
];

describe("S29 webhook URL guard (SSRF): the parsed URL, not the text", () => {
  for (const url of REFUSED) {
    it(`refuses ${url}, in production and in development`, () => {
      expect(checkWebhookUrl(url, production).ok).toBe(false);
      expect(checkWebhookUrl(url, dev).ok).toBe(false);
    });
  }

  it("allows public https hosts and public IP literals", () => {
    for (const url of ["https://hooks.example.com/x?y=1", "https://8.8.8.8/", "https://[2606:4700::1111]/", "https://172.32.0.1/", "https://100.128.0.1/"]) {
      expect(checkWebhookUrl(url, production), url).toMatchObject({ ok: true });
    }
  });

  it("requires https in production only; development allows http to public names and its own receiver", () => {
    expect(checkWebhookUrl("http://hooks.example.com/", production).ok).toBe(false);
    expect(checkWebhookUrl("http://hooks.example.com/", dev).ok).toBe(true);
    expect(checkWebhookUrl("http://api.localhost:8787/_dev/webhooks", dev).ok).toBe(true);
    expect(checkWebhookUrl("http://api.localhost:8787/_dev/webhooks", production).ok).toBe(false);
    // the receiver's origin, and nothing else on it or near it
    expect(checkWebhookUrl("http://api.localhost:8787/customers", dev).ok).toBe(false);
    expect(checkWebhookUrl("http://api.localhost:8788/_dev/webhooks", dev).ok).toBe(false);
    expect(checkWebhookUrl("http://127.0.0.1:8787/_dev/webhooks", dev).ok).toBe(false);
    expect(checkWebhookUrl("http://api.localhost:8787/_dev/webhooksX", dev).ok).toBe(false);
  });
});

describe("S29 refused endpoints through the API", () => {
  for (const url of REFUSED.slice(0, 7)) {
    it(`POST /webhooks with ${url} is a 400 naming url, and nothing is stored`, async () => {
      const { t, api } = await apiTenant();
      const res = await api.post("/webhooks", { url });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param: "url" });
      expect(await t.scope.select(webhookEndpoints)).toEqual([]);
    });
  }

  it("PATCH to a refused URL is a 400 and the old URL stays", async () => {
    const { api, endpoint } = await tenantWithEndpoint();
    const res = await api.patch(`/webhooks/${endpoint.id}`, { url: "https://169.254.169.254/latest/meta-data/" });
    expect(res.status).toBe(400);
    expect((await api.get(`/webhooks/${endpoint.id}`)).body.url).toBe(RECEIVER);
  });

  it("the development receiver is accepted in tests", async () => {
    const { api } = await apiTenant();
    expect((await api.post("/webhooks", { url: devReceiverUrl(env), events: ["invoice.paid"] })).status).toBe(201);
  });
});

describe("S29 checked again at delivery: never a request to a refused address", () => {
  it("a stored URL that the guard now refuses fails the delivery without a request", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    // as if saved under older rules: written straight into D1
    await w.t.scope.update(webhookEndpoints, { url: "https://[::ffff:a9fe:a9fe]/" }, eq(webhookEndpoints.id, w.endpoint.id));
    await insertEvents(w.t, 1);
    const r = fakeReceiver();
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }]);
    expect(r.received).toEqual([]);
    const [d] = await w.t.scope.select(webhookDeliveries);
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d!.lastError).toMatch(/^url refused/);
  });

  it("a 30x pointing at a private address is a failed attempt: the redirect is not followed", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    await insertEvents(w.t, 1);
    const r = fakeReceiver(() => new Response(null, { status: 302, headers: { Location: "http://169.254.169.254/latest/meta-data/" } }));
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { maxMessages: 1 });
    expect(r.received.map((x) => [x.url, x.redirect])).toEqual([[RECEIVER, "manual"]]);
    const [d] = await w.t.scope.select(webhookDeliveries);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 302, lastError: "redirect not followed" });
    expect(d!.nextAttemptAt).toBeGreaterThan(nowSeconds());
  });
});
