// The storage side of the bench's two-process setup (bench/lib/serve.mjs): a worker in
// its own workerd process that owns one dataset's local D1 database and KV namespace
// and answers the portal's process over a service binding (bench/reference/remote-storage.ts).
// Its CPU (and that of Miniflare's D1 and KV simulators beside it) is what production
// does in D1 and KV, a network hop away, and is not the portal worker's CPU. It is also
// the fake MailChannels receiver: the portal's mail is counted here.

type D1Value = string | number | null | number[];
type Query = { sql: string; params: D1Value[] };
type D1Request = { op: "all" | "raw" | "run" | "first" | "batch"; queries: Query[] };
type KvRequest = { op: "kv.get" | "kv.put" | "kv.delete"; key: string; value?: string; options?: { expirationTtl?: number } };
type ControlRequest = { op: "counts" } | { op: "log" } | { op: "meter"; on: boolean };
/** A message the portal sent to MailChannels' API (bench/reference/remote-storage.ts): counted, not kept. */
type MailRequest = { op: "mail"; message: string };

/**
 * What the portal asked of D1 and KV since this process started: read by the bench
 * before and after each measurement. `rows_read`/`rows_written` are D1's own meta
 * (what D1 bills); they are summed only while metering is on (one probe request at a
 * time), because `raw()` statements (drizzle's selects) return no meta: while metering,
 * a read-only raw statement is run a second time with `all()` for its meta, and a raw
 * write (INSERT ... RETURNING) counts in `unmetered`.
 */
const counts = { round_trips: 0, statements: 0, kv_calls: 0, rows_read: 0, rows_written: 0, unmetered: 0, mails: 0, bytes_in: 0, bytes_out: 0 };
let metering = false;
/** While metering: each statement's opening words and rows read, for bench/analysis.md. */
let log: { sql: string; rows_read: number | null; plan?: string[] }[] = [];
/** A read-only statement reading more rows than this gets its query plan in the log. */
const PLAN_ABOVE_ROWS = 100;
const READ_ONLY = /^\s*(select|with)\b/i;

function meter(meta: Record<string, unknown> | undefined, sql = "") {
  if (!metering || !meta) return;
  log.push({ sql: sql.slice(0, 160), rows_read: Number(meta.rows_read ?? 0) });
  counts.rows_read += Number(meta.rows_read ?? 0);
  counts.rows_written += Number(meta.rows_written ?? 0);
}

type Statement = {
  bind(...values: unknown[]): Statement;
  all(): Promise<{ results: unknown[]; meta: Record<string, unknown> }>;
  run(): Promise<{ results: unknown[]; meta: Record<string, unknown> }>;
  raw(options: { columnNames: true }): Promise<unknown[][]>;
};
type Env = {
  DB: { prepare(sql: string): Statement; batch(s: Statement[]): Promise<{ results: unknown[]; meta: Record<string, unknown> }[]> };
  KV: { get(key: string): Promise<string | null>; put(key: string, value: string, options?: unknown): Promise<void>; delete(key: string): Promise<void> };
};

const bound = (env: Env, q: Query) => env.DB.prepare(q.sql).bind(...q.params);

/** The plan of a read that read many rows, to say why (bench/analysis.md). */
async function explainIfLarge(env: Env, q: Query) {
  const last = log[log.length - 1];
  if (!last || (last.rows_read ?? 0) <= PLAN_ABOVE_ROWS) return;
  const plan = await bound(env, { sql: `EXPLAIN QUERY PLAN ${q.sql}`, params: q.params }).all();
  last.plan = plan.results.map((r) => String((r as { detail?: unknown }).detail));
  last.sql = q.sql;
}

async function d1(env: Env, req: D1Request): Promise<unknown> {
  counts.round_trips++;
  counts.statements += req.queries.length;
  const [q] = req.queries;
  if (req.op === "batch") {
    const results = await env.DB.batch(req.queries.map((x) => bound(env, x)));
    for (const [i, r] of results.entries()) {
      meter(r.meta, req.queries[i]?.sql);
      if (metering && req.queries[i] && READ_ONLY.test(req.queries[i].sql)) await explainIfLarge(env, req.queries[i]);
    }
    return results;
  }
  if (!q) throw new Error("no query");
  if (req.op === "raw") {
    const [columns, ...rows] = await bound(env, q).raw({ columnNames: true });
    if (metering && READ_ONLY.test(q.sql)) {
      meter((await bound(env, q).all()).meta, q.sql);
      await explainIfLarge(env, q);
    } else if (metering) {
      counts.unmetered++;
      log.push({ sql: q.sql.slice(0, 160), rows_read: null });
    }
    return { columns, rows };
  }
  const result = req.op === "run" ? await bound(env, q).run() : await bound(env, q).all();
  meter(result.meta, q.sql);
  return result;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const text = await request.text();
    const body = JSON.parse(text) as D1Request | KvRequest | ControlRequest | MailRequest;
    try {
      if (body.op === "mail") {
        counts.mails++;
        return Response.json({ ok: true, value: null });
      }
      if (body.op === "counts") return Response.json({ ok: true, value: counts });
      if (body.op === "log") return Response.json({ ok: true, value: log });
      if (body.op === "meter") {
        if (body.on) log = [];
        return Response.json({ ok: true, value: (metering = body.on) });
      }
      if (body.op.startsWith("kv.")) {
        const kv = body as KvRequest;
        counts.kv_calls++;
        if (kv.op === "kv.get") return Response.json({ ok: true, value: await env.KV.get(kv.key) });
        if (kv.op === "kv.put") await env.KV.put(kv.key, kv.value ?? "", kv.options);
        else await env.KV.delete(kv.key);
        return Response.json({ ok: true, value: null });
      }
      // what crosses the wire for D1 (the request's SQL and values, the answer's rows), per request in the report
      const answer = JSON.stringify({ ok: true, value: await d1(env, body as D1Request) });
      counts.bytes_in += text.length;
      counts.bytes_out += answer.length;
      return new Response(answer, { headers: { "Content-Type": "application/json" } });
    } catch (err) {
      return Response.json({ ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  },
};
