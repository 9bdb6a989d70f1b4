import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { publicId as newPublicId } from "../../lib/random";
import type { PlanTier } from "./catalog";
import { bool, metadata, timestamps } from "./columns";
import { customers } from "./customers";
import { invoices } from "./documents";
import { tenants } from "./tenants";

/**
 * Subscriptions (issue 13). A subscription pins the price it was sold at: the
 * plan's amount, currency and interval are COPIED here at sale, so a later
 * catalogue change (or a deleted plan) never reprices it. Add-ons, coupon
 * redemptions and tax rates are small JSON arrays (at most 100 add-ons), copied
 * the same way.
 *
 * Periods are derived from `anchor` (never from the previous period's end), so a
 * late renewal run cannot drift the schedule. `version` is bumped by every write:
 * each update is `WHERE version = ?`, the way every check-then-act here is one
 * conditional statement (D1 has no interactive transactions).
 */

/** An add-on as sold: its own price pinned like the main plan's. */
export type SubscriptionAddon = {
  id: number;
  plan: string | null;
  catalogItem: string | null;
  description: string | null;
  quantity: number;
  /** unit price in minor units of the subscription's currency, pinned at sale */
  amount: number;
  name: string;
};

/**
 * A coupon as redeemed on this subscription (its value copied): the engine's
 * CouponUse (`remainingCycles`: null = forever, 0 = used up) plus `uses`, how many
 * invoices it discounted.
 */
export type CouponRedemption = {
  id: string;
  name: string;
  isPercent: boolean;
  /** basis points when isPercent, else minor units of the subscription's currency */
  value: number;
  remainingCycles: number | null;
  uses: number;
};

/** A tax rate as attached at sale (value copied). */
export type SubscriptionTax = {
  id: string;
  name: string;
  isPercent: boolean;
  /** basis points when isPercent, else minor units */
  value: number;
  inclusive: boolean;
};

/** Where the goods of a subscription go (Invoiced's `ship_to`, a ShippingDetail), as the API shows it. */
export type ShipTo = {
  name: string;
  attention_to: string | null;
  address1: string;
  address2: string | null;
  city: string;
  state: string | null;
  postal_code: string | null;
  country: string;
};

/** What a scheduled downgrade will set at the next renewal. */
export type PendingChange = {
  plan?: string;
  planName?: string;
  planAmount?: number;
  pricingMode?: "per_unit" | "volume" | "tiered";
  tiers?: PlanTier[] | null;
  quantity?: number;
  addons?: SubscriptionAddon[];
};

export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /**
     * What portal URLs carry (S32: random, not a counter); the API keeps Invoiced's integer id.
     * Filled at insert (never null for a row written by this code: the type says so); nullable in SQL
     * only so the column could be added to existing rows, which migration 0023 backfilled.
     */
    publicId: text("public_id")
      .$type<string>()
      .$defaultFn(() => newPublicId()),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id),
    /** the plan's id as sold; its price fields below are the copies that bill */
    plan: text("plan").notNull(),
    planName: text("plan_name").notNull(),
    currency: text("currency").notNull(),
    /** plan unit price in minor units at sale */
    planAmount: integer("plan_amount").notNull(),
    /** the plan's pricing mode and tiers (volume / tiered), copied at sale like its amount */
    pricingMode: text("pricing_mode", { enum: ["per_unit", "volume", "tiered"] })
      .notNull()
      .default("per_unit"),
    tiers: text("tiers", { mode: "json" }).$type<PlanTier[] | null>(),
    interval: text("interval", { enum: ["day", "week", "month", "year"] }).notNull(),
    intervalCount: integer("interval_count").notNull().default(1),
    quantity: integer("quantity").notNull().default(1),
    /** custom plans only: the price the merchant set for this subscription */
    amount: integer("amount"),
    addons: text("addons", { mode: "json" }).$type<SubscriptionAddon[]>().notNull().default([]),
    discounts: text("discounts", { mode: "json" }).$type<CouponRedemption[]>().notNull().default([]),
    taxes: text("taxes", { mode: "json" }).$type<SubscriptionTax[]>().notNull().default([]),
    startDate: integer("start_date").notNull(),
    /** the instant periods are counted from (period k starts at anchor + k intervals, clamped) */
    anchor: integer("anchor").notNull(),
    snapToNthDay: integer("snap_to_nth_day"),
    billIn: text("bill_in", { enum: ["advance", "arrears"] })
      .notNull()
      .default("advance"),
    billInAdvanceDays: integer("bill_in_advance_days").notNull().default(0),
    /** contract term in billing cycles; null = open-ended */
    cycles: integer("cycles"),
    contractRenewalMode: text("contract_renewal_mode", { enum: ["none", "auto", "renew_once", "manual"] })
      .notNull()
      .default("none"),
    contractRenewalCycles: integer("contract_renewal_cycles"),
    /** index of the first period of the current contract term (a renewed term starts later) */
    termStartIndex: integer("term_start_index").notNull().default(0),
    /** periods invoiced so far (the index of the next period to bill) */
    periodsBilled: integer("periods_billed").notNull().default(0),
    periodStart: integer("period_start"),
    periodEnd: integer("period_end"),
    /** when the next renewal is due; null when nothing more will be billed */
    renewsNext: integer("renews_next"),
    cancelAtPeriodEnd: bool("cancel_at_period_end").notNull().default(false),
    canceledAt: integer("canceled_at"),
    canceledReason: text("canceled_reason"),
    paused: bool("paused").notNull().default(false),
    /** a renewal invoice's AutoPay charges were all declined (dunning exhausted, final action past_due) */
    pastDue: bool("past_due").notNull().default(false),
    /** a downgrade waiting for the period end (tenant setting): applied by the renewal before pricing */
    pendingChange: text("pending_change", { mode: "json" }).$type<PendingChange | null>(),
    /** the shipping address asked by a sign-up page (issue 16); customers have no shipping fields, as in Invoiced */
    shipTo: text("ship_to", { mode: "json" }).$type<ShipTo | null>(),
    /** stored status, kept by every write (the API reads it; the first-match rules decide it) */
    status: text("status", {
      enum: ["not_started", "active", "past_due", "paused", "pending_renewal", "finished", "canceled"],
    })
      .notNull()
      .default("active"),
    version: integer("version").notNull().default(1),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [
    // "due now" across tenants: the renewal run reads this index in time order and
    // nothing else (canceled, paused and finished rows are not in it)
    index("subscriptions_due").on(t.renewsNext).where(sql`renews_next IS NOT NULL AND canceled_at IS NULL AND paused = 0`),
    // "this customer's subscriptions" and the API's list in id order
    index("subscriptions_tenant_customer").on(t.tenantId, t.customerId, t.id),
    index("subscriptions_tenant_id").on(t.tenantId, t.id),
    uniqueIndex("subscriptions_public_id").on(t.publicId),
  ],
);

/**
 * One row per billed period: the unique (subscription, period_start) is what
 * makes a renewal happen once. The renewal batch inserts this row first; a second
 * run's batch fails on it and is rolled back whole (and counts as done).
 */
export const subscriptionRenewals = sqliteTable(
  "subscription_renewals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => subscriptions.id),
    periodStart: integer("period_start").notNull(),
    periodEnd: integer("period_end").notNull(),
    invoiceId: integer("invoice_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("subscription_renewals_period").on(t.subscriptionId, t.periodStart)],
);

/**
 * Charges waiting on a customer (`/customers/{id}/line_items`): the next invoice
 * of the customer (a renewal) takes them, once: the sweep sets `invoice_id` with
 * `WHERE invoice_id IS NULL` in the same batch as the invoice.
 */
export const pendingLineItems = sqliteTable(
  "pending_line_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id),
    catalogItem: text("catalog_item"),
    type: text("type"),
    name: text("name").notNull(),
    description: text("description"),
    quantityE4: integer("quantity_e4").notNull(),
    unitCost: integer("unit_cost").notNull(),
    currency: text("currency").notNull(),
    discountable: bool("discountable").notNull().default(true),
    taxable: bool("taxable").notNull().default(true),
    /** set when an invoice took this line; never cleared */
    invoiceId: integer("invoice_id").references(() => invoices.id),
    /**
     * A proration credit or charge of a subscription change (a net credit, a
     * prorated cancel): the subscription and span it bills, like an invoice line's.
     * A later change in the same period reads these as part of what the period
     * billed, so it never credits the same time twice.
     */
    subscriptionId: integer("subscription_id"),
    periodStart: integer("period_start"),
    periodEnd: integer("period_end"),
    prorated: bool("prorated").notNull().default(false),
    /**
     * Where this change falls among the subscription's documents of the period: after
     * invoice `follows_invoice_id` (the newest at the time, 0 for none), and among
     * changes after the same invoice by `subscription_version` (the version the
     * change wrote, unique per subscription through its version guard).
     */
    followsInvoiceId: integer("follows_invoice_id"),
    subscriptionVersion: integer("subscription_version"),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [
    index("pending_line_items_customer").on(t.tenantId, t.customerId, t.invoiceId),
    index("pending_line_items_subscription").on(t.subscriptionId, t.periodEnd).where(sql`subscription_id IS NOT NULL`),
  ],
);

/**
 * AutoPay charges of an invoice, one row per (invoice, attempt number): the
 * unique index makes "charge this invoice now" happen once per attempt even when
 * two runs overlap; the attempt number is part of the gateway idempotency key.
 * `next_attempt_at` on the latest failed row is when dunning retries.
 */
export const autopayAttempts = sqliteTable(
  "autopay_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    invoiceId: integer("invoice_id")
      .notNull()
      .references(() => invoices.id),
    attempt: integer("attempt").notNull(),
    status: text("status", { enum: ["charging", "succeeded", "failed"] }).notNull(),
    paymentAttemptId: text("payment_attempt_id"),
    errorMessage: text("error_message"),
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("autopay_attempts_invoice_attempt").on(t.invoiceId, t.attempt),
    index("autopay_attempts_retry").on(t.nextAttemptAt).where(sql`next_attempt_at IS NOT NULL`),
  ],
);

/** A frozen clock for a test-mode tenant (never in production): the engine's "now" for that tenant. */
export const testClocks = sqliteTable("test_clocks", {
  tenantId: integer("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  frozenTime: integer("frozen_time").notNull(),
  ...timestamps,
});
