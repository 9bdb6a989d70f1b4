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
    /**
     * Where a pending claim is (src/services/signup/finish.ts): `claimed`, `checkout` (the
     * visitor is on Stripe's page), `charging` (from `stage_at` on, the charge with the
     * claim's idempotency key may have been sent: a claim still there past the lease is
     * taken over and finished), `written` (customer and subscription exist), `billed`.
     */
    stage: text("stage", { enum: ["claimed", "checkout", "charging", "written", "billed"] })
      .notNull()
      .default("claimed"),
    stageAt: integer("stage_at"),
    /** What the claim needs to be finished later by another request: the choice, the details (never a card number), the saved method */
    pending: text("pending", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Stripe Checkout (setup mode): our own reference in the return URL, and the session it made */
    checkoutRef: text("checkout_ref"),
    providerSessionId: text("provider_session_id"),
  },
  (t) => [
    uniqueIndex("sign_up_submissions_token").on(t.tenantId, t.tokenHash),
    index("sign_up_submissions_browser").on(t.tenantId, t.browserHash),
    index("sign_up_submissions_checkout").on(t.tenantId, t.checkoutRef),
    index("sign_up_submissions_session").on(t.tenantId, t.providerSessionId),
    index("sign_up_submissions_stage").on(t.stage, t.stageAt),
  ],
);
