import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool, timestamps } from "./columns";

/** A merchant. Portal settings are columns so that every route can enforce them cheaply. */
export const tenants = sqliteTable("tenants", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  name: text("name").notNull(),
  logoUrl: text("logo_url"),
  highlightColor: text("highlight_color").notNull().default("#1d4ed8"),
  currency: text("currency").notNull().default("usd"),
  // Portal settings (defaults from product.md)
  enabled: bool("enabled").notNull().default(true),
  allowPartialPayments: bool("allow_partial_payments").notNull().default(true),
  allowAdvancePayments: bool("allow_advance_payments").notNull().default(false),
  allowAutopayEnrollment: bool("allow_autopay_enrollment").notNull().default(true),
  allowAutopayOptOut: bool("allow_autopay_opt_out").notNull().default(false),
  allowBillingPortalCancellations: bool("allow_billing_portal_cancellations").notNull().default(false),
  allowSubscriptionChanges: bool("allow_subscription_changes").notNull().default(false),
  allowBillingPortalProfileChanges: bool("allow_billing_portal_profile_changes").notNull().default(true),
  allowEditingContacts: bool("allow_editing_contacts").notNull().default(true),
  requireAuthentication: bool("require_authentication").notNull().default(true),
  estimateAutoInvoice: bool("estimate_auto_invoice").notNull().default(false),
  welcomeMessage: text("welcome_message"),
  // Merchant contact details (issue 17): portal footer, PDFs and document emails show them.
  supportEmail: text("support_email"),
  supportPhone: text("support_phone"),
  /** postal address, several lines */
  postalAddress: text("postal_address"),
  taxId: text("tax_id"),
  /** https URL of the merchant's own site: the portal's "Back to <merchant>" link */
  website: text("website"),
  /** the tenant's own AutoPay authorization text, shown before enrolling after the facts the portal states */
  autopayTerms: text("autopay_terms"),
  // Session and SSO policy (S15, S21): tenants may only shorten the defaults.
  sessionIdleSeconds: integer("session_idle_seconds").notNull().default(3600),
  sessionAbsoluteSeconds: integer("session_absolute_seconds").notNull().default(43200),
  ssoMaxLifetimeSeconds: integer("sso_max_lifetime_seconds").notNull().default(3600),
  ssoIssuer: text("sso_issuer"),
  // Payments: "test" is the offline gateway (S41), "stripe" the real one.
  paymentGateway: text("payment_gateway", { enum: ["test", "stripe"] })
    .notNull()
    .default("test"),
  stripeSecretKeyEnc: text("stripe_secret_key_enc"),
  stripeWebhookSecretEnc: text("stripe_webhook_secret_enc"),
  // Subscriptions (issue 13): day boundaries of billing periods are the tenant's (IANA name).
  timeZone: text("time_zone").notNull().default("UTC"),
  /** days after a declined AutoPay charge to retry, each counted from the first decline */
  dunningRetryDays: text("dunning_retry_days", { mode: "json" }).$type<number[]>().notNull().default([3, 5, 7]),
  /** what happens when the retries are used up */
  dunningFinalAction: text("dunning_final_action", { enum: ["past_due", "cancel"] })
    .notNull()
    .default("past_due"),
  /** a downgrade takes effect now or at the end of the period */
  subscriptionDowngrades: text("subscription_downgrades", { enum: ["period_end", "now"] })
    .notNull()
    .default("period_end"),
  /** where the portal mails the merchant about its account (a webhook endpoint disabled after failing); optional */
  notificationEmail: text("notification_email"),
  // Customer self-service of subscriptions (issue 15): what the portal lets a customer do.
  /** plan ids a customer may move between in the portal (the current plan always stays); [] = quantity only */
  subscriptionChangePlans: text("subscription_change_plans", { mode: "json" }).$type<string[]>().notNull().default([]),
  subscriptionMinQuantity: integer("subscription_min_quantity").notNull().default(1),
  /** null = no bound beyond the API's own (1,000,000) */
  subscriptionMaxQuantity: integer("subscription_max_quantity"),
  /** a portal cancellation may end the subscription now (else only at the period end) */
  allowImmediateCancellation: bool("allow_immediate_cancellation").notNull().default(false),
  allowSubscriptionPause: bool("allow_subscription_pause").notNull().default(false),
  /** a coupon offered once before a portal cancellation is confirmed; null = no offer */
  cancellationRetentionCoupon: text("cancellation_retention_coupon"),
  ...timestamps,
});

/** Custom domains, looked up by exact host. */
/**
 * Custom portal hosts. A claim is served only once verified (a DNS TXT record holding
 * `verification_token`, issue 12.5); several tenants may claim a host unverified, but
 * only one can hold it verified (partial unique index), and that one removes the rest.
 */
export const tenantDomains = sqliteTable(
  "tenant_domains",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    host: text("host").notNull(),
    verificationToken: text("verification_token").notNull().default(""),
    verifiedAt: integer("verified_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("tenant_domains_tenant_host").on(t.tenantId, t.host),
    uniqueIndex("tenant_domains_verified_host").on(t.host).where(sql`${t.verifiedAt} is not null`),
  ],
);

/** Merchant API keys: only a SHA-256 of the key is kept (S42). */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    keyHash: text("key_hash").notNull(),
    /** first characters, so a merchant can tell keys apart */
    prefix: text("prefix").notNull(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash)],
);

/**
 * SSO signing keys. The HMAC needs the key itself, so it is encrypted with
 * ENCRYPTION_KEY rather than hashed (S42). Two may be active during a rotation (S14).
 */
export const ssoKeys = sqliteTable(
  "sso_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    keyEnc: text("key_enc").notNull(),
    createdAt: integer("created_at").notNull(),
    /** null while active; set to the end of the grace period when rotated out */
    expiresAt: integer("expires_at"),
  },
  (t) => [index("sso_keys_tenant").on(t.tenantId, t.createdAt)],
);
