import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof createDb>;

/** Counts D1 round trips of one request: a statement run or a whole batch is one. */
export type QueryCounter = { count: number };

/**
 * The drizzle client over D1. Built once per request (cheap: no I/O). Without the
 * schema on purpose: `drizzle(d1, { schema })` walks every table to build the
 * relational-query config on each call, a measurable share of a page's CPU (issue 7),
 * and nothing here uses `db.query.*`; queries name their tables.
 */
export function createDb(d1: D1Database, counter?: QueryCounter) {
  return drizzle(counter ? countingD1(d1, counter) : d1);
}

/**
 * A bookmark as the browser sent it back: D1 writes them as hex groups joined by dashes.
 * Anything else is ignored (the request starts unconstrained), so a forged cookie can at
 * most ask for a newer copy than needed.
 */
const BOOKMARK = /^[0-9A-Za-z-]{1,128}$/;

/**
 * A portal request's database through D1's Sessions API (read replication, issue 18):
 * its reads may be served by a replica at least as new as `bookmark` (the last write
 * this browser made, see routes/middleware/replica-session.ts), or by any copy without
 * one; writes always go to the primary. `bookmark()` is where the session got to.
 * With `primary`, the first statement goes to the primary (a form post: see
 * routes/middleware/replica-session.ts).
 */
export function replicaSession(d1: D1Database, bookmark: string | null, opts: { primary?: boolean } = {}): { d1: D1Database; bookmark: () => string | null } {
  // primary: a state change checks its session (S22) and conditions on the primary's rows
  const start = opts.primary ? "first-primary" : bookmark !== null && BOOKMARK.test(bookmark) ? bookmark : "first-unconstrained";
  const session = d1.withSession(start);
  // drizzle and the counter use prepare and batch only, which a session has
  return { d1: session as unknown as D1Database, bookmark: () => session.getBookmark() };
}

/**
 * A statement whose runs are counted. A small class rather than a Proxy: every page
 * prepares and binds ten or so statements, and a Proxy's traps and the WeakMap back to
 * the original cost a measurable share of a page's CPU (issue 18). Statements only run
 * through these four methods (drizzle's D1 driver included); a batch takes `inner`.
 */
class CountedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    readonly counter: QueryCounter,
  ) {}
  bind(...values: unknown[]): CountedStatement {
    return new CountedStatement(this.inner.bind(...values), this.counter);
  }
  first(colName?: string) {
    this.counter.count++;
    return colName === undefined ? this.inner.first() : this.inner.first(colName);
  }
  all() {
    this.counter.count++;
    return this.inner.all();
  }
  run() {
    this.counter.count++;
    return this.inner.run();
  }
  raw(options?: { columnNames?: boolean }) {
    this.counter.count++;
    return options?.columnNames ? this.inner.raw({ columnNames: true }) : this.inner.raw();
  }
}

const countStatement = (stmt: D1PreparedStatement, counter: QueryCounter) => new CountedStatement(stmt, counter) as unknown as D1PreparedStatement;
const original = (s: D1PreparedStatement) => (s instanceof CountedStatement ? s.inner : s);

/** Wraps the binding so that every round trip is counted (issue 7: at most 3 per page). */
export function countingD1(d1: D1Database, counter: QueryCounter): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => countStatement(target.prepare(query), counter);
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          counter.count++;
          return target.batch(stmts.map(original));
        };
      }
      // a D1 session (read replication) is another way in: count what goes through it too
      if (prop === "withSession") {
        return (constraintOrBookmark?: string) => countingD1(target.withSession(constraintOrBookmark) as unknown as D1Database, counter);
      }
      if (prop === "exec") {
        return (query: string) => {
          counter.count++;
          return target.exec(query);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
