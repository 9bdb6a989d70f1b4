import { env } from "cloudflare:workers";

/**
 * Counts D1 round trips at the binding itself, independently of the worker's own
 * counter (src/db/client.ts): every `first/all/run/raw` of a statement and every
 * `batch/exec` of the database, whoever calls them (drizzle, raw `env.DB`, a
 * `withSession()` session, work started in `waitUntil`). The worker's D1 objects
 * share these prototypes with the test's `env.DB` (same isolate), so patching the
 * prototypes sees the worker's calls too.
 */
const WEBHOOK_TABLES = /"webhook_(?:fanouts|deliveries|endpoints)"/;

export function spyOnD1(): { count: () => number; reset: () => void; restore: () => void } {
  let n = 0;
  // The webhook queue's consumer runs in this isolate on the queue's own schedule (a batch
  // up to seconds after an earlier page announced its events) and may land inside any
  // page's count; it is never a page's work (a portal page announces without reading
  // D1: routes/middleware/webhook-producer.ts), so its statements are not counted.
  const sqlOf = (x: unknown) => String((x as { statement?: unknown } | null)?.statement ?? "");
  const queueWork = (self: unknown, args: unknown[]) => {
    const text = Array.isArray(args[0]) ? args[0].map(sqlOf).join(" ") : sqlOf(self);
    return WEBHOOK_TABLES.test(text);
  };
  const dbProto = Object.getPrototypeOf(env.DB) as Record<string, unknown>;
  const stmtProto = Object.getPrototypeOf(env.DB.prepare("select 1")) as Record<string, unknown>;
  // the portal reads through a D1 session (Sessions API, issue 18): its batch is its own
  const session = env.DB.withSession("first-unconstrained");
  const sessionProto = Object.getPrototypeOf(session) as Record<string, unknown>;
  const sessionStmtProto = Object.getPrototypeOf(session.prepare("select 1")) as Record<string, unknown>;
  const patched: [Record<string, unknown>, string, unknown][] = [];
  // the database's own batch() goes through its (always-primary) session's: counted there, once
  const targets: [Record<string, unknown>, readonly string[]][] = [
    [dbProto, sessionProto === dbProto ? ["batch", "exec"] : ["exec"]],
    [stmtProto, ["first", "all", "run", "raw"]],
  ];
  if (sessionProto !== dbProto) targets.push([sessionProto, ["batch"]]);
  if (sessionStmtProto !== stmtProto) targets.push([sessionStmtProto, ["first", "all", "run", "raw"]]);
  for (const [proto, names] of targets) {
    for (const name of names) {
      const original = proto[name] as (...a: unknown[]) => unknown;
      patched.push([proto, name, original]);
      proto[name] = function (this: unknown, ...args: unknown[]) {
        if (!queueWork(this, args)) n++;
        return original.apply(this, args);
      };
    }
  }
  return {
    count: () => n,
    reset: () => {
      n = 0;
    },
    restore: () => {
      for (const [proto, name, original] of patched) proto[name] = original;
    },
  };
}

export type RecordedStatement = { sql: string; params: unknown[] };

/**
 * A D1 binding that records the SQL and parameters of every statement prepared
 * through it (batch members included) and passes everything on to `env.DB`. Real
 * query functions run over it, so the plans checked are those of the statements
 * the code really sends, not copies of them.
 */
export function recordingD1(log: RecordedStatement[]): D1Database {
  const pass = <T extends object>(target: T, prop: string | symbol) => {
    const value = Reflect.get(target, prop, target);
    return typeof value === "function" ? value.bind(target) : value;
  };
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement, entry: RecordedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") {
          return (...params: unknown[]) => {
            entry.params = params;
            return wrap(target.bind(...params), entry);
          };
        }
        return pass(target, prop);
      },
    });
    originals.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => {
          const entry: RecordedStatement = { sql, params: [] };
          log.push(entry);
          return wrap(target.prepare(sql), entry);
        };
      }
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => target.batch(stmts.map((s) => originals.get(s) ?? s));
      }
      return pass(target, prop);
    },
  });
}
