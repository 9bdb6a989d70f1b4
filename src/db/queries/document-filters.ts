import { and, eq, gt, inArray, isNotNull, isNull, lt, lte, not, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { above, atLeast, atMost } from "../conditions";
import { estimates, invoices } from "../schema";

/**
 * Sorting and filtering of the invoice and estimate lists. Statuses that are
 * derived when read (past_due, expired) are filtered by the same rule in SQL,
 * so a list filtered by status agrees with the status each object shows.
 */

export const invoiceSorts: Record<string, SQLiteColumn> = {
  date: invoices.date,
  due_date: invoices.dueDate,
  number: invoices.number,
  total: invoices.total,
  balance: invoices.balance,
  created_at: invoices.createdAt,
  updated_at: invoices.updatedAt,
  id: invoices.id,
};

export const estimateSorts: Record<string, SQLiteColumn> = {
  date: estimates.date,
  expiration_date: estimates.expirationDate,
  number: estimates.number,
  total: estimates.total,
  created_at: estimates.createdAt,
  updated_at: estimates.updatedAt,
  id: estimates.id,
};

export const INVOICE_STATUSES = ["draft", "not_sent", "sent", "viewed", "past_due", "pending", "paid", "voided"] as const;
export const ESTIMATE_STATUSES = ["draft", "not_sent", "sent", "viewed", "approved", "declined", "invoiced", "expired", "voided"] as const;

/** Issued, unpaid and past its due date: read as past_due (see invoiceStatus). */
function pastDue(now: number): SQL {
  return and(
    eq(invoices.voided, false),
    eq(invoices.draft, false),
    eq(invoices.paid, false),
    inArray(invoices.status, ["not_sent", "sent", "viewed", "past_due"]),
    gt(invoices.balance, 0),
    // NOT NULL first: a NULL comparison would make NOT(...) NULL and drop rows without a due date
    isNotNull(invoices.dueDate),
    lt(invoices.dueDate, now),
  )!;
}

export function invoiceStatusCondition(status: (typeof INVOICE_STATUSES)[number], now: number): SQL {
  switch (status) {
    case "voided":
      return or(eq(invoices.voided, true), eq(invoices.status, "voided"))!;
    case "draft":
      return and(eq(invoices.voided, false), or(eq(invoices.draft, true), eq(invoices.status, "draft")))!;
    case "paid":
      return and(eq(invoices.voided, false), eq(invoices.draft, false), or(eq(invoices.paid, true), eq(invoices.status, "paid")))!;
    case "past_due":
      return or(pastDue(now), and(eq(invoices.status, "past_due"), gt(invoices.balance, 0), eq(invoices.paid, false), eq(invoices.voided, false)))!;
    default:
      return and(eq(invoices.status, status), eq(invoices.voided, false), eq(invoices.draft, false), eq(invoices.paid, false), not(pastDue(now)))!;
  }
}

const AWAITING = ["not_sent", "sent", "viewed"] as const;
const expiredByDate = (now: number) => and(inArray(estimates.status, [...AWAITING]), isNotNull(estimates.expirationDate), lte(estimates.expirationDate, now));

export function estimateStatusCondition(status: (typeof ESTIMATE_STATUSES)[number], now: number): SQL {
  switch (status) {
    case "draft":
      return and(or(eq(estimates.draft, true), eq(estimates.status, "draft")), not(eq(estimates.status, "voided")))!;
    case "expired":
      return and(eq(estimates.draft, false), or(eq(estimates.status, "expired"), expiredByDate(now)))!;
    case "not_sent":
    case "sent":
    case "viewed":
      return and(eq(estimates.status, status), eq(estimates.draft, false), or(isNull(estimates.expirationDate), gt(estimates.expirationDate, now)))!;
    case "voided":
      return eq(estimates.status, "voided");
    default:
      return and(eq(estimates.status, status), eq(estimates.draft, false))!;
  }
}

/** Date range and change filters Invoiced's list endpoints take as plain parameters. */
export function rangeCondition(col: SQLiteColumn, op: "gte" | "lte" | "gt", value: number): SQL {
  return op === "gte" ? atLeast(col, value) : op === "lte" ? atMost(col, value) : above(col, value);
}
