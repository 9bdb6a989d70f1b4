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
 * The queues: a send is one call to the queue service in production. The bench serves
 * no queue (the renewal run measures that path), so the messages are counted and
 * dropped, rather than the worker failing to find the binding and logging an error on
 * every write (which is not what production pays).
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
    w = { ...env, DB: remoteDb(env.STORAGE), SIGNIN_TOKENS: remoteKv(env.STORAGE), WEBHOOKS: countingQueue(), RENEWALS: countingQueue() };
    wrapped.set(env, w);
  }
  return w;
}

export function withRemoteStorage(worker: Worker) {
  return {
    fetch: (req: Request, env: Env, ctx: Ctx) => worker.fetch(req, wrap(env), ctx),
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
export const directEntrypoint = (worker: Worker) =>
  class Direct extends WorkerEntrypoint<Env> {
    override fetch(req: Request) {
      return worker.fetch(req, wrap(this.env), this.ctx as unknown as Ctx);
    }
  };
