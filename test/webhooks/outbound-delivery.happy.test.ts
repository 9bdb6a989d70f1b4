import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "../../src/db/schema";
import worker from "../../src/index";
import { DAY, nowSeconds } from "../../src/lib/time";
import { rotateEndpointSecret } from "../../src/services/webhooks/endpoints";
import { MAX_ATTEMPTS, RETRY_DELAYS } from "../../src/services/webhooks/schedule";
import { drainQueue, endpointDeps, fakeReceiver, insertEvents, networkClosed, RECEIVER, tenantWithEndpoint, until, verify } from "./outbound-helpers";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  networkClosed();
});

const deliveriesOf = (w: Awaited<ReturnType<typeof tenantWithEndpoint>>) => w.t.scope.select(webhookDeliveries).orderBy(webhookDeliveries.id).all();

describe("signed deliveries (Standard Webhooks)", () => {
  it("the receiver verifies every delivery with the standardwebhooks package; the body is the event as the events API shows it", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    const ids = await insertEvents(w.t, 3);
    const r = fakeReceiver();
    // through the worker's own queue() handler, with a batch built as the plugin allows
    const batch = createMessageBatch("billing-portal-webhooks", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: { kind: "fanout", tenant: w.t.tenant.id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);

    expect(r.received).toHaveLength(3);
    const payloads = r.received.map((x) => verify(w.endpoint.secret, x));
    expect(payloads.map((p) => p.id).sort()).toEqual(ids);
    for (const x of r.received) {
      const p = JSON.parse(x.body);
      expect(x.headers["webhook-id"]).toBe(`msg_${p.id}_${w.endpoint.id}`);
      expect(x.headers["content-type"]).toBe("application/json");
      expect((await w.api.get(`/events/${p.id}`)).body).toEqual(p);
    }
    expect(payloads[0]).toMatchObject({ type: "invoice.paid", data: { object: { object: "invoice" } } });
    expect((await deliveriesOf(w)).map((d) => [d.status, d.attempts, d.lastStatusCode, d.lastResponse])).toEqual(Array(3).fill(["delivered", 1, 200, "ok"]));
  });

  it("a changed byte, a stale timestamp or another secret fails the receiver's verification", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    await insertEvents(w.t, 1);
    const r = fakeReceiver();
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }]);
    const [x] = r.received;
    expect(() => verify(w.endpoint.secret, x!)).not.toThrow();
    const changed = x!.body.replace('"invoice.paid"', '"invoice.paie"');
    expect(() => verify(w.endpoint.secret, { ...x!, body: changed })).toThrow(/signature/i);
    expect(() => verify(w.endpoint.secret, { ...x!, headers: { ...x!.headers, "webhook-id": "msg_other" } })).toThrow(/signature/i);
    const other = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    expect(() => verify(other.endpoint.secret, x!)).toThrow(/signature/i);
    // the same request replayed ten minutes later
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((Number(x!.headers["webhook-timestamp"]) + 600) * 1000);
    expect(() => verify(w.endpoint.secret, x!)).toThrow(/too old/i);
  });

  it("during a secret rotation each delivery carries two signatures, and either secret verifies it", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    // the service the route calls (the route's producer would wake the pool's consumer; the CRUD tests cover the route)
    const rotated = { body: await rotateEndpointSecret(endpointDeps(w), w.endpoint.id) };
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated.body.secret).not.toBe(w.endpoint.secret);
    await insertEvents(w.t, 1);
    const r = fakeReceiver();
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }]);
    const [x] = r.received;
    expect(x!.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
    expect(() => verify(rotated.body.secret, x!)).not.toThrow();
    expect(() => verify(w.endpoint.secret, x!)).not.toThrow();
  });
});

describe("retries with backoff", () => {
  it("500 three times then 200: delivered once more, the log shows four attempts, waits follow the schedule", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = nowSeconds();
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"], start);
    await insertEvents(w.t, 1, start);
    // the receiver verifies each request when it arrives (the clock then is the attempt's)
    const verified: number[] = [];
    const r = fakeReceiver((n, req) => {
      verified.push(verify(w.endpoint.secret, req).id);
      return n <= 3 ? new Response("boom", { status: 500 }) : new Response("thanks", { status: 200 });
    });
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { now: start });

    expect(r.received).toHaveLength(4);
    expect(verified).toHaveLength(4);
    // one webhook-id for every attempt: the receiver can dedupe
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(1);
    expect(r.received.map((x) => Number(x.headers["webhook-timestamp"]) - start)).toEqual([
      0,
      RETRY_DELAYS[0],
      RETRY_DELAYS[0]! + RETRY_DELAYS[1]!,
      RETRY_DELAYS[0]! + RETRY_DELAYS[1]! + RETRY_DELAYS[2]!,
    ]);

    const log = await w.api.get(`/webhooks/${w.endpoint.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.headers.get("X-Total-Count")).toBe("1");
    expect(log.body[0]).toMatchObject({
      object: "webhook_delivery",
      status: "delivered",
      attempts: 4,
      last_status_code: 200,
      last_response: "thanks",
      last_error: null,
      next_attempt_at: null,
    });
    expect((await w.t.scope.select(webhookEndpoints))[0]!.failingSince).toBeNull();
  });

  it("a receiver that never answers times out (AbortSignal) and is retried", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    await insertEvents(w.t, 1);
    const r = fakeReceiver((n, req) =>
      n === 1 ? new Promise<Response>((_, reject) => req.signal!.addEventListener("abort", () => reject(req.signal!.reason))) : new Response("late but fine"),
    );
    // the worker's 10 s, shortened for the test
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { over: { timeoutMs: 50 } });
    expect(r.received).toHaveLength(2);
    expect(r.received[0]!.signal).not.toBeNull();
    const [d] = await deliveriesOf(w);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastResponse: "late but fine" });
  });

  it("only the first 200 bytes of an answer are kept", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    await insertEvents(w.t, 1);
    fakeReceiver(() => new Response("é".repeat(5000), { status: 400 }));
    await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { maxMessages: 1 });
    const [d] = await deliveriesOf(w);
    expect(new TextEncoder().encode(d!.lastResponse!).byteLength).toBeLessThanOrEqual(200);
    expect(d!.lastResponse!.startsWith("éé")).toBe(true);
    expect(d).toMatchObject({ status: "pending", lastStatusCode: 400 });
  });

  it("after about three days of failures the delivery is failed and the endpoint that never answered is disabled", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = nowSeconds();
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"], start);
    await insertEvents(w.t, 1, start);
    const r = fakeReceiver(() => new Response("down", { status: 503 }));
    const { clock } = await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { now: start });
    expect(r.received).toHaveLength(MAX_ATTEMPTS);
    expect(clock - start).toBeGreaterThan(3 * DAY);
    expect(clock - start).toBeLessThan(4 * DAY);
    const [d] = await deliveriesOf(w);
    expect(d).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatusCode: 503 });
    const [e] = await w.t.scope.select(webhookEndpoints);
    expect(e).toMatchObject({ enabled: false, disabledReason: "failing", failingSince: start });
    // re-enabling through the API clears the failure record
    const on = await w.api.patch(`/webhooks/${w.endpoint.id}`, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabled_reason: null });
  });

  it("a manual re-send delivers a failed delivery once more, with the same webhook-id", async () => {
    const w = await tenantWithEndpoint(RECEIVER, ["invoice.paid"]);
    await insertEvents(w.t, 1);
    const [d0] = await (async () => {
      fakeReceiver(() => new Response("down", { status: 503 }));
      await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { maxMessages: 1 });
      return deliveriesOf(w);
    })();
    // as if its retries had run out
    await w.t.scope.update(webhookDeliveries, { status: "failed" }, eq(webhookDeliveries.id, d0!.id));
    vi.restoreAllMocks();
    const r = fakeReceiver();
    const res = await w.api.post(`/webhooks/${w.endpoint.id}/deliveries/${d0!.id}/retry`, {});
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: d0!.id, status: "pending", attempts: 1 });
    // a second re-send while it is scheduled is refused
    expect((await w.api.post(`/webhooks/${w.endpoint.id}/deliveries/${d0!.id}/retry`, {})).status).toBe(409);
    // the route put it on the real queue; the pool's consumer (the worker's queue()) sends it
    await until(async () => (await deliveriesOf(w))[0]!.status === "delivered");
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers["webhook-id"]).toBe(`msg_${d0!.eventId}_${w.endpoint.id}`);
    expect((await deliveriesOf(w))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });
});
