import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { count, countDistinct, eq, isNotNull, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateStatusCondition, invoiceStatusCondition } from "../../src/db/queries/document-filters";
import * as schema from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { apiApp } from "../../src/routes/api";
import { DEMO_API_KEY, DEMO_CUSTOMER_EMAIL } from "../../src/services/demo/keys";
import { seedDemo } from "../../src/services/demo/seed";
import { apiClient } from "../helpers/api";
import { testDb } from "../helpers/tenants";

const { tenants, customers, contacts, invoices, estimates, payments, plans, catalogItems, coupons, taxRates, events, lineItems } = schema;

// One fresh D1 for this file (storage is isolated per test file): seed it once, then look.
const now = nowSeconds();
const run = () =>
  seedDemo({
    db: testDb(),
    api: (req) => Promise.resolve(apiApp.fetch(req, env, createExecutionContext())),
    encryptionKey: env.ENCRYPTION_KEY,
    now,
  });

let first: Awaited<ReturnType<typeof run>>;
let tenantId: number;
const db = () => testDb();
const countOf = async (table: SQLiteTable & { tenantId: any }, where?: any) =>
  (await db()
    .select({ n: count() })
    .from(table)
    .where(where ? sql`${table.tenantId} = ${tenantId} AND ${where}` : eq(table.tenantId, tenantId))
    .get())!.n;

describe("demo seed (npm run dev)", () => {
  beforeAll(async () => {
    first = await run();
    tenantId = first.tenantId;
  }, 300_000);

  it("creates the tenant demo with the documented API key", async () => {
    expect(first.created).toBe(true);
    const t = await db().select().from(tenants).where(eq(tenants.id, tenantId)).get();
    expect(t).toMatchObject({ username: "demo", name: "Northwind Supplies" });
    expect((await apiClient(DEMO_API_KEY).get("/customers")).status).toBe(200);
  });

  it("creates the catalogue: tax rates, coupons, items, plans", async () => {
    expect(await countOf(taxRates)).toBe(3);
    expect(await countOf(coupons)).toBe(3);
    expect(await countOf(catalogItems)).toBe(6);
    expect(await countOf(plans)).toBe(8);
  });

  it("creates a dozen customers, some with contacts and sub-customers", async () => {
    expect(await countOf(customers)).toBe(12);
    expect(await countOf(customers, isNotNull(customers.parentCustomer))).toBe(3);
    expect(await countOf(contacts)).toBe(6);
    const signIn = await db().select().from(customers).where(eq(customers.email, DEMO_CUSTOMER_EMAIL)).get();
    expect(signIn?.tenantId).toBe(tenantId);
  });

  it("has subscriptions in every status the portal shows, with add-ons and coupons", async () => {
    const subs = await db().select().from(schema.subscriptions).where(eq(schema.subscriptions.tenantId, tenantId)).all();
    const statuses = subs.map((s) => (s.cancelAtPeriodEnd && s.status === "active" ? "cancel_scheduled" : s.status)).sort();
    expect(statuses).toEqual(["active", "active", "cancel_scheduled", "canceled", "not_started", "past_due", "paused"]);
    expect(subs.some((s) => s.addons.length > 0 && s.discounts.length > 0 && s.quantity > 1)).toBe(true);
    expect(new Set(subs.map((s) => s.interval))).toEqual(new Set(["month", "year"]));
  });

  it("creates 200 invoices across statuses and two currencies, with lines and totals from the API", async () => {
    // 200 one-off invoices, plus the first invoice of each of the 6 subscriptions that have started
    expect(await countOf(invoices)).toBe(206);
    const currencies = await db()
      .select({ n: countDistinct(invoices.currency) })
      .from(invoices)
      .where(eq(invoices.tenantId, tenantId))
      .get();
    expect(currencies!.n).toBe(2);
    const by = async (s: Parameters<typeof invoiceStatusCondition>[0]) => countOf(invoices, invoiceStatusCondition(s, now));
    expect(await by("draft")).toBe(14);
    expect(await by("viewed")).toBe(24);
    expect(await by("past_due")).toBe(30);
    expect(await by("paid")).toBe(54);
    expect(await by("voided")).toBe(10);
    // sent, partly paid (22), the one made from an estimate and the 6 subscription invoices
    expect((await by("sent")) + (await by("not_sent"))).toBe(74);
    expect(await countOf(invoices, sql`${invoices.balance} > 0 AND ${invoices.balance} < ${invoices.total} AND ${invoices.voided} = 0`)).toBe(22);
    const lines = await db()
      .select({ n: count() })
      .from(lineItems)
      .where(sql`${lineItems.tenantId} = ${tenantId} AND ${lineItems.invoiceId} IS NOT NULL`)
      .get();
    expect(lines!.n).toBeGreaterThanOrEqual(200);
  });

  it("records payments for the paid and partly paid invoices", async () => {
    expect(await countOf(payments)).toBe(54 + 22);
  });

  it("creates estimates in each state", async () => {
    expect(await countOf(estimates)).toBe(13);
    const by = async (s: Parameters<typeof estimateStatusCondition>[0]) => countOf(estimates, estimateStatusCondition(s, now));
    expect(await by("draft")).toBe(1);
    expect(await by("sent")).toBe(3); // two sent, one with a deposit
    expect(await by("viewed")).toBe(1);
    expect(await by("approved")).toBe(3);
    expect(await by("declined")).toBe(2);
    expect(await by("expired")).toBe(2);
    expect(await by("invoiced")).toBe(1);
  });

  it("a second run changes nothing", async () => {
    const tables = [customers, contacts, invoices, estimates, payments, plans, catalogItems, coupons, taxRates, events, lineItems];
    const before = await Promise.all(tables.map((t) => countOf(t)));
    const again = await run();
    expect(again).toEqual({ created: false, tenantId });
    expect(await Promise.all(tables.map((t) => countOf(t)))).toEqual(before);
    expect((await db().select({ n: count() }).from(tenants).where(eq(tenants.username, "demo")).get())!.n).toBe(1);
  });
});
