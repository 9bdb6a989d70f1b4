import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { vi } from "vitest";
import { nowSeconds } from "../../src/lib/time";
import { webhookUrlPolicy } from "../../src/lib/webhook-url";
import { createMailer } from "../../src/services/email";
import { type ConsumerDeps, handleWebhookMessage, type WebhookMessage } from "../../src/services/webhooks/consumer";
import { createEndpoint } from "../../src/services/webhooks/endpoints";
import { type ApiTenant, apiTenant } from "../api/support";
import { testDb } from "../helpers/tenants";

/**
 * Outbound webhook tests: the receivers are the only fake (third-party HTTP, through
 * a spy on fetch); D1, the consumer's code and the signatures are real.
 */

export const RECEIVER = "https://hooks.merchant.example/billing";

export type Received = { url: string; headers: Record<string, string>; body: string; at: number; signal: AbortSignal | null; redirect: string };

/**
 * A fake receiver on `fetch`: records each request and answers with `answer(n)`
 * (n = 1 for the first request). Requests to anything else fail the test.
 */
export function fakeReceiver(answer: (n: number, req: Received) => Response | Promise<Response> = () => new Response("ok")) {
  const received: Received[] = [];
  current?.mockRestore();
  const spy = (current = vi.spyOn(globalThis, "fetch")).mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const r: Received = {
      url: req.url,
      headers: Object.fromEntries(req.headers),
      body: await req.text(),
      at: nowSeconds(),
      signal: init?.signal ?? req.signal,
      redirect: req.redirect,
    };
    // The pool's own consumer may meanwhile work through another test's leftover
    // messages (retries scheduled earlier); they go to the same URL but are not this
    // test's, so they are answered as the closed network would and not recorded.
    const id = r.headers["webhook-id"]?.split("_").at(-1);
    if (ownEndpoints.size > 0 && id !== undefined && !ownEndpoints.has(Number(id))) return new Response("network closed in tests", { status: 503 });
    received.push(r);
    return answer(received.length, r);
  });
  return { received, spy };
}

let current: { mockRestore(): void } | undefined;
/** Endpoints made by the running test through tenantWithEndpoint; cleared after each test. */
const ownEndpoints = new Set<number>();

/**
 * Between tests (and after the last one) the pool's own queue consumer may still
 * deliver what a test's API writes announced: the network stays closed, every
 * request answered 503, so nothing leaves the machine. Call in afterEach, after
 * vi.restoreAllMocks().
 */
export function networkClosed() {
  ownEndpoints.clear();
  current = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("network closed in tests", { status: 503 }));
}

/** Verifies a received request as a merchant's server would, with the `standardwebhooks` package. */
export function verify(secret: string, r: Pick<Received, "headers" | "body">) {
  return new Webhook(secret).verify(r.body, r.headers) as { id: number; type: string; data: { object: Record<string, unknown> } };
}

/**
 * A tenant with an endpoint, created by the service the API calls (not through the
 * route: its producer would wake the pool's own queue consumer, which would race
 * the test's hand-driven one). `secret` is the one shown once.
 */
export async function tenantWithEndpoint(url = RECEIVER, events: string[] = ["*"], at = nowSeconds()) {
  const w = await apiTenant();
  const endpoint = await createEndpoint(endpointDeps(w, at), { url, events });
  ownEndpoints.add(endpoint.id);
  return { ...w, endpoint };
}

/** What the routes hand the endpoint services. */
export const endpointDeps = (w: ApiTenant, now = nowSeconds()) => ({
  scope: w.t.scope,
  encryptionKey: env.ENCRYPTION_KEY,
  policy: webhookUrlPolicy(env),
  now,
  who: { actor: "api" as const },
});

/** Waits (up to 15 s) for work done after a response or by the pool's queue consumer. */
export async function until(check: () => Promise<boolean>, what = "condition") {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Appends `n` events for the tenant in a few statements (json_each: one bound
 * parameter per thousand rows), dated `at`. Returns the first and last ids.
 */
export async function insertEvents(t: ApiTenant["t"], n: number, at = nowSeconds(), type = "invoice.paid") {
  const ids: number[] = [];
  for (let from = 0; from < n; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - from) }, (_, i) => ({ i: from + i + 1 }));
    const res = await env.DB.prepare(
      `INSERT INTO events (tenant_id, type, customer_id, object_type, object_id, actor, ip, user_agent, data, created_at)
       SELECT ?1, ?2, NULL, 'invoice', CAST(json_extract(value, '$.i') AS TEXT), 'api', NULL, NULL,
              json_object('object', json_object('id', json_extract(value, '$.i'), 'object', 'invoice', 'number', 'INV-' || json_extract(value, '$.i'))), ?3
       FROM json_each(?4) RETURNING id`,
    )
      .bind(t.tenant.id, type, at, JSON.stringify(rows))
      .all<{ id: number }>();
    ids.push(...res.results.map((r) => r.id));
  }
  return ids;
}

/** The consumer's dependencies as the worker builds them, with a clock and a recording queue. */
export function consumerDeps(now: number, queue: ConsumerDeps["queue"], over: Partial<ConsumerDeps> = {}): ConsumerDeps {
  return {
    db: testDb(),
    bindings: env,
    queue,
    encryptionKey: env.ENCRYPTION_KEY,
    policy: webhookUrlPolicy(env),
    send: (req) => fetch(req),
    now,
    timeoutMs: 10_000,
    mailer: createMailer(env, testDb()),
    ...over,
  };
}

/**
 * Runs the queue the way Cloudflare would, on a simulated clock: handles the
 * earliest message, adding what the consumer sends (a delayed message becomes due
 * `delaySeconds` later). Stops when nothing is left or after `maxMessages`.
 * The system clock follows (Date only), so receivers verify timestamps at the
 * attempt's own time. Returns the messages handled.
 */
export async function drainQueue(
  start: WebhookMessage[],
  opts: { now?: number; maxMessages?: number; over?: Partial<ConsumerDeps>; duplicate?: boolean } = {},
) {
  let clock = opts.now ?? nowSeconds();
  const queue: { body: WebhookMessage; at: number; seq: number }[] = [];
  let seq = 0;
  const push = (body: WebhookMessage, at: number) => queue.push({ body, at, seq: seq++ });
  for (const m of start) push(m, clock);
  const handled: WebhookMessage[] = [];
  const fakeDate = vi.isFakeTimers();
  while (queue.length && handled.length < (opts.maxMessages ?? 100_000)) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue.shift()!;
    clock = Math.max(clock, next.at);
    if (fakeDate) vi.setSystemTime(clock * 1000);
    const deps = consumerDeps(clock, { send: async (body, o) => void push(body, clock + (o?.delaySeconds ?? 0)) }, opts.over);
    // `duplicate`: the queue hands the same message to two consumers at once (at-least-once)
    await Promise.all(
      opts.duplicate ? [handleWebhookMessage(deps, next.body), handleWebhookMessage(deps, next.body)] : [handleWebhookMessage(deps, next.body)],
    );
    handled.push(next.body);
  }
  return { handled, clock, left: queue.map((q) => q.body) };
}
