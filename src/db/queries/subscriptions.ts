import { and, asc, eq, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import { coupons, customers, invoices, lineItems, plans, subscriptionRenewals, subscriptions, taxRates } from "../schema";
import type { TenantScope } from "../scope";
import type { Coupon, Plan, TaxRate } from "./catalog";
import type { Customer } from "./types";

/**
 * Subscriptions of one tenant (issue 13). Every write is version-checked
 * (`WHERE version = ?`, bumping it): a change computed from a stale read matches
 * no row, and the caller's batch guard turns that into a retry or a 409.
 */

export type Subscription = typeof subscriptions.$inferSelect;
export type NewSubscription = Omit<typeof subscriptions.$inferInsert, "tenantId" | "id">;

export function findSubscription(scope: TenantScope, id: number) {
  return scope.select(subscriptions, eq(subscriptions.id, id)).get();
}

export async function listSubscriptions(scope: TenantScope, q: { where: SQL[]; order: SQL[]; perPage: number; offset: number }) {
  const where = and(...q.where);
  const [rows, total] = await scope.batch([
    scope
      .select(subscriptions, where)
      .orderBy(...q.order, asc(subscriptions.id))
      .limit(q.perPage)
      .offset(q.offset),
    scope.count(subscriptions, where),
  ]);
  return { rows: rows as Subscription[], total: total[0]?.n ?? 0 };
}

/** Unexecuted: `.returning()` gives the new row (its id) to the batch's caller. */
export const insertSubscriptionStmt = (scope: TenantScope, row: NewSubscription) => scope.insert(subscriptions, row).returning();

/** The version-checked write: changes the row only if nobody wrote it since `read`. */
export function updateSubscriptionStmt(scope: TenantScope, read: Pick<Subscription, "id" | "version">, set: Partial<NewSubscription>) {
  return scope
    .update(subscriptions, { ...set, version: read.version + 1 }, and(eq(subscriptions.id, read.id), eq(subscriptions.version, read.version)))
    .returning();
}

/** The customer, plans, coupons and tax rates a subscription names, in one round trip. */
export async function subscriptionLookups(scope: TenantScope, ids: { customer: number; plans: string[]; coupons: string[]; taxRates: string[] }) {
  const none = ["\u0000"]; // IN () is not valid SQL; no id can be a NUL
  const [cust, ps, cps, rates] = (await scope.batch([
    scope.select(customers, eq(customers.id, ids.customer)),
    scope.select(plans, inArray(plans.id, ids.plans.length ? ids.plans : none)),
    scope.select(coupons, inArray(coupons.id, ids.coupons.length ? ids.coupons : none)),
    scope.select(taxRates, inArray(taxRates.id, ids.taxRates.length ? ids.taxRates : none)),
  ])) as [Customer[], Plan[], Coupon[], TaxRate[]];
  return {
    customer: cust[0],
    plans: new Map(ps.map((r) => [r.id, r])),
    coupons: new Map(cps.map((r) => [r.id, r])),
    taxRates: new Map(rates.map((r) => [r.id, r])),
  };
}

/** How many invoices already used a coupon across the tenant's subscriptions (max_redemptions). */
export async function couponRedemptions(scope: TenantScope, couponId: string): Promise<number> {
  const row = await scope.db
    .select({ n: sql<number>`count(*)` })
    .from(subscriptions)
    .where(scope.own(subscriptions, sql`EXISTS (SELECT 1 FROM json_each(${subscriptions.discounts}) WHERE json_extract(value, '$.id') = ${couponId})`))
    .get();
  return row?.n ?? 0;
}

/** The ledger row of a billed period: the first statement of a renewal batch (unique on subscription, period_start). */
export const insertRenewalStmt = (
  scope: TenantScope,
  row: { subscriptionId: number; periodStart: number; periodEnd: number; invoiceId: SQL | null; createdAt: number },
) => scope.insert(subscriptionRenewals, { ...row, invoiceId: row.invoiceId as unknown as number | null });

/** Fails the batch unless the statement before it changed exactly `n` rows (as assertOneRowChanged, for n). */
export function assertRowsChanged(scope: TenantScope, n: number) {
  // inlined, not bound: drizzle cannot batch a raw statement with parameters (n is an integer we count)
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError("row count must be a whole number");
  return scope.db.run(sql`SELECT json(CASE WHEN changes() = ${sql.raw(String(n))} THEN '1' ELSE 'guard: conditional write matched fewer rows' END)`);
}

/** Due subscriptions of one tenant (the queue consumer's and the test clock's work). */
export function dueSubscriptionsOf(scope: TenantScope, now: number, limit: number) {
  return scope
    .select(
      subscriptions,
      and(isNotNull(subscriptions.renewsNext), isNull(subscriptions.canceledAt), eq(subscriptions.paused, false), lte(subscriptions.renewsNext, now)),
    )
    .orderBy(asc(subscriptions.renewsNext))
    .limit(limit)
    .all();
}

/**
 * The lines of a subscription's current period on invoices that stand (not
 * voided), with their invoice id as the order they were written in: what a
 * change credits is the last invoice's lines (the engine's linesInEffect).
 */
export function subscriptionLinesOf(scope: TenantScope, subscriptionId: number, periodEnd: number) {
  return scope.db
    .select({ line: lineItems, invoiceId: invoices.id })
    .from(lineItems)
    .innerJoin(invoices, and(eq(invoices.id, lineItems.invoiceId), scope.own(invoices), eq(invoices.voided, false)))
    .where(scope.own(lineItems, eq(lineItems.subscriptionId, subscriptionId), eq(lineItems.periodEnd, periodEnd)))
    .all();
}

/** What subscriptionLinesOf reads (a caller may read the same in its own batch). */
export type StoredLines = Awaited<ReturnType<typeof subscriptionLinesOf>>;
