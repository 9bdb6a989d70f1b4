// Wraps the portal bundle as deployed for the renewal benchmark (bench/lib/renewals.mjs
// builds `export default withCounting(portal)` around it): every D1 statement the worker
// executes is counted at the binding, with the queue messages sent and consumed, and
// the cron returns only when its `waitUntil` work is done. Nothing in src/ changes.
// GET /__bench/counts answers the totals; every other request goes to the portal.

type Counts = { statements: number; calls: number; sent: number; consumed: number; crons: number };
type Statement = {
  bind(...values: unknown[]): Statement;
  first(column?: string): Promise<unknown>;
  run(): Promise<unknown>;
  all(): Promise<unknown>;
  raw(options?: unknown): Promise<unknown>;
};
type Database = {
  prepare(sql: string): Statement;
  batch(statements: Statement[]): Promise<unknown[]>;
  exec(sql: string): Promise<{ count: number }>;
};
type Queue = { send(body: unknown, options?: unknown): Promise<void>; sendBatch(messages: unknown[], options?: unknown): Promise<void> };
type Env = Record<string, unknown> & { DB: Database; RENEWALS?: Queue };
type Ctx = { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void };
type Portal = {
  fetch(req: Request, env: Env, ctx: Ctx): Response | Promise<Response>;
  scheduled(controller: unknown, env: Env, ctx: Ctx): void | Promise<void>;
  queue(batch: { queue: string; messages: unknown[] }, env: Env, ctx: Ctx): Promise<void>;
};

const RENEWALS_QUEUE = "billing-portal-renewals";
const counts: Counts = { statements: 0, calls: 0, sent: 0, consumed: 0, crons: 0 };

/** A statement: one executed statement and one round trip per first/run/all/raw. */
class CountingStatement implements Statement {
  constructor(readonly inner: Statement) {}
  bind(...values: unknown[]): Statement {
    return new CountingStatement(this.inner.bind(...values));
  }
  private once() {
    counts.statements++;
    counts.calls++;
  }
  first(column?: string) {
    this.once();
    return column === undefined ? this.inner.first() : this.inner.first(column);
  }
  run() {
    this.once();
    return this.inner.run();
  }
  all() {
    this.once();
    return this.inner.all();
  }
  raw(options?: unknown) {
    this.once();
    return this.inner.raw(options);
  }
}

/** The D1 binding: a batch is one round trip of as many statements as it holds. */
function countingDb(db: Database): Database {
  return {
    prepare: (sql) => new CountingStatement(db.prepare(sql)),
    batch: (statements) => {
      counts.calls++;
      counts.statements += statements.length;
      return db.batch(statements.map((s) => (s instanceof CountingStatement ? s.inner : s)));
    },
    exec: async (sql) => {
      counts.calls++;
      const result = await db.exec(sql);
      counts.statements += result.count;
      return result;
    },
  };
}

function countingQueue(queue: Queue): Queue {
  return {
    send: (body, options) => {
      counts.sent++;
      return queue.send(body, options);
    },
    sendBatch: (messages, options) => {
      counts.sent += messages.length;
      return queue.sendBatch(messages, options);
    },
  };
}

const cache = new WeakMap<Env, Env>();
function wrap(env: Env): Env {
  let wrapped = cache.get(env);
  if (!wrapped) {
    wrapped = { ...env, DB: countingDb(env.DB), ...(env.RENEWALS ? { RENEWALS: countingQueue(env.RENEWALS) } : {}) };
    cache.set(env, wrapped);
  }
  return wrapped;
}

export function withCounting(portal: Portal) {
  return {
    fetch(req: Request, env: Env, ctx: Ctx) {
      if (new URL(req.url).pathname === "/__bench/counts") return Response.json(counts);
      return portal.fetch(req, wrap(env), ctx);
    },
    /** Returns once the cron's work is done, so the bench knows how many messages it queued. */
    async scheduled(controller: unknown, env: Env, ctx: Ctx) {
      const work: Promise<unknown>[] = [];
      await portal.scheduled(controller, wrap(env), { waitUntil: (p) => work.push(p), passThroughOnException: () => ctx.passThroughOnException() });
      // as the runtime does: work registered while waiting (the handler loads its module first) is waited for too
      for (let seen = 0; seen < work.length; ) {
        const pending = work.slice(seen);
        seen = work.length;
        await Promise.all(pending);
      }
      counts.crons++;
    },
    async queue(batch: { queue: string; messages: unknown[] }, env: Env, ctx: Ctx) {
      await portal.queue(batch, wrap(env), ctx);
      if (batch.queue === RENEWALS_QUEUE) counts.consumed += batch.messages.length;
    },
  };
}
