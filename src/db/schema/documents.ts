import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { type Adjustment, bool, metadata, timestamps } from "./columns";
import { customers } from "./customers";
import { tenants } from "./tenants";

/**
 * Columns shared by invoices and estimates. Amounts are integer minor units of
 * `currency` (JPY has no minor unit). `publicId` is random and is what portal URLs carry (S32).
 */
const documentColumns = () => ({
  id: integer("id").primaryKey({ autoIncrement: true }),
  publicId: text("public_id").notNull(),
  tenantId: integer("tenant_id")
    .notNull()
    .references(() => tenants.id),
  customerId: integer("customer_id")
    .notNull()
    .references(() => customers.id),
  name: text("name"),
  number: text("number").notNull(),
  currency: text("currency").notNull(),
  draft: bool("draft").notNull().default(false),
  closed: bool("closed").notNull().default(false),
  date: integer("date").notNull(),
  paymentTerms: text("payment_terms"),
  purchaseOrder: text("purchase_order"),
  notes: text("notes"),
  terms: text("terms"),
  discounts: text("discounts", { mode: "json" }).$type<Adjustment[]>().notNull().default([]),
  taxes: text("taxes", { mode: "json" }).$type<Adjustment[]>().notNull().default([]),
  subtotal: integer("subtotal").notNull(),
  totalDiscounts: integer("total_discounts").notNull().default(0),
  totalTaxes: integer("total_taxes").notNull().default(0),
  total: integer("total").notNull(),
  metadata: metadata(),
  ...timestamps,
});

export const invoices = sqliteTable(
  "invoices",
  {
    ...documentColumns(),
    status: text("status", {
      enum: ["draft", "not_sent", "sent", "viewed", "past_due", "pending", "paid", "voided"],
    }).notNull(),
    paid: bool("paid").notNull().default(false),
    voided: bool("voided").notNull().default(false),
    dueDate: integer("due_date"),
    /** what is still owed; amount paid is total - balance. Only ever lowered by a conditional write (S37). */
    balance: integer("balance").notNull(),
    /** the payment attempt currently charging this invoice, if any (S37: one live payment per invoice) */
    paymentLock: text("payment_lock"),
    paymentLockAt: integer("payment_lock_at"),
    estimateId: integer("estimate_id"),
  },
  (t) => [
    uniqueIndex("invoices_public_id").on(t.publicId),
    uniqueIndex("invoices_tenant_number").on(t.tenantId, t.number),
    index("invoices_tenant_customer_date").on(t.tenantId, t.customerId, t.date),
    index("invoices_tenant_status_date").on(t.tenantId, t.status, t.date),
    index("invoices_tenant_date").on(t.tenantId, t.date),
    // Issue 7: the API's list (newest first by id) reads the tenant's invoices in id
    // order instead of sorting all of them in a temporary B-tree.
    index("invoices_tenant_id").on(t.tenantId, t.id),
    // Issue 7: the per-currency totals of a customer's invoices (invoice list, My Account)
    // read this index alone, in currency order: no table row, no temporary B-tree.
    index("invoices_tenant_customer_currency").on(
      t.tenantId,
      t.customerId,
      t.currency,
      t.status,
      t.paid,
      t.draft,
      t.voided,
      t.balance,
      t.total,
      t.dueDate,
      t.date,
    ),
    // Issue 18: what a customer owes (My Account's first figure) reads only the open
    // invoices, not every invoice the customer ever had (83 index entries instead of 1,000
    // for the bench's customer: 22 instead of 146 µs in SQLite). Partial: the queries say its
    // conditions as literals (visible() and openCondition() in queries/invoices.ts), so SQLite
    // matches them when it prepares the statement (a bound value makes it prepare again per value).
    index("invoices_open_tenant_customer")
      .on(t.tenantId, t.customerId, t.currency, t.status, t.balance, t.paid, t.draft, t.voided)
      .where(sql`paid = 0 AND draft = 0 AND voided = 0 AND balance > 0`),
  ],
);

export const estimates = sqliteTable(
  "estimates",
  {
    ...documentColumns(),
    status: text("status", {
      enum: ["draft", "not_sent", "sent", "viewed", "approved", "declined", "invoiced", "expired", "voided"],
    }).notNull(),
    expirationDate: integer("expiration_date"),
    deposit: integer("deposit").notNull().default(0),
    depositPaid: bool("deposit_paid").notNull().default(false),
    /** initials or name typed when approving (Invoiced's `approved` field) */
    approved: text("approved"),
    declinedReason: text("declined_reason"),
    declinedAt: integer("declined_at"),
    invoiceId: integer("invoice_id"),
    /** bumped by every merchant change, so an approval names the revision it agreed to */
    revision: integer("revision").notNull().default(1),
    /** the payment attempt currently charging the deposit, if any (S37, as on invoices) */
    paymentLock: text("payment_lock"),
    paymentLockAt: integer("payment_lock_at"),
  },
  (t) => [
    uniqueIndex("estimates_public_id").on(t.publicId),
    uniqueIndex("estimates_tenant_number").on(t.tenantId, t.number),
    index("estimates_tenant_customer_date").on(t.tenantId, t.customerId, t.date),
    index("estimates_tenant_status_date").on(t.tenantId, t.status, t.date),
    // Issue 7: the API's list in id order without sorting the tenant's estimates.
    index("estimates_tenant_id").on(t.tenantId, t.id),
  ],
);

/**
 * Issue 7: how many invoices and estimates each tenant has, for the API lists'
 * X-Total-Count. Counting a tenant's rows walks every index entry (78 ms CPU per
 * request at 1,000,000 invoices); this row is read instead. Kept by triggers in
 * the database itself (migration 0008), so every insert and delete, whichever code
 * sends it, moves the count in the same statement: it cannot drift.
 */
export const documentCounts = sqliteTable(
  "document_counts",
  {
    tenantId: integer("tenant_id").notNull(),
    kind: text("kind", { enum: ["invoice", "estimate"] }).notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);

/** Lines of an invoice or of an estimate (exactly one of the two ids is set). */
export const lineItems = sqliteTable(
  "line_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    invoiceId: integer("invoice_id").references(() => invoices.id),
    estimateId: integer("estimate_id").references(() => estimates.id),
    position: integer("position").notNull(),
    catalogItem: text("catalog_item"),
    type: text("type"),
    name: text("name").notNull(),
    description: text("description"),
    /** quantity × 10,000: quantities may be fractional (1.5 hours) but never floats */
    quantityE4: integer("quantity_e4").notNull(),
    unitCost: integer("unit_cost").notNull(),
    /** quantity × unit cost, rounded half away from zero to the minor unit */
    amount: integer("amount").notNull(),
    discountable: bool("discountable").notNull().default(true),
    taxable: bool("taxable").notNull().default(true),
    discounts: text("discounts", { mode: "json" }).$type<Adjustment[]>().notNull().default([]),
    taxes: text("taxes", { mode: "json" }).$type<Adjustment[]>().notNull().default([]),
    metadata: metadata(),
    // Issue 13: a line billed by a subscription names it and the period it covers;
    // `prorated` marks a credit or charge for part of a period (a plan change).
    subscriptionId: integer("subscription_id"),
    periodStart: integer("period_start"),
    periodEnd: integer("period_end"),
    prorated: bool("prorated").notNull().default(false),
  },
  (t) => [index("line_items_invoice").on(t.invoiceId, t.position), index("line_items_estimate").on(t.estimateId, t.position)],
);

/** What a customer agreed to: one row per estimate, so a second approval cannot be stored (S34). */
export const estimateApprovals = sqliteTable(
  "estimate_approvals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    estimateId: integer("estimate_id")
      .notNull()
      .references(() => estimates.id),
    customerId: integer("customer_id").notNull(),
    sessionId: text("session_id"),
    email: text("email"),
    initials: text("initials").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** SHA-256 of the estimate's lines and totals as approved */
    documentHash: text("document_hash").notNull(),
    revision: integer("revision").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("estimate_approvals_estimate").on(t.estimateId)],
);
