import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../src/db/client";
import type { DocumentView } from "../../src/db/queries/document-views";
import { estimates, events, invoices, webhookFanouts } from "../../src/db/schema";
import type { TenantScope } from "../../src/db/scope";
import worker from "../../src/index";
import { nowSeconds } from "../../src/lib/time";
import { handleWebhookBatch, type WebhookMessage } from "../../src/services/webhooks/consumer";
import { apiTenant } from "../api/support";
import { makeCustomer, makeEstimate, makeInvoice } from "../helpers/fixtures";
import { consumerDeps, drainQueue, fakeReceiver, networkClosed, RECEIVER, tenantWithEndpoint, verify } from "./outbound-helpers";

/**
 * Issue 18: a page's view of a document travels in the webhook queue's message and the
 * consumer writes it (src/db/queries/document-views.ts). These drive the consumer by
 * hand; the pages' side is in test/invoices/detail.*.test.ts and test/estimates/.
 */

afterEach(() => {
  vi.restoreAllMocks();
  networkClosed();
});

const view = (customer: number, id: string, over: Partial<DocumentView> = {}): DocumentView => ({
  doc: "invoice",
  customer,
  id,
  at: nowSeconds(),
  ip: "203.0.113.5",
  userAgent: "TestBrowser/2.0",
  via: "page",
  key: crypto.randomUUID(),
  ...over,
});

/** env.DB with its batch() calls counted (statements per call). */
function countingBindings() {
  const batches: number[] = [];
  const DB = new Proxy(env.DB, {
    get(target, p) {
      if (p === "batch")
        return (s: D1PreparedStatement[]) => {
          batches.push(s.length);
          return target.batch(s);
        };
      const v = Reflect.get(target, p);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { bindings: { DB }, batches };
}

async function world() {
  const w = await tenantWithEndpoint(RECEIVER, ["invoice.viewed", "estimate.viewed"]);
  const cust = await makeCustomer(w.t.scope);
  return { w, cust };
}

/** The tenant's document views (creating the endpoint records an event of its own). */
const viewsOf = (w: { t: { scope: TenantScope } }) =>
  w.t.scope
    .select(events)
    .orderBy(events.id)
    .all()
    .then((rows) => rows.filter((e) => e.type.endsWith(".viewed")));

const statusOf = async (w: Awaited<ReturnType<typeof world>>["w"], id: number) => (await w.t.scope.select(invoices, eq(invoices.id, id)).get())!.status;

describe("document views written by the webhook queue's consumer", () => {
  it("the views of a whole delivery go in ONE D1 batch; each tenant is announced once; the merchant hears every view", async () => {
    const { w, cust } = await world();
    const a = await makeInvoice(w.t.scope, cust.id, { status: "sent" });
    const b = await makeInvoice(w.t.scope, cust.id, { status: "sent" });
    const e = await makeEstimate(w.t.scope, cust.id, { status: "sent" });
    const r = fakeReceiver();
    const { bindings, batches } = countingBindings();
    const tenant = w.t.tenant.id;
    const messages: WebhookMessage[] = [
      { kind: "view", tenant, view: view(cust.id, a.publicId) },
      { kind: "view", tenant, view: view(cust.id, b.publicId, { via: "pdf" }) },
      { kind: "view", tenant, view: view(cust.id, e.publicId, { doc: "estimate" }) },
      { kind: "fanout", tenant },
    ];
    const settled: [number[], string][] = [];
    await handleWebhookBatch(consumerDeps(nowSeconds(), { send: async () => {} }, { bindings }), messages, (i, o) => void settled.push([i, o]));

    expect(batches).toEqual([7]); // three views, two statements each, and "has the tenant an endpoint?": one round trip
    expect(settled).toEqual([[[0, 1, 2, 3], "ack"]]); // one fan-out stood for all four messages
    expect([await statusOf(w, a.id), await statusOf(w, b.id)]).toEqual(["viewed", "viewed"]);
    expect((await w.t.scope.select(estimates, eq(estimates.id, e.id)).get())!.status).toBe("viewed");
    const recorded = await viewsOf(w);
    expect(recorded.map((x) => [x.type, x.objectId, x.customerId, x.actor, x.ip, x.userAgent])).toEqual([
      ["invoice.viewed", a.publicId, cust.id, "customer", "203.0.113.5", "TestBrowser/2.0"],
      ["invoice.viewed", b.publicId, cust.id, "customer", "203.0.113.5", "TestBrowser/2.0"],
      ["estimate.viewed", e.publicId, cust.id, "customer", "203.0.113.5", "TestBrowser/2.0"],
    ]);
    expect(recorded[1]!.data).toMatchObject({ status: "sent", via: "pdf" });
    const heard = r.received.map((x) => verify(w.endpoint.secret, x));
    expect(heard.map((p) => p.type).sort()).toEqual(["estimate.viewed", "invoice.viewed", "invoice.viewed"]);
  });

  it("through the worker's own queue(): the messages are acknowledged and the view is the customer's", async () => {
    const { w, cust } = await world();
    const inv = await makeInvoice(w.t.scope, cust.id, { status: "sent" });
    fakeReceiver();
    const batch = createMessageBatch("billing-portal-webhooks", [
      { id: "v1", timestamp: new Date(), attempts: 1, body: { kind: "view", tenant: w.t.tenant.id, view: view(cust.id, inv.publicId) } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["v1"]);
    expect(await statusOf(w, inv.id)).toBe("viewed");
  });

  it("a tenant without webhooks: its views and the endpoint probe are the one round trip; no fan-out, nothing marked", async () => {
    const w = await apiTenant();
    const cust = await makeCustomer(w.t.scope);
    const inv = await makeInvoice(w.t.scope, cust.id, { status: "sent" });
    const { bindings, batches } = countingBindings();
    const reads: string[] = [];
    const db = new Proxy(env.DB, {
      get(target, p) {
        if (p === "prepare")
          return (q: string) => {
            reads.push(q.split(" ").slice(0, 2).join(" "));
            return target.prepare(q);
          };
        const v = Reflect.get(target, p);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const deps = consumerDeps(nowSeconds(), { send: async () => {} }, { bindings, db: createDb(db) });
    const tenant = w.t.tenant.id;
    await handleWebhookBatch(deps, [{ kind: "view", tenant, view: view(cust.id, inv.publicId) }], () => {});
    expect(batches).toEqual([3]);
    expect(reads).toEqual([]);
    expect(await viewsOf(w)).toHaveLength(1);
    expect(await w.t.scope.select(webhookFanouts).all()).toEqual([]);
  });

  it("views that cannot be written are retried; the delivery's other messages still go", async () => {
    const { w, cust } = await world();
    const inv = await makeInvoice(w.t.scope, cust.id, { status: "sent" });
    fakeReceiver();
    const failing = { DB: new Proxy(env.DB, { get: (t, p) => (p === "batch" ? () => Promise.reject(new Error("D1_ERROR")) : Reflect.get(t, p)) }) };
    const settled: [number[], string][] = [];
    const tenant = w.t.tenant.id;
    await handleWebhookBatch(
      consumerDeps(nowSeconds(), { send: async () => {} }, { bindings: failing }),
      [
        { kind: "view", tenant, view: view(cust.id, inv.publicId) },
        { kind: "fanout", tenant, after: 1 },
      ],
      (i, o) => void settled.push([i, o]),
    );
    expect(settled).toEqual([
      [[0], "retry"],
      [[1], "ack"],
    ]);
    expect(await statusOf(w, inv.id)).toBe("sent");
  });
});

describe("document views: at least once, and only the customer's own", () => {
  it("the same message delivered again, or to two consumers at once, records the view once", async () => {
    const { w, cust } = await world();
    const inv = await makeInvoice(w.t.scope, cust.id, { status: "sent" });
    const r = fakeReceiver();
    const msg: WebhookMessage = { kind: "view", tenant: w.t.tenant.id, view: view(cust.id, inv.publicId) };
    await drainQueue([msg], { duplicate: true });
    await drainQueue([msg]);
    expect(await viewsOf(w)).toHaveLength(1);
    expect(r.received).toHaveLength(1);
    // a second view (its own key) is a second event
    await drainQueue([{ ...msg, view: { ...msg.view, key: crypto.randomUUID() } }] as WebhookMessage[]);
    expect(await viewsOf(w)).toHaveLength(2);
  });

  it("S31: a view naming another customer's document, or another tenant's, writes nothing", async () => {
    const { w, cust } = await world();
    const other = await makeCustomer(w.t.scope);
    const theirs = await makeInvoice(w.t.scope, other.id, { status: "sent" });
    const elsewhere = await tenantWithEndpoint(RECEIVER, ["invoice.viewed"]);
    const foreignCustomer = await makeCustomer(elsewhere.t.scope);
    const foreign = await makeInvoice(elsewhere.t.scope, foreignCustomer.id, { status: "sent" });
    fakeReceiver();
    await drainQueue([
      { kind: "view", tenant: w.t.tenant.id, view: view(cust.id, theirs.publicId) },
      // the tenant's own customer id, with another tenant's invoice
      { kind: "view", tenant: w.t.tenant.id, view: view(cust.id, foreign.publicId) },
      // another tenant's customer id under this tenant
      { kind: "view", tenant: w.t.tenant.id, view: view(foreignCustomer.id, foreign.publicId) },
    ]);
    expect(await statusOf(w, theirs.id)).toBe("sent");
    expect((await elsewhere.t.scope.select(invoices, eq(invoices.id, foreign.id)).get())!.status).toBe("sent");
    expect(await viewsOf(w)).toEqual([]);
    expect(await viewsOf(elsewhere)).toEqual([]);
  });
});
