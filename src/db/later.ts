import type { Statement } from "./batch";
import { type Prepared, statement } from "./prepared";

/**
 * Writes a page leaves for after its response (issue 18): the session's
 * once-a-minute `last_seen_at` touch and the `*.viewed` record of opening a
 * document. Keeping them out of the page's batch keeps that batch read-only, and a
 * read-only batch is what D1's Sessions API may send to a read replica; it also
 * keeps a page at one round trip on the response path. They are all sent as ONE
 * batch in `waitUntil` (routes/middleware/after-response.ts), atomic together,
 * each one conditional, so it does no harm when it runs twice or late.
 */
export class LaterWrites {
  private readonly items: { q: Prepared; values: Record<string, unknown> }[] = [];

  /** A statement built with drizzle (on a scope): its SQL and values are fixed now. */
  add(q: Statement): void {
    this.items.push({ q: (q as unknown as { _prepare(): Prepared })._prepare(), values: {} });
  }

  /** A statement prepared once per isolate (src/db/prepared.ts) with this request's values. */
  addPrepared(q: Prepared, values: Record<string, unknown>): void {
    this.items.push({ q, values });
  }

  get size(): number {
    return this.items.length;
  }

  /** Sends everything in one batch on `d1` (the request's D1 session, uncounted: it is not the page's round trip). */
  run(d1: D1Database): Promise<unknown> {
    return d1.batch(this.items.map((i) => statement(d1, i.q, i.values)));
  }
}
