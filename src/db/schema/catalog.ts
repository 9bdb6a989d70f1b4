import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bool, metadata, timestamps } from "./columns";
import { tenants } from "./tenants";

// Catalog objects have merchant-chosen string ids (as Invoiced's), unique within a tenant.

export const catalogItems = sqliteTable(
  "catalog_items",
  {
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    type: text("type"),
    description: text("description"),
    currency: text("currency"),
    unitCost: integer("unit_cost").notNull().default(0),
    taxable: bool("taxable").notNull().default(true),
    discountable: bool("discountable").notNull().default(true),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export type PlanTier = { maxQty: number | null; unitCost: number };

export const plans = sqliteTable(
  "plans",
  {
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    catalogItem: text("catalog_item"),
    currency: text("currency").notNull(),
    amount: integer("amount").notNull(),
    interval: text("interval", { enum: ["day", "week", "month", "year"] }).notNull(),
    intervalCount: integer("interval_count").notNull().default(1),
    pricingMode: text("pricing_mode", { enum: ["per_unit", "volume", "tiered"] })
      .notNull()
      .default("per_unit"),
    tiers: text("tiers", { mode: "json" }).$type<PlanTier[] | null>(),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Percentages are basis points (12.5 % = 1250); fixed values are minor units of `currency`. */
export const coupons = sqliteTable(
  "coupons",
  {
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    currency: text("currency"),
    value: integer("value").notNull(),
    isPercent: bool("is_percent").notNull().default(true),
    duration: text("duration", { enum: ["forever", "once", "repeating"] })
      .notNull()
      .default("forever"),
    durationInMonths: integer("duration_in_months"),
    maxRedemptions: integer("max_redemptions"),
    expirationDate: integer("expiration_date"),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const taxRates = sqliteTable(
  "tax_rates",
  {
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    currency: text("currency"),
    value: integer("value").notNull(),
    isPercent: bool("is_percent").notNull().default(true),
    inclusive: bool("inclusive").notNull().default(false),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
