import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { atLeast, equals, inList } from "../conditions";
import { estimates, invoices, paymentApplications, payments } from "../schema";
import type { CustomerScope } from "../scope";
import { visible } from "./invoices";
import { pageReads, runPageReads } from "./page-entry";

/** The signed-in customer's payments (S31: every statement goes through `my.mine`). */

export const PAYMENTS_PAGE_SIZE = 25;

export type PortalPayment = typeof payments.$inferSelect;
export type AppliedTo = {
  paymentId: number;
  type: "invoice" | "estimate" | "credit";
  amount: number;
  invoiceNumber: string | null;
  /** set only when the invoice is still visible to the customer (not voided since), so the link works */
  invoicePublicId: string | null;
  estimateNumber: string | null;
  estimatePublicId: string | null;
};

/**
 * What each payment paid: invoice or estimate numbers (joined, never one query per row).
 * Ordered by payment, then application: the index on payment_id gives that order
 * without a sort (issue 7).
 */
function applicationsOf(my: CustomerScope, paymentIds: ReturnType<typeof pageIds> | ReturnType<typeof oneId> | SQL) {
  return my.db
    .select({
      paymentId: paymentApplications.paymentId,
      type: paymentApplications.type,
      amount: paymentApplications.amount,
      // aliased: inside batch() drizzle maps rows by column name, and both tables have
      // `number` and `public_id` (see portal-invoices.ts)
      invoiceNumber: sql<string | null>`${invoices.number}`.as("invoice_number"),
      invoicePublicId: sql<string | null>`case when ${visible()} then ${invoices.publicId} end`.as("invoice_public_id"),
      estimateNumber: sql<string | null>`${estimates.number}`.as("estimate_number"),
      estimatePublicId: sql<string | null>`${estimates.publicId}`.as("estimate_public_id"),
    })
    .from(paymentApplications)
    .leftJoin(invoices, and(eq(invoices.id, paymentApplications.invoiceId), my.mine(invoices)))
    .leftJoin(estimates, and(eq(estimates.id, paymentApplications.estimateId), my.mine(estimates)))
    .where(and(my.own(paymentApplications), inArray(paymentApplications.paymentId, paymentIds)))
    .orderBy(asc(paymentApplications.paymentId), asc(paymentApplications.id));
}

const newestFirst = [desc(payments.date), desc(payments.id)];

/** Issue 17.7: the list's filters as the query needs them (services/payments/filters.ts parses them). */
export type PaymentQuery = {
  /** stored `method` values to keep, or null for any */
  methods: string[] | null;
  status: PortalPayment["status"] | null;
  /** inclusive start and exclusive end, unix seconds */
  from: number | null;
  to: number | null;
};

const ALL_PAYMENTS: PaymentQuery = { methods: null, status: null, from: null, to: null };

function filtered(q: PaymentQuery): SQL[] {
  const where: SQL[] = [];
  if (q.methods) where.push(inList(payments.method, q.methods));
  if (q.status) where.push(equals(payments.status, q.status));
  if (q.from !== null) where.push(atLeast(payments.date, q.from));
  // exclusive end: the day after the last one chosen
  if (q.to !== null) where.push(sql`${payments.date} < ${q.to}`);
  return where;
}

function pageIds(my: CustomerScope, page: number, q: PaymentQuery) {
  return my.db
    .select({ id: payments.id })
    .from(payments)
    .where(my.mine(payments, ...filtered(q)))
    .orderBy(...newestFirst)
    .limit(PAYMENTS_PAGE_SIZE)
    .offset((page - 1) * PAYMENTS_PAGE_SIZE);
}

function oneId(my: CustomerScope, publicId: string) {
  return my.db
    .select({ id: payments.id })
    .from(payments)
    .where(my.mine(payments, eq(payments.publicId, publicId)));
}

/**
 * One page of payments, the filtered count, the unfiltered count (so an empty page can
 * tell "no payments yet" from "none match") and what each paid: page reads (one batch).
 */
export function paymentListReads(my: CustomerScope, page: number, q: PaymentQuery = ALL_PAYMENTS) {
  return pageReads(
    [
      my.db
        .select()
        .from(payments)
        .where(my.mine(payments, ...filtered(q)))
        .orderBy(...newestFirst)
        .limit(PAYMENTS_PAGE_SIZE)
        .offset((page - 1) * PAYMENTS_PAGE_SIZE),
      my.db
        .select({ n: count() })
        .from(payments)
        .where(my.mine(payments, ...filtered(q))),
      applicationsOf(my, pageIds(my, page, q)),
      my.db.select({ n: count() }).from(payments).where(my.mine(payments)),
    ],
    ([rows, total, applied, all]) => ({ rows, total: total[0]?.n ?? 0, applied: applied as AppliedTo[], everTotal: all[0]?.n ?? 0 }),
  );
}

/** The payment list's reads on their own (one round trip). */
export function listPayments(my: CustomerScope, page: number, q: PaymentQuery = ALL_PAYMENTS) {
  return runPageReads(my, paymentListReads(my, page, q));
}

/** Rows a CSV export holds at most: the same cap as the invoice export. */
export const PAYMENTS_CSV_LIMIT = 10_000;

/** The filtered payments for the CSV export, newest first, with what each paid (one round trip). */
export async function paymentsForExport(my: CustomerScope, q: PaymentQuery) {
  const ids = my.db
    .select({ id: payments.id })
    .from(payments)
    .where(my.mine(payments, ...filtered(q)))
    .orderBy(...newestFirst)
    .limit(PAYMENTS_CSV_LIMIT + 1);
  const [rows, applied] = await my.batch([
    my.db
      .select()
      .from(payments)
      .where(my.mine(payments, ...filtered(q)))
      .orderBy(...newestFirst)
      .limit(PAYMENTS_CSV_LIMIT + 1),
    applicationsOf(my, ids),
  ]);
  return { rows: rows.slice(0, PAYMENTS_CSV_LIMIT), applied: applied as AppliedTo[], truncated: rows.length > PAYMENTS_CSV_LIMIT };
}

/**
 * A settled payment and what it paid, for its receipt. Only succeeded payments have a
 * receipt; anything else (foreign, pending, failed) is undefined, so a 404. Page reads
 * (one batch with the session, issue 18).
 */
export function receiptReads(my: CustomerScope, publicId: string) {
  return pageReads(
    [
      my.db
        .select()
        .from(payments)
        .where(my.mine(payments, eq(payments.publicId, publicId), eq(payments.status, "succeeded"))),
      applicationsOf(my, oneId(my, publicId)),
    ],
    ([rows, applied]) => {
      const payment = rows[0];
      return payment ? { payment, applied: applied as AppliedTo[] } : undefined;
    },
  );
}

/** The same, read on its own (one round trip). */
export function findReceipt(my: CustomerScope, publicId: string) {
  return runPageReads(my, receiptReads(my, publicId));
}
