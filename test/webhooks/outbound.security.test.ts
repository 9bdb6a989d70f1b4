import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "../../src/db/schema";
import { decryptSecret } from "../../src/lib/crypto";
import { apiTenant } from "../api/support";
import { drainQueue, fakeReceiver, insertEvents, networkClosed, RECEIVER, tenantWithEndpoint } from "./outbound-helpers";

beforeEach(() => void fakeReceiver(() => new Response("down", { status: 500 })));
afterEach(() => {
  vi.restoreAllMocks();
  networkClosed();
});

/** Tenant B with an endpoint, an event and a failed delivery; tenant A with its own key. */
async function twoTenants() {
  const b = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
  const [eventId] = await insertEvents(b.t, 1);
  await drainQueue([{ kind: "fanout", tenant: b.t.tenant.id }], { maxMessages: 1 });
  const [delivery] = await b.t.scope.select(webhookDeliveries);
  await b.t.scope.update(webhookDeliveries, { status: "failed" });
  const a = await apiTenant();
  return { a, b, eventId: eventId!, deliveryId: delivery!.id };
}

describe("S31 tenant isolation: another tenant's webhooks, deliveries and events are 404s", () => {
  it("tenant A's key cannot list, read, change, rotate, re-send or delete tenant B's endpoint, deliveries or events", async () => {
    const { a, b, eventId, deliveryId } = await twoTenants();
    const hook = b.endpoint.id;
    // the owner can (so the checks below can fail)
    expect((await b.api.get(`/webhooks/${hook}`)).status).toBe(200);
    expect((await b.api.get(`/webhooks/${hook}/deliveries/${deliveryId}`)).status).toBe(200);
    expect((await b.api.get(`/events/${eventId}`)).status).toBe(200);

    for (const [method, path] of [
      ["GET", `/webhooks/${hook}`],
      ["PATCH", `/webhooks/${hook}`],
      ["DELETE", `/webhooks/${hook}`],
      ["POST", `/webhooks/${hook}/rotate_secret`],
      ["GET", `/webhooks/${hook}/deliveries`],
      ["GET", `/webhooks/${hook}/deliveries/${deliveryId}`],
      ["POST", `/webhooks/${hook}/deliveries/${deliveryId}/retry`],
      ["GET", `/events/${eventId}`],
    ] as const) {
      const res = await a.api.call(method, path, method === "PATCH" ? { enabled: false } : method === "POST" ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // A's own endpoint does not open B's deliveries either
    const { body: mine } = await a.api.post("/webhooks", { url: RECEIVER });
    expect((await a.api.get(`/webhooks/${mine.id}/deliveries/${deliveryId}`)).status).toBe(404);
    expect((await a.api.post(`/webhooks/${mine.id}/deliveries/${deliveryId}/retry`, {})).status).toBe(404);
    // lists show only A's own
    expect((await a.api.get("/webhooks")).body.map((w: { id: number }) => w.id)).toEqual([mine.id]);
    expect((await a.api.get(`/events?related_to=invoice,1`)).body).toEqual([]);
    expect((await a.api.get("/events")).body.map((e: { id: number }) => e.id)).not.toContain(eventId);
    // and B's endpoint is untouched
    const [row] = await b.t.scope.select(webhookEndpoints);
    expect(row).toMatchObject({ enabled: true, url: RECEIVER });
    expect((await b.t.scope.select(webhookDeliveries))[0]!.status).toBe("failed");
  });

  it("a consumer message naming tenant A with tenant B's delivery ids sends nothing", async () => {
    const { a, b, deliveryId } = await twoTenants();
    await b.t.scope.update(webhookDeliveries, { status: "pending", nextAttemptAt: 0 });
    vi.restoreAllMocks();
    const r = fakeReceiver();
    await drainQueue([{ kind: "attempt", tenant: a.t.tenant.id, deliveries: [deliveryId] }]);
    expect(r.received).toEqual([]);
  });

  it("an event is delivered only to its own tenant's endpoints", async () => {
    const b = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    const a = await tenantWithEndpoint(`${RECEIVER}/a`, ["invoice.paid"]);
    await insertEvents(b.t, 2);
    vi.restoreAllMocks();
    const r = fakeReceiver();
    await drainQueue([
      { kind: "fanout", tenant: b.t.tenant.id },
      { kind: "fanout", tenant: a.t.tenant.id },
    ]);
    expect(r.received.map((x) => x.url)).toEqual([RECEIVER, RECEIVER]);
  });
});

describe("S42 the signing secret at rest", () => {
  it("is stored encrypted with the Worker's key, never in clear, and decrypts to the one shown once", async () => {
    const { api, t } = await apiTenant();
    const { body } = await api.post("/webhooks", { url: RECEIVER });
    const [row] = await t.scope.select(webhookEndpoints);
    expect(row!.secretEnc).toMatch(/^v1\./);
    expect(await decryptSecret(env.ENCRYPTION_KEY, row!.secretEnc)).toBe(body.secret);
    // nowhere in D1 in clear: not the endpoint, not the audit trail, not the idempotency store
    const tables = (
      await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>()
    ).results;
    const raw = body.secret.slice(6);
    for (const { name } of tables) {
      const dump = JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results);
      expect(dump.includes(raw), name).toBe(false);
    }
  });

  it("S44: no secret or signature reaches the logs while endpoints are created, rotated and delivered to", async () => {
    const logged: string[] = [];
    for (const level of ["log", "error", "warn", "info"] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    const rotated = await w.api.post(`/webhooks/${w.endpoint.id}/rotate_secret`, {});
    await insertEvents(w.t, 1);
    const r = fakeReceiver(() => new Response("down", { status: 500 }));
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { maxMessages: 1 });
    const text = logged.join("\n");
    for (const s of [w.endpoint.secret, rotated.body.secret]) expect(text).not.toContain(s.slice(6, 30));
    for (const x of r.received) expect(text).not.toContain(x.headers["webhook-signature"]!.slice(3, 20));
  });
});

describe("S34 concurrent writes are conditional", () => {
  it("ten re-sends of one failed delivery at once schedule it once", async () => {
    const { b, deliveryId } = await twoTenants();
    const answers = await Promise.all(Array.from({ length: 10 }, () => b.api.post(`/webhooks/${b.endpoint.id}/deliveries/${deliveryId}/retry`, {})));
    expect(answers.map((x) => x.status).sort()).toEqual([202, ...Array(9).fill(409)]);
    const [d] = await b.t.scope.select(webhookDeliveries);
    expect(d!.maxAttempts).toBe(d!.attempts + 1);
  });

  it("two PATCHes at once: one applies, the other is a 409, never a silent lost update", async () => {
    const w = await tenantWithEndpoint();
    const [x, y] = await Promise.all([
      w.api.patch(`/webhooks/${w.endpoint.id}`, { url: `${RECEIVER}/x` }),
      w.api.patch(`/webhooks/${w.endpoint.id}`, { url: `${RECEIVER}/y` }),
    ]);
    const statuses = [x.status, y.status].sort();
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    const final = (await w.api.get(`/webhooks/${w.endpoint.id}`)).body.url;
    const winners = [x, y].filter((r) => r.status === 200).map((r) => r.body.url);
    expect(winners).toContain(final);
  });

  it("the same create with one Idempotency-Key twenty times at once makes one endpoint", async () => {
    const { api, t } = await apiTenant();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.post("/webhooks", { url: RECEIVER }, { "Idempotency-Key": "same-create" })));
    expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await t.scope.select(webhookEndpoints)).toHaveLength(1);
  });
});
