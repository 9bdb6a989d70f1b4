import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Append-only audit trail (S43): a trigger in the migrations refuses UPDATE and DELETE.
 * `actor` is customer, api or system.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    type: text("type").notNull(),
    customerId: integer("customer_id"),
    objectType: text("object_type"),
    objectId: text("object_id"),
    actor: text("actor").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: integer("created_at").notNull(),
    /**
     * Set by a writer that may run twice for one happening: a document view is written by
     * the queue consumer from a message, and Queues deliver at least once. NULL otherwise.
     */
    dedupeKey: text("dedupe_key"),
  },
  (t) => [
    index("events_tenant_created").on(t.tenantId, t.createdAt),
    index("events_tenant_customer").on(t.tenantId, t.customerId, t.createdAt),
    // partial: only the few keyed rows are in it
    uniqueIndex("events_tenant_dedupe").on(t.tenantId, t.dedupeKey).where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);

/** Merchant API `Idempotency-Key`: a retry with the same key gets the first response. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: integer("tenant_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    body: text("body"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    // the hourly purge drops keys past their retention, across tenants
    index("idempotency_keys_created").on(t.createdAt),
  ],
);

/** Development mail outbox: where mail goes when ENVIRONMENT is not production. */
export const devOutbox = sqliteTable("dev_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tenantId: integer("tenant_id"),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  html: text("html"),
  /** attached files as sent (base64 content), so tests and people can open the PDF a customer would get */
  attachments: text("attachments", { mode: "json" }).$type<{ filename: string; contentType: string; content: string }[]>().notNull().default([]),
  createdAt: integer("created_at").notNull(),
});
