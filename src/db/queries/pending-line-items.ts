import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { pendingLineItems } from "../schema";
import type { TenantScope } from "../scope";

/**
 * A customer's pending line items (`/customers/{id}/line_items`): charges waiting
 * for the customer's next subscription invoice. Only unswept items (invoice_id
 * null) can be read back, changed or deleted; the sweep is one conditional UPDATE
 * in the invoice's batch, so an item lands on exactly one invoice.
 */

export type PendingLineItem = typeof pendingLineItems.$inferSelect;
export type NewPendingLineItem = Omit<typeof pendingLineItems.$inferInsert, "tenantId" | "id">;

const open = (customerId: number, ...more: SQL[]) => and(eq(pendingLineItems.customerId, customerId), isNull(pendingLineItems.invoiceId), ...more);

export function pendingItemsOf(scope: TenantScope, customerId: number, currency?: string) {
  return scope
    .select(pendingLineItems, open(customerId, ...(currency ? [eq(pendingLineItems.currency, currency)] : [])))
    .orderBy(asc(pendingLineItems.id))
    .limit(100)
    .all();
}

export function findPendingItem(scope: TenantScope, customerId: number, id: number) {
  return scope.select(pendingLineItems, open(customerId, eq(pendingLineItems.id, id))).get();
}

export const insertPendingItemStmt = (scope: TenantScope, row: NewPendingLineItem) => scope.insert(pendingLineItems, row).returning();

export const updatePendingItemStmt = (scope: TenantScope, customerId: number, id: number, set: Partial<NewPendingLineItem>) =>
  scope.update(pendingLineItems, set, open(customerId, eq(pendingLineItems.id, id))).returning();

export const deletePendingItemStmt = (scope: TenantScope, customerId: number, id: number) =>
  scope.delete(pendingLineItems, open(customerId, eq(pendingLineItems.id, id))).returning({ id: pendingLineItems.id });

/** Gives the items to the invoice (a subquery of the same batch), only if still unswept. */
export const sweepPendingItemsStmt = (scope: TenantScope, ids: number[], invoiceId: SQL) =>
  scope.update(pendingLineItems, { invoiceId: invoiceId as unknown as number }, and(inArray(pendingLineItems.id, ids), isNull(pendingLineItems.invoiceId)));

/**
 * Proration lines of a subscription's period kept as pending items (a net credit,
 * a prorated cancel), swept or not: part of what the period billed, which a later
 * change in the period must see (or it would credit the same time twice).
 */
export function subscriptionPendingLinesOf(scope: TenantScope, subscriptionId: number, periodEnd: number) {
  return scope.select(pendingLineItems, and(eq(pendingLineItems.subscriptionId, subscriptionId), eq(pendingLineItems.periodEnd, periodEnd))).all();
}

/** What subscriptionPendingLinesOf reads (a caller may read the same in its own batch). */
export type PendingProrationRows = Awaited<ReturnType<typeof subscriptionPendingLinesOf>>;
