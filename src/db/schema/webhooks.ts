import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool } from "./columns";

/**
 * A merchant's webhook endpoint (`/webhooks`). The signing secret is stored
 * encrypted (S42); during a rotation the previous one keeps signing beside the new
 * one until `previous_secret_expires_at`, so receivers can switch without a gap.
 * `failing_since` is the first failed attempt of an unbroken run of failures: an
 * endpoint failing for days is disabled (`disabled_reason`).
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    url: text("url").notNull(),
    enabled: bool("enabled").notNull().default(true),
    /** event types, or ["*"] for all */
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    secretEnc: text("secret_enc").notNull(),
    previousSecretEnc: text("previous_secret_enc"),
    previousSecretExpiresAt: integer("previous_secret_expires_at"),
    failingSince: integer("failing_since"),
    disabledReason: text("disabled_reason"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_tenant").on(t.tenantId, t.enabled)],
);

export type DeliveryStatus = "pending" | "sending" | "delivered" | "failed";

/**
 * One event for one endpoint: the delivery log and the retry state. Unique on
 * (endpoint, event), so fanning an event out twice makes no second delivery.
 * Every change of `status` is a conditional write (see webhook-deliveries.ts).
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    endpointId: integer("endpoint_id").notNull(),
    eventId: integer("event_id").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** the attempt count at which automatic retries stop (a manual re-send allows one more) */
    maxAttempts: integer("max_attempts").notNull(),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** while `sending`: after this the claim is considered lost and may be taken again */
    leaseUntil: integer("lease_until"),
    lastAttemptAt: integer("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    /** the first 200 bytes of the receiver's answer, nothing more */
    lastResponse: text("last_response"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event").on(t.endpointId, t.eventId),
    index("webhook_deliveries_log").on(t.tenantId, t.endpointId, t.id),
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    // the retention purge: finished deliveries by when they finished
    index("webhook_deliveries_finished").on(t.status, t.updatedAt),
  ],
);

/**
 * Events already fanned out to endpoints. The events table is append-only (S43), so
 * "done" is recorded here; the sweep looks for recent events without a row.
 */
export const webhookFanouts = sqliteTable(
  "webhook_fanouts",
  {
    eventId: integer("event_id").primaryKey(),
    tenantId: integer("tenant_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  // the retention purge: marks older than the sweep's window are read by nobody
  (t) => [index("webhook_fanouts_created").on(t.createdAt)],
);

/** Development receiver (`/_dev/webhooks`): what the worker delivered to itself. */
export const devWebhooks = sqliteTable("dev_webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  webhookId: text("webhook_id"),
  timestamp: text("timestamp"),
  signature: text("signature"),
  body: text("body").notNull(),
  createdAt: integer("created_at").notNull(),
});
