import type { BatchStatements } from "../../db/batch";
import { insertPendingItemStmt, type PendingProrationRows, subscriptionPendingLinesOf } from "../../db/queries/pending-line-items";
import { type StoredLines, type Subscription, subscriptionLinesOf } from "../../db/queries/subscriptions";
import type { TenantScope } from "../../db/scope";
import { itemColumns } from "../api/document-content";
import { type BilledLine, type DraftLine, type InvoicedDoc, linesInEffect, newestInvoice, type PendingDoc, periodDocuments } from "./engine";

/**
 * What a subscription's current period has billed so far, from BOTH places its
 * lines live: standing invoices (renewal, upgrades) and pending line items (a
 * change whose net was a credit, a prorated cancel), ordered by the engine's
 * periodDocuments. A change credits the lines in effect at the price billed.
 */

export type PeriodHistory = { inEffect: BilledLine[]; newestInvoiceId: number };

function group<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

export async function periodHistory(scope: TenantScope, sub: Pick<Subscription, "id">, periodEnd: number): Promise<PeriodHistory> {
  const [invoiced, pending] = await Promise.all([subscriptionLinesOf(scope, sub.id, periodEnd), subscriptionPendingLinesOf(scope, sub.id, periodEnd)]);
  return historyFrom(invoiced, pending, periodEnd);
}

/** The same from rows a caller read in its own batch (the portal's subscription page). */
export function historyFrom(invoiced: StoredLines, pending: PendingProrationRows, periodEnd: number): PeriodHistory {
  const invoices: InvoicedDoc[] = [...group(invoiced, (r) => r.invoiceId)].map(([invoiceId, rows]) => ({
    invoiceId,
    lines: rows.map(({ line: l }) => ({
      name: l.name,
      planId: l.metadata.plan ?? null,
      catalogItem: l.catalogItem,
      amount: l.amount,
      subscription: l.subscriptionId,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
    })),
  }));
  const groups: PendingDoc[] = [...group(pending, (p) => `${p.followsInvoiceId ?? 0}:${p.subscriptionVersion ?? 0}`).values()].map((rows) => ({
    followsInvoiceId: rows[0]!.followsInvoiceId ?? 0,
    version: rows[0]!.subscriptionVersion ?? 0,
    lines: rows.map((p) => ({
      name: p.name,
      planId: p.metadata.plan ?? null,
      catalogItem: p.catalogItem,
      amount: Math.round((p.quantityE4 * p.unitCost) / 10_000),
      subscription: p.subscriptionId,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
    })),
  }));
  return { inEffect: linesInEffect(periodDocuments(invoices, groups), periodEnd), newestInvoiceId: newestInvoice(invoices) };
}

/**
 * A change's proration lines kept on the customer as pending items (a net credit
 * is never a negative charge): they lower the customer's next invoice and carry
 * the subscription, span and place in the period's history.
 */
export function pendingProrationStatements(
  scope: TenantScope,
  sub: Pick<Subscription, "id" | "customerId" | "currency" | "version">,
  lines: DraftLine[],
  history: PeriodHistory,
  now: number,
): BatchStatements {
  return lines.map((l) =>
    insertPendingItemStmt(scope, {
      customerId: sub.customerId,
      ...itemColumns(l),
      currency: sub.currency,
      subscriptionId: sub.id,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      prorated: l.prorated,
      followsInvoiceId: history.newestInvoiceId,
      // the version the change's own version-checked write gives the subscription
      subscriptionVersion: sub.version + 1,
      metadata: { subscription: String(sub.id), ...(l.planId ? { plan: l.planId } : {}) },
      createdAt: now,
      updatedAt: now,
    }),
  );
}
