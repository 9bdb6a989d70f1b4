import { and, asc, eq, inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { customers, estimates, invoices, paymentApplications, paymentAttempts, paymentSources, payments } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";
import { type LineRow, linesOf } from "./documents";
import { type PageReads, pageReads } from "./page-entry";

/**
 * Reads around settling a payment attempt and showing its outcome. Settlement runs
 * from a portal request or a provider webhook, so these take a TenantScope plus the
 * attempt's customer id; the portal's own pages use the CustomerScope versions (S31).
 */

/** whole rows, with their lines: the `invoice.paid` event carries the invoice as the API returns it */
export type SettleInvoice = typeof invoices.$inferSelect;
export type SettleEstimate = { id: number; publicId: string; number: string; deposit: number; depositPaid: boolean; currency: string };

const estimateCols = {
  id: estimates.id,
  publicId: estimates.publicId,
  number: estimates.number,
  deposit: estimates.deposit,
  depositPaid: estimates.depositPaid,
  currency: estimates.currency,
};

/** The statements of settleReads, to batch with others. */
function settleStatements(scope: TenantScope, customerId: number, invoiceIds: number[], estimateIds: number[], sourceId: number | null) {
  return [
    scope.select(invoices, and(eq(invoices.customerId, customerId), inArray(invoices.id, invoiceIds.length ? invoiceIds : [-1]))),
    scope.db
      .select(estimateCols)
      .from(estimates)
      .where(scope.own(estimates, eq(estimates.customerId, customerId), inArray(estimates.id, estimateIds.length ? estimateIds : [-1]))),
    scope.select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, sourceId ?? -1))),
    scope.select(customers, eq(customers.id, customerId)),
    linesOf(scope, "invoice", invoiceIds),
  ] as const;
}

type SettleResults = [unknown, unknown, unknown, unknown, unknown];

function settleOf([inv, est, src, cust, lines]: SettleResults) {
  return {
    invoices: inv as SettleInvoice[],
    estimates: est as SettleEstimate[],
    source: (src as (typeof paymentSources.$inferSelect)[])[0] ?? null,
    customer: (cust as (typeof customers.$inferSelect)[])[0] ?? null,
    lines: lines as LineRow[],
  };
}

/** One round trip: the attempt's invoices and estimates as they are now, its method and its customer. */
export async function settleReads(scope: TenantScope, customerId: number, invoiceIds: number[], estimateIds: number[], sourceId: number | null) {
  return settleOf((await scope.batch(settleStatements(scope, customerId, invoiceIds, estimateIds, sourceId))) as SettleResults);
}

export type AppliedLine = { type: "invoice" | "estimate" | "credit"; amount: number; number: string | null; publicId: string | null };

/** `paymentId` a number, or a subquery giving it (a page's reads, before the attempt is read) */
function appliedLines(scope: Pick<TenantScope, "db" | "own">, customerId: number, paymentId: number | SQLWrapper) {
  const ofPayment: SQL = typeof paymentId === "number" ? eq(paymentApplications.paymentId, paymentId) : inArray(paymentApplications.paymentId, paymentId);
  return (
    scope.db
      // Aliased: in a D1 batch rows come back as objects keyed by column name, so two
      // joined columns both called "number" would overwrite each other.
      .select({
        type: paymentApplications.type,
        amount: paymentApplications.amount,
        invoiceNumber: sql<string | null>`${invoices.number}`.as("invoice_number"),
        invoicePublicId: sql<string | null>`${invoices.publicId}`.as("invoice_public_id"),
        estimateNumber: sql<string | null>`${estimates.number}`.as("estimate_number"),
        estimatePublicId: sql<string | null>`${estimates.publicId}`.as("estimate_public_id"),
      })
      .from(paymentApplications)
      .leftJoin(invoices, and(eq(invoices.id, paymentApplications.invoiceId), scope.own(invoices, eq(invoices.customerId, customerId))))
      .leftJoin(estimates, and(eq(estimates.id, paymentApplications.estimateId), scope.own(estimates, eq(estimates.customerId, customerId))))
      .where(scope.own(paymentApplications, ofPayment))
      .orderBy(asc(paymentApplications.id))
  );
}

/** A payment of this customer with what it paid, for the receipt email and the result page. */
export async function paymentWithLines(scope: TenantScope, customerId: number, paymentId: number) {
  return paymentOf((await scope.batch(paymentStatements(scope, customerId, paymentId))) as [unknown, unknown]);
}

function paymentStatements(scope: TenantScope, customerId: number, paymentId: number) {
  return [scope.select(payments, and(eq(payments.customerId, customerId), eq(payments.id, paymentId))), appliedLines(scope, customerId, paymentId)] as const;
}

function paymentOf([pay, lines]: [unknown, unknown]) {
  const payment = (pay as (typeof payments.$inferSelect)[])[0];
  if (!payment) return undefined;
  return {
    payment,
    lines: (lines as Awaited<ReturnType<typeof appliedLines>>).map(
      (l): AppliedLine => ({
        type: l.type,
        amount: l.amount,
        number: l.invoiceNumber ?? l.estimateNumber ?? null,
        publicId: l.invoicePublicId ?? l.estimatePublicId ?? null,
      }),
    ),
  };
}

/** What the confirmation and result pages of one attempt read (raw rows; services/pay/attempt-view.ts shapes them). */
export type AttemptPageRows = {
  attempt: typeof paymentAttempts.$inferSelect;
  invoices: { id: number; number: string; publicId: string; balance: number }[];
  estimates: { id: number; number: string; publicId: string }[];
  source: typeof paymentSources.$inferSelect | null;
  payment: typeof payments.$inferSelect | null;
  lines: AppliedLine[];
};

/**
 * The signed-in customer's attempt by its client key, with the documents it pays, its
 * method and the payment it made, as a page's reads: one batch, riding in the session's
 * (issue 18). The ids come from the attempt's row inside SQL (its allocations through
 * json_each), so nothing waits for the attempt to be read; every table is read through
 * `my` (S31), so another customer's key reads nothing.
 */
export function attemptPageReads(my: CustomerScope, clientKey: string): PageReads<AttemptPageRows | undefined> {
  const target = my.mine(paymentAttempts, eq(paymentAttempts.clientKey, clientKey));
  const allocated = (key: "invoiceId" | "estimateId") =>
    sql`(select json_extract(a.value, ${`$.${key}`}) from ${paymentAttempts}, json_each(${paymentAttempts.allocations}) a where ${target})`;
  const paymentOfAttempt = my.db.select({ id: paymentAttempts.paymentId }).from(paymentAttempts).where(target);
  const reads = [
    my.db.select().from(paymentAttempts).where(target),
    my.db
      .select({ id: invoices.id, number: invoices.number, publicId: invoices.publicId, balance: invoices.balance })
      .from(invoices)
      .where(my.mine(invoices, inArray(invoices.id, allocated("invoiceId")))),
    my.db
      .select({ id: estimates.id, number: estimates.number, publicId: estimates.publicId })
      .from(estimates)
      .where(my.mine(estimates, inArray(estimates.id, allocated("estimateId")))),
    my.db
      .select()
      .from(paymentSources)
      .where(my.mine(paymentSources, inArray(paymentSources.id, my.db.select({ id: paymentAttempts.paymentSourceId }).from(paymentAttempts).where(target)))),
    my.db
      .select()
      .from(payments)
      .where(my.mine(payments, inArray(payments.id, paymentOfAttempt))),
    appliedLines(my, my.customerId, paymentOfAttempt),
  ] as const;
  return pageReads(reads, ([attempt, inv, est, src, pay, lines]) => {
    if (!attempt[0]) return undefined;
    const paid = paymentOf([pay, lines]);
    return { attempt: attempt[0], invoices: inv, estimates: est, source: src[0] ?? null, payment: paid?.payment ?? null, lines: paid?.lines ?? [] };
  });
}
