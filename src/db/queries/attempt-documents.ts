import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { customers, estimates, invoices, paymentApplications, paymentSources, payments } from "../schema";
import type { TenantScope } from "../scope";
import { type LineRow, linesOf } from "./documents";

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

function appliedLines(scope: TenantScope, customerId: number, paymentId: number) {
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
      .where(scope.own(paymentApplications, eq(paymentApplications.paymentId, paymentId)))
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

/**
 * settleReads and, when the attempt made a payment, paymentWithLines in ONE round
 * trip: the result page stays within three (issue 7).
 */
export async function settleAndPaymentReads(
  scope: TenantScope,
  customerId: number,
  ids: { invoiceIds: number[]; estimateIds: number[]; sourceId: number | null; paymentId: number | null },
) {
  const settle = settleStatements(scope, customerId, ids.invoiceIds, ids.estimateIds, ids.sourceId);
  if (ids.paymentId === null) return { reads: settleOf((await scope.batch(settle)) as SettleResults), paid: undefined };
  const results = (await scope.batch([...settle, ...paymentStatements(scope, customerId, ids.paymentId)])) as unknown[];
  return { reads: settleOf(results.slice(0, settle.length) as SettleResults), paid: paymentOf(results.slice(settle.length) as [unknown, unknown]) };
}
