import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./tenants";

/**
 * Server-side sessions (S18). The primary key is a SHA-256 of the cookie value,
 * so a copy of the table cannot be replayed as cookies.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    customerId: integer("customer_id").notNull(),
    /** "full"; "signup" (S25) and "document" sessions reach only `scopeRef` */
    scope: text("scope", { enum: ["full", "signup", "document"] })
      .notNull()
      .default("full"),
    scopeRef: text("scope_ref"),
    method: text("method", { enum: ["email_link", "email_code", "sso", "api_link", "signup"] }).notNull(),
    /** the address that signed in, so a customer picker can list its other customers */
    email: text("email"),
    /**
     * Issue 17.6: set when a parent customer switched to one of its direct sub-customers
     * (`customer_id`). Every request checks that the customer is still that parent's
     * sub-customer (services/signin/sessions.ts), and the parent may switch back.
     */
    parentCustomerId: integer("parent_customer_id"),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    /** when the person last proved who they are (S23 checks it) */
    authAt: integer("auth_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("sessions_tenant_customer").on(t.tenantId, t.customerId),
    // S22: ending a parent's sessions ends those it opened as its sub-customers too
    index("sessions_tenant_parent").on(t.tenantId, t.parentCustomerId).where(sql`${t.parentCustomerId} is not null`),
    // the hourly purge (src/services/maintenance/purge.ts) finds dead sessions by this
    index("sessions_expires").on(t.expiresAt),
    // ...and signed-out (revoked) ones by this: partial, so live sessions add nothing to it
    index("sessions_revoked").on(t.revokedAt).where(sql`${t.revokedAt} is not null`),
    // ...and idle ones by this (issue 12.6). A touch rewrites last_seen_at at most once a
    // minute per session, so the index costs one entry update per active minute.
    index("sessions_last_seen").on(t.lastSeenAt),
  ],
);

/**
 * Emailed sign-in links and merchant-minted links. Looked up through KV by the
 * token's hash; every decision (single use S4, lifetime S3, tries S7) is made here.
 */
export const signinTokens = sqliteTable(
  "signin_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    purpose: text("purpose", { enum: ["email_link", "api_link", "reauth"] }).notNull(),
    email: text("email"),
    customerId: integer("customer_id"),
    browserNonceHash: text("browser_nonce_hash"),
    codeHash: text("code_hash"),
    codeAttempts: integer("code_attempts").notNull().default(0),
    redirectTo: text("redirect_to"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    index("signin_tokens_tenant_email").on(t.tenantId, t.email, t.purpose),
    // the code form finds the newest token of the browser that asked (S6, S7)
    index("signin_tokens_tenant_nonce").on(t.tenantId, t.browserNonceHash, t.createdAt),
    // the hourly purge, across tenants
    index("signin_tokens_expires").on(t.expiresAt),
  ],
);

/** SSO tokens already used (S16), kept until their exp plus tolerance. */
export const ssoReplays = sqliteTable(
  "sso_replays",
  {
    tenantId: integer("tenant_id").notNull(),
    replayKey: text("replay_key").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.replayKey] }),
    // the hourly purge, across tenants
    index("sso_replays_expires").on(t.expiresAt),
  ],
);

/** Fixed-window counters (S7, S12): one upsert per hit, decided in D1, never KV. */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    tenantId: integer("tenant_id").notNull(),
    bucket: text("bucket").notNull(),
    count: integer("count").notNull().default(0),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.bucket] }),
    // the hourly purge, across tenants
    index("rate_limits_expires").on(t.expiresAt),
  ],
);
