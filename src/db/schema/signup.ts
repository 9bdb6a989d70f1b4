import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool, timestamps } from "./columns";
import { tenants } from "./tenants";

/**
 * Sign-up pages (issue 16): Invoiced's `SignUpPage`. Plans, add-ons and tax rates are
 * catalogue ids (merchant strings), checked when the page is written and again when
 * a visitor submits it (a plan may have been deleted since).
 */
export const signUpPages = sqliteTable(
  "sign_up_pages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    type: text("type", { enum: ["recurring", "autopay"] })
      .notNull()
      .default("recurring"),
    plans: text("plans", { mode: "json" }).$type<string[]>().notNull().default([]),
    addons: text("addons", { mode: "json" }).$type<string[]>().notNull().default([]),
    taxes: text("taxes", { mode: "json" }).$type<string[]>().notNull().default([]),
    hasQuantity: bool("has_quantity").notNull().default(false),
    hasCouponCode: bool("has_coupon_code").notNull().default(false),
    trialPeriodDays: integer("trial_period_days").notNull().default(0),
    billingAddress: bool("billing_address").notNull().default(true),
    shippingAddress: bool("shipping_address").notNull().default(false),
    allowMultipleSubscriptions: bool("allow_multiple_subscriptions").notNull().default(false),
    headerText: text("header_text"),
    tosUrl: text("tos_url"),
    thanksUrl: text("thanks_url"),
    ...timestamps,
  },
  (t) => [index("sign_up_pages_tenant").on(t.tenantId, t.id)],
);

/**
 * One row per sign-up form token: the claim that makes a form give one subscription
 * however often it is posted (unique on tenant + token hash). `pending` while its
 * card is charged, `completed` once the customer, method and subscription exist.
 * `browserHash` is the SHA-256 of the cookie the submitting browser got: only that
 * browser sees the thank-you page and may take the short session (S25).
 */
export const signUpSubmissions = sqliteTable(
  "sign_up_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    pageId: integer("page_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    status: text("status", { enum: ["pending", "completed"] })
      .notNull()
      .default("pending"),
    browserHash: text("browser_hash"),
    customerId: integer("customer_id"),
    subscriptionId: integer("subscription_id"),
    invoicePublicId: text("invoice_public_id"),
    sourcePublicId: text("source_public_id"),
    /** S25: the address already belonged to a customer when the form was sent: never a session */
    emailExisted: bool("email_existed").notNull().default(false),
    sessionAt: integer("session_at"),
    createdAt: integer("created_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [uniqueIndex("sign_up_submissions_token").on(t.tenantId, t.tokenHash), index("sign_up_submissions_browser").on(t.tenantId, t.browserHash)],
);
