import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool, metadata, timestamps } from "./columns";
import { tenants } from "./tenants";

export const customers = sqliteTable(
  "customers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    number: text("number").notNull(),
    email: text("email"),
    type: text("type", { enum: ["company", "person"] })
      .notNull()
      .default("company"),
    attentionTo: text("attention_to"),
    address1: text("address1"),
    address2: text("address2"),
    city: text("city"),
    state: text("state"),
    postalCode: text("postal_code"),
    country: text("country"),
    phone: text("phone"),
    language: text("language"),
    currency: text("currency"),
    autopay: bool("autopay").notNull().default(false),
    paymentTerms: text("payment_terms"),
    taxId: text("tax_id"),
    taxable: bool("taxable").notNull().default(true),
    parentCustomer: integer("parent_customer"),
    notes: text("notes"),
    /** a disabled customer cannot sign in and loses its sessions (S22) */
    active: bool("active").notNull().default(true),
    defaultPaymentSourceId: integer("default_payment_source_id"),
    /** issue 16: the onboarding sign-up page, and the random part of its prefilled link (sign_up_url) */
    signUpPage: integer("sign_up_page"),
    signUpToken: text("sign_up_token"),
    metadata: metadata(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("customers_tenant_number").on(t.tenantId, t.number),
    index("customers_tenant_email").on(t.tenantId, t.email),
    index("customers_tenant_name").on(t.tenantId, t.name),
    // issue 17.6: a parent's sub-customers (the account switch, "has sub-customers" on every page)
    index("customers_tenant_parent").on(t.tenantId, t.parentCustomer).where(sql`${t.parentCustomer} is not null`),
    // sign-in matches addresses case-insensitively: `lower(email) = ?` must not scan the tenant
    index("customers_tenant_lower_email").on(t.tenantId, sql`lower(${t.email})`),
    // issue 13: the AutoPay run finds the tenants with enrolled customers without a scan
    index("customers_autopay_tenant").on(t.tenantId).where(sql`autopay = 1`),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    customerId: integer("customer_id")
      .notNull()
      .references(() => customers.id),
    name: text("name").notNull(),
    title: text("title"),
    email: text("email"),
    phone: text("phone"),
    primary: bool("primary").notNull().default(false),
    department: text("department"),
    address1: text("address1"),
    address2: text("address2"),
    city: text("city"),
    state: text("state"),
    postalCode: text("postal_code"),
    country: text("country"),
    ...timestamps,
  },
  (t) => [
    index("contacts_tenant_customer").on(t.tenantId, t.customerId),
    index("contacts_tenant_email").on(t.tenantId, t.email),
    index("contacts_tenant_lower_email").on(t.tenantId, sql`lower(${t.email})`),
  ],
);
