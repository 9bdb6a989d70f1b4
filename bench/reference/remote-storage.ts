// Wraps a worker bundle for the bench's two-process setup (bench/lib/serve.mjs): its D1
// and KV bindings become thin clients that send each call over a service binding
// (STORAGE) to bench/reference/storage-host.ts in a second workerd process. So the
// portal's process does what a deployed worker does for a D1 call (build the
// statement, serialise it, one HTTP exchange per round trip, parse the JSON answer
// into rows, as workerd's own D1 binding code does), and the database work (Miniflare's
// D1 and KV simulators) is counted in the other process. Nothing in src/ changes.

import { WorkerEntrypoint } from "cloudflare:workers";

type D1Value = string | number | null | number[];
type Fetcher = { fetch(url: string, init: RequestInit): Promise<Response> };
type Env = Record<string, unknown> & { STORAGE: Fetcher };
type Ctx = { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void };
type Worker = {
  fetch(req: Request, env: Env, ctx: Ctx): Response | Promise<Response>;
  scheduled?(controller: unknown, env: Env, ctx: Ctx): void | Promise<void>;
  queue?(batch: unknown, env: Env, ctx: Ctx): Promise<void>;
};
type D1Result = { results: Record<string, unknown>[]; meta: Record<string, unknown>; success: true };

async function call<T>(storage: Fetcher, body: unknown): Promise<T> {
  const res = await storage.fetch("http://storage/", { method: "POST", body: JSON.stringify(body) });
  const answer = (await res.json()) as { ok: boolean; value: T; error?: string };
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/** D1's rules for bound values: booleans are 1/0, undefined is refused. */
function wire(v: unknown): D1Value {
  if (v === undefined) throw new Error("D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof ArrayBuffer) return [...new Uint8Array(v)];
  if (ArrayBuffer.isView(v)) return [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)];
  return v as D1Value;
}

class RemoteStatement {
  constructor(
    readonly storage: Fetcher,
    readonly sql: string,
    readonly params: D1Value[] = [],
  ) {}
  bind(...values: unknown[]) {
    return new RemoteStatement(this.storage, this.sql, values.map(wire));
  }
  get query() {
    return { sql: this.sql, params: this.params };
  }
  all() {
    return call<D1Result>(this.storage, { op: "all", queries: [this.query] });
  }
  run() {
    return call<D1Result>(this.storage, { op: "run", queries: [this.query] });
  }
  async first(column?: string) {
    const row = (await this.all()).results[0];
    if (row === undefined) return null;
    return column === undefined ? row : (row[column] ?? null);
  }
  async raw(options?: { columnNames?: boolean }) {
    const r = await call<{ columns: string[]; rows: unknown[][] }>(this.storage, { op: "raw", queries: [this.query] });
    return options?.columnNames ? [r.columns, ...r.rows] : r.rows;
  }
}

function remoteDb(storage: Fetcher) {
  const db = {
    prepare: (sql: string) => new RemoteStatement(storage, sql),
    batch: (statements: RemoteStatement[]) => call<D1Result[]>(storage, { op: "batch", queries: statements.map((s) => s.query) }),
    // one local database: a session reads the primary, and its bookmark says nothing
    withSession: () => ({ ...db, getBookmark: () => null }),
  };
  return db;
}

function remoteKv(storage: Fetcher) {
  return {
    async get(key: string, type?: string | { type?: string }) {
      const value = await call<string | null>(storage, { op: "kv.get", key });
      const as = typeof type === "string" ? type : type?.type;
      return value !== null && as === "json" ? JSON.parse(value) : value;
    },
    put: (key: string, value: string, options?: { expirationTtl?: number }) => call<void>(storage, { op: "kv.put", key, value, options }),
    delete: (key: string) => call<void>(storage, { op: "kv.delete", key }),
  };
}

/**
 * The renewal queue: a send is one call to the queue service in production. The page
 * bench runs no cron (the renewal run measures that path), so its messages are counted
 * and dropped, rather than the worker failing to find the binding.
 */
const sent = { messages: 0 };
const countingQueue = () => ({
  send: async () => {
    sent.messages++;
  },
  sendBatch: async (messages: unknown[]) => {
    sent.messages += messages.length;
  },
});

/**
 * The webhook queue, served as Cloudflare serves it to the worker's own queue() handler:
 * batches of up to 10 messages, or what has come within 1 s (wrangler.toml's
 * max_batch_size and max_batch_timeout). A page's view of a document is written by that
 * consumer (src/db/queries/document-views.ts), so its work is part of what a page costs.
 * A full batch is handed to the worker through its own entrypoint (the SELF binding,
 * bench/lib/serve.mjs), so the consumer runs as an invocation of its own in this isolate,
 * as production invokes it: its CPU is sampled with the page's isolate, its D1 calls reach
 * the storage process and its counts. A send resolves on enqueue, as in production; the
 * sender that fills a batch (or whose 1 s runs out first) waits for its hand-over, in its
 * own `waitUntil`, so no promise crosses requests.
 */
const QUEUE_PATH = "/__bench/queue/webhooks";
function webhookQueue(self: () => Fetcher | undefined) {
  let waiting: unknown[] = [];
  const handOver = async (batch: unknown[]) => {
    const target = self();
    if (!target || !batch.length) return;
    await target.fetch(`http://portal${QUEUE_PATH}`, { method: "POST", body: JSON.stringify(batch) });
  };
  const send = async (body: unknown) => {
    sent.messages++;
    const batch = waiting;
    batch.push(body);
    if (batch.length >= 10) {
      waiting = [];
      return handOver(batch);
    }
    if (batch.length > 1) return;
    // the first of a batch: after 1 s, whatever of it is still waiting goes
    await new Promise((r) => setTimeout(r, 1000));
    if (waiting !== batch) return;
    waiting = [];
    return handOver(batch);
  };
  return { send, sendBatch: async (bodies: { body: unknown }[]) => void (await Promise.all(bodies.map((b) => send(b.body)))) };
}

/** The queue handler's invocation: the batch as Cloudflare hands it over; retried messages go again (at most 3 times). */
async function consume(req: Request, env: Env, ctx: Ctx): Promise<Response> {
  const bodies = (await req.json()) as unknown[];
  let round = bodies.map((body) => ({ body, attempts: 1 }));
  while (round.length && consumer?.queue) {
    const retried: typeof round = [];
    const messages = round.map((m, i) => ({
      id: String(i),
      timestamp: new Date(),
      attempts: m.attempts,
      body: m.body,
      ack() {},
      retry() {
        if (m.attempts < 3) retried.push({ body: m.body, attempts: m.attempts + 1 });
      },
    }));
    await consumer.queue({ queue: "billing-portal-webhooks", messages, ackAll() {}, retryAll() {} }, env, ctx);
    round = retried;
  }
  return new Response(null, { status: 204 });
}

/** The worker whose queue() consumes the webhook queue (the one wrapped). */
let consumer: Worker | undefined;

/**
 * Mail: the portal sends it to the MailChannels API (the bench sets its key), and this
 * fake receiver is the storage process, one HTTP exchange with the message as its body,
 * answered 202 as MailChannels answers. Production's transport, with nothing leaving
 * the machine; the storage process counts the messages.
 */
const MAILCHANNELS = "https://api.mailchannels.net/";
const realFetch = globalThis.fetch;
let mailReceiver: Fetcher | undefined;
globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(MAILCHANNELS) || !mailReceiver) return realFetch(input, init);
  await call<null>(mailReceiver, { op: "mail", message: String(init?.body ?? "") });
  return new Response(null, { status: 202 });
}) as typeof fetch;

const wrapped = new WeakMap<Env, Env>();
function wrap(env: Env): Env {
  let w = wrapped.get(env);
  if (!w) {
    mailReceiver = env.STORAGE;
    const self = () => env.SELF as Fetcher | undefined;
    w = { ...env, DB: remoteDb(env.STORAGE), SIGNIN_TOKENS: remoteKv(env.STORAGE), WEBHOOKS: webhookQueue(self), RENEWALS: countingQueue() };
    wrapped.set(env, w);
  }
  return w;
}

export function withRemoteStorage(worker: Worker) {
  consumer = worker;
  return {
    fetch: (req: Request, env: Env, ctx: Ctx) => (new URL(req.url).pathname === QUEUE_PATH ? consume(req, wrap(env), ctx) : worker.fetch(req, wrap(env), ctx)),
  };
}

/**
 * The worker's own entrypoint, for the bench's sockets (bench/lib/serve.mjs). With an
 * `[assets]` directory, Miniflare puts three workers of its own in front of the default
 * entrypoint (an RPC proxy, the assets router and the asset worker, which looks the path
 * up in the manifest), so every page request ran them in the portal's process: about
 * 0.8 to 1 ms of CPU per request in this setup (bench/analysis.md). In production that
 * routing is the platform's, before the worker is invoked, and not billed as the
 * worker's CPU (static assets: "requests to static assets are free"; a request the
 * assets do not match invokes the worker). A named entrypoint is reached directly; the
 * ASSETS binding is still there for the worker's own use.
 */
export const directEntrypoint = (worker: Worker) => {
  consumer = worker;
  return class Direct extends WorkerEntrypoint<Env> {
    override fetch(req: Request) {
      const ctx = this.ctx as unknown as Ctx;
      if (new URL(req.url).pathname === QUEUE_PATH) return consume(req, wrap(this.env), ctx);
      return worker.fetch(req, wrap(this.env), ctx);
    }
  };
};
