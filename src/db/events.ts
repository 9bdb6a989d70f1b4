import { SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { storedUserAgent } from "../lib/request-meta";
import type { Db } from "./client";
import { events } from "./schema";

/**
 * The one writer of the audit trail (S43). Every event is the statement this module
 * builds, returned unexecuted so it can share a `batch()` with the change it records
 * (D1 has no transactions: the event and the change are kept together or not at all).
 * Anything that must happen with every event (the outbox of outgoing webhooks, say)
 * belongs here.
 *
 * @example
 *   // plain: recorded whenever the batch runs
 *   eventStatement(scope, { type: "customer.updated", customerId, objectType: "customer", objectId: id, data }, who, now)
 *   // conditional: recorded only if the conditional write just before it changed a row
 *   eventStatement(scope, { type: "autopay.canceled", customerId, objectType: "customer", objectId: id }, who, now, { when: changedOne })
 *   // from a row: the invoice's columns fill the event, and no row means no event
 *   eventStatement(my, { type: "invoice.viewed", customerId: invoices.customerId, objectType: "invoice", objectId: invoices.publicId,
 *     data: sql`json_object('number', ${invoices.number})` }, who, now, { from: invoices, when: my.mine(invoices, ...) })
 */

/** Who did it and from where (S43). */
export type Actor = { actor: "customer" | "api" | "system"; ip?: string | null; userAgent?: string | null };

/**
 * What happened. A value may be SQL (a column of the `from` row, or a subquery such as
 * the id of a row inserted earlier in the same batch); `objectId` is stored as text.
 */
export type EventInput = {
  /** the type, or SQL choosing one (a batch's statement that records one outcome or another) */
  type: string | SQL;
  customerId?: number | SQLWrapper | null;
  objectType?: string | null;
  objectId?: string | number | SQLWrapper | null;
  /** a JSON object, or SQL building one (`json_object(...)`) */
  data?: Record<string, unknown> | SQL;
};

export type EventOptions = {
  /** the event is written only if this holds when the statement runs (INSERT ... SELECT ... WHERE) */
  when?: SQL;
  /** the row(s) the event is selected from: `when` must narrow it to one row of this tenant */
  from?: SQLiteTable;
  /**
   * For a writer that may run twice for one happening (a queue message delivered again):
   * a second statement with the same key for the tenant writes nothing.
   */
  dedupeKey?: string | SQLWrapper;
};

/** A tenant or customer scope: the event is always the scope's tenant's. */
type EventScope = { tenantId: number; db: Db };

/** `changes() = 1`: the statement just before in the same batch changed one row. */
export const changedOne = sql`changes() = 1`;

/**
 * The statement that appends an audit event; put it in the same `batch()` as the
 * change it records. Columns are listed in the table's order: drizzle names every
 * column of `events` in the INSERT, and NULL id takes the next autoincrement value.
 */
export function eventStatement(scope: EventScope, e: EventInput, who: Actor, now: number, opts: EventOptions = {}) {
  // the webhook outbox: events about an object are the outbox rows; the producer announces after the request (builtEvents)
  if (e.objectType) clientsThatBuiltEvents.add(scope.db);
  const value = (v: string | number | SQLWrapper | null | undefined) => (v === undefined ? null : v);
  const objectId =
    e.objectId === undefined || e.objectId === null ? null : typeof e.objectId === "object" ? sql`CAST(${e.objectId} AS TEXT)` : String(e.objectId);
  const data = e.data instanceof SQL ? e.data : JSON.stringify(e.data ?? {});
  const from = opts.from ? sql` FROM ${opts.from}` : sql``;
  // with ON CONFLICT, SQLite needs the SELECT's WHERE to tell the clause apart from a join's ON
  const where = opts.when ? sql` WHERE ${opts.when}` : opts.dedupeKey !== undefined ? sql` WHERE true` : sql``;
  const insert = scope.db.insert(events).select(sql`
    SELECT NULL, ${scope.tenantId}, ${e.type}, ${value(e.customerId)}, ${value(e.objectType)}, ${objectId}, ${who.actor},
           ${who.ip ?? null}, ${userAgentOf(who)}, ${data}, ${now}, ${opts.dedupeKey ?? null}${from}${where}`);
  return opts.dedupeKey === undefined ? insert : insert.onConflictDoNothing();
}

/** The stored user agent; a placeholder (a statement prepared once, whose caller stores the value) as itself. */
const userAgentOf = (who: Actor) =>
  who.userAgent === null || who.userAgent === undefined || typeof who.userAgent === "string" ? storedUserAgent(who.userAgent) : who.userAgent;

/**
 * The request clients (`c.var.db`) that built a public event's statement (one about an
 * object: sign-in records are not webhook events). After the response,
 * the webhook producer (routes/middleware/webhook-producer.ts) announces the tenant's
 * new events when its request built one. (A page's view of a document is not built
 * here: it travels in the queue message, src/db/queries/document-views.ts.) Built is not
 * committed (a batch may have failed): the consumer then finds nothing to fan out,
 * which is harmless.
 */
const clientsThatBuiltEvents = new WeakSet<Db>();

export const builtEvents = (db: Db): boolean => clientsThatBuiltEvents.has(db);

/** Appends an event now, outside any batch (for actions that change nothing else). */
export async function recordEvent(scope: EventScope, e: EventInput, who: Actor, now: number): Promise<void> {
  await eventStatement(scope, e, who, now).run();
}
