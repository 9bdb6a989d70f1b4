import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { devReceiverUrl } from "../../src/lib/webhook-url";
import { apiTenant, eventsOf, links } from "../api/support";
import { apiClient } from "../helpers/api";
import { makeCustomer, makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { fakeReceiver, networkClosed, until } from "./outbound-helpers";

// the pool's queue consumer delivers what these writes announce: to a fake receiver, never the network
beforeEach(() => void fakeReceiver());
afterEach(() => {
  vi.restoreAllMocks();
  networkClosed();
});

const URL_A = "https://hooks.merchant.example/a";

describe("Invoiced's Ruby client, unchanged: Webhook.create / list / retrieve / save / delete", () => {
  it("Webhook.create: POST /webhooks answers 201 with the object and its signing secret, once", async () => {
    const { api } = await apiTenant();
    const res = await api.post("/webhooks", { url: URL_A, events: ["invoice.paid", "customer.created"] }, { "Idempotency-Key": "create-hook-1" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ object: "webhook", url: URL_A, enabled: true, events: ["invoice.paid", "customer.created"], disabled_reason: null });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Standard Webhooks: the secret is base64 of at least 24 bytes (ours: 32)
    expect(atob(res.body.secret.slice(6)).length).toBe(32);
    // never again: not on retrieve, not in a list, not in an Idempotency-Key replay
    expect((await api.get(`/webhooks/${res.body.id}`)).body.secret).toBeUndefined();
    expect((await api.get("/webhooks")).body[0].secret).toBeUndefined();
    const replay = await api.post("/webhooks", { url: URL_A, events: ["invoice.paid", "customer.created"] }, { "Idempotency-Key": "create-hook-1" });
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.body).toMatchObject({ id: res.body.id, secret: null });
    expect((await api.get("/webhooks")).body).toHaveLength(1);
  });

  it('events default to all (`["*"]`); `*` with named types is just `*`', async () => {
    const { api } = await apiTenant();
    expect((await api.post("/webhooks", { url: URL_A })).body.events).toEqual(["*"]);
    expect((await api.post("/webhooks", { url: URL_A, events: ["invoice.paid", "*"] })).body.events).toEqual(["*"]);
  });

  it("Webhook.list: GET /webhooks with page and per_page, Link and X-Total-Count", async () => {
    const { api } = await apiTenant();
    for (let i = 0; i < 3; i++) expect((await api.post("/webhooks", { url: `${URL_A}/${i}` })).status).toBe(201);
    const page = await api.get("/webhooks?per_page=2&page=2");
    expect(page.status).toBe(200);
    expect(page.headers.get("X-Total-Count")).toBe("3");
    expect(page.body.map((w: { url: string }) => w.url)).toEqual([`${URL_A}/2`]);
    const l = links(page.headers.get("Link"));
    expect(l.first).toContain("page=1");
    expect(l.previous).toContain("page=1");
    expect(l.last).toContain("page=2");
  });

  it("webhook.save: PATCH with only the changed keys; the rest stays", async () => {
    const { api } = await apiTenant();
    const { body: created } = await api.post("/webhooks", { url: URL_A, events: ["invoice.paid"] });
    const res = await api.patch(`/webhooks/${created.id}`, { enabled: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, url: URL_A, enabled: false, events: ["invoice.paid"] });
    const again = await api.patch(`/webhooks/${created.id}`, { url: `${URL_A}/v2`, events: ["*"] });
    expect(again.body).toMatchObject({ url: `${URL_A}/v2`, enabled: false, events: ["*"] });
    expect(again.body.updated_at).toBeGreaterThanOrEqual(created.updated_at);
  });

  it("webhook.delete: DELETE without a body answers 204, and the webhook is gone", async () => {
    const { api } = await apiTenant();
    const { body: created } = await api.post("/webhooks", { url: URL_A });
    const res = await api.delete(`/webhooks/${created.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect((await api.get(`/webhooks/${created.id}`)).status).toBe(404);
    expect((await api.get("/webhooks")).headers.get("X-Total-Count")).toBe("0");
  });

  it("POST /webhooks/{id}/rotate_secret: a new secret, once; the answer says until when the old one still signs", async () => {
    const { api } = await apiTenant();
    const { body: created } = await api.post("/webhooks", { url: URL_A });
    const res = await api.post(`/webhooks/${created.id}/rotate_secret`, {});
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secret).not.toBe(created.secret);
    expect(res.body.previous_secret_expires_at).toBeGreaterThan(created.created_at);
  });

  it("S43: every write is an audit event carrying the webhook as the API shows it, never its secret", async () => {
    const { t, api } = await apiTenant();
    const { body: created } = await api.post("/webhooks", { url: URL_A });
    await api.patch(`/webhooks/${created.id}`, { enabled: false });
    await api.post(`/webhooks/${created.id}/rotate_secret`, {});
    await api.delete(`/webhooks/${created.id}`);
    const types = (await eventsOf(t)).map((e) => e.type).reverse();
    expect(types).toEqual(["webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted"]);
    const listed = await api.get("/events?filter[type]=webhook.updated");
    expect(listed.body[0].data).toEqual({
      object: { ...created, secret: undefined, enabled: false, updated_at: listed.body[0].data.object.updated_at },
      previous: { enabled: true },
    });
    expect(JSON.stringify(await eventsOf(t))).not.toContain(created.secret.slice(6));
  });
});

describe("the development receiver", () => {
  it("a write through the API reaches /_dev/webhooks through the real queue, signed so that standardwebhooks verifies it", async () => {
    const { api } = await apiTenant();
    const { body: hook } = await api.post("/webhooks", { url: devReceiverUrl(env), events: ["customer.created"] });
    const created = await api.post("/customers", { name: "Webhook Watcher" });
    expect(created.status).toBe(201);
    const dev = apiClient(null);
    const mine = async () =>
      ((await dev.get("/_dev/webhooks?limit=200")).body as { webhook_id: string | null; body: string }[]).filter((w) => w.webhook_id?.endsWith(`_${hook.id}`));
    await until(async () => (await mine()).length > 0, "the producer -> queue -> consumer -> receiver path");
    const [got] = (await dev.get("/_dev/webhooks?limit=200")).body.filter((w: { webhook_id: string | null }) => w.webhook_id?.endsWith(`_${hook.id}`));
    const { Webhook } = await import("standardwebhooks");
    const payload = new Webhook(hook.secret).verify(got.body, {
      "webhook-id": got.webhook_id,
      "webhook-timestamp": got.webhook_timestamp,
      "webhook-signature": got.webhook_signature,
    }) as { type: string; data: { object: { id: number } } };
    expect(payload.type).toBe("customer.created");
    expect(payload.data.object.id).toBe(created.body.id);
    const page = await exportsFetch("/_dev/webhooks.html");
    expect(page).toContain("customer.created");
  });
});

describe("the producer hangs off the one event writer", () => {
  it("a customer opening an invoice (a GET that records invoice.viewed) is announced and delivered", async () => {
    const w = await apiTenant();
    const { body: hook } = await w.api.post("/webhooks", { url: devReceiverUrl(env), events: ["invoice.viewed"] });
    const customer = await makeCustomer(w.t.scope);
    const inv = await makeInvoice(w.t.scope, customer.id);
    const portal = new PortalClient(w.t.origin);
    await portal.signInAs(w.t.scope, w.t.tenant, customer.id);
    expect((await portal.get(`/invoices/${inv.publicId}`)).status).toBe(200);
    const dev = apiClient(null);
    const mine = async () =>
      ((await dev.get("/_dev/webhooks?limit=200")).body as { webhook_id: string | null; body: string }[]).filter((x) => x.webhook_id?.endsWith(`_${hook.id}`));
    await until(async () => (await mine()).length > 0, "invoice.viewed at the receiver");
    expect(JSON.parse((await mine())[0]!.body)).toMatchObject({ type: "invoice.viewed", data: { object: { object: "invoice" } } });
  });
});

async function exportsFetch(path: string): Promise<string> {
  const { exports } = await import("cloudflare:workers");
  return (await exports.default.fetch(`http://api.localhost:8787${path}`)).text();
}
