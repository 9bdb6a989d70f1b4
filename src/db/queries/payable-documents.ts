import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { estimates, invoices, paymentSources, tenants } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./invoices";
import { type PageReads, pageReads } from "./page-entry";
import type { PaymentSource } from "./payment-sources";

/** What the pay page reads: the signed-in customer's open invoices, estimates and saved methods (S31). */

export type PayInvoice = Pick<
  typeof invoices.$inferSelect,
  "id" | "publicId" | "number" | "currency" | "total" | "balance" | "dueDate" | "date" | "status" | "paid" | "paymentLock" | "paymentLockAt"
>;
export type PayEstimate = typeof estimates.$inferSelect;

const invoiceColumns = {
  id: invoices.id,
  publicId: invoices.publicId,
  number: invoices.number,
  currency: invoices.currency,
  total: invoices.total,
  balance: invoices.balance,
  dueDate: invoices.dueDate,
  date: invoices.date,
  status: invoices.status,
  paid: invoices.paid,
  paymentLock: invoices.paymentLock,
  paymentLockAt: invoices.paymentLockAt,
};

/** A pay page never lists more than this many invoices; one payment covers at most MAX_INVOICES. */
const OPEN_INVOICE_LIMIT = 100;
/** D1 allows 100 bound parameters a statement: the lock UPDATE uses three per invoice. */
export const MAX_INVOICES = 25;

export type PayData = { open: PayInvoice[]; named: PayInvoice[]; sources: PaymentSource[]; estimate: PayEstimate | null };

/**
 * Everything the pay form shows or checks, as page reads (one batch, with the session
 * on a GET: issue 18): the customer's open invoices, the invoices the request names
 * (to explain one that is paid meanwhile), saved methods of the tenant's gateway
 * (read from the tenant's row in the statement: `my.tenantId` may be the session's
 * subquery) and the estimate of a deposit (none named: a lookup that finds nothing).
 */
export function payDataReads(my: CustomerScope, named: string[], estimate: string | null): PageReads<PayData> {
  const gateway = sql`(select ${tenants.paymentGateway} from ${tenants} where ${tenants.id} = ${my.tenantId})`;
  return pageReads(
    [
      my.db
        .select(invoiceColumns)
        .from(invoices)
        .where(my.mine(invoices, visible(), openCondition()))
        .orderBy(asc(sql`coalesce(${invoices.dueDate}, ${invoices.date})`), asc(invoices.id))
        .limit(OPEN_INVOICE_LIMIT),
      my.db
        .select(invoiceColumns)
        .from(invoices)
        .where(my.mine(invoices, visible(), inArray(invoices.publicId, named.length ? named : [""]))),
      my.db
        .select()
        .from(paymentSources)
        .where(my.mine(paymentSources, isNull(paymentSources.deletedAt), eq(paymentSources.gateway, gateway)))
        .orderBy(asc(paymentSources.createdAt), asc(paymentSources.id)),
      my.select(estimates, and(eq(estimates.publicId, estimate ?? ""), eq(estimates.draft, false))),
    ],
    ([open, namedRows, sources, est]) => ({
      open: open as PayInvoice[],
      named: namedRows as PayInvoice[],
      sources: sources as PaymentSource[],
      estimate: estimate === null ? null : ((est as PayEstimate[])[0] ?? null),
    }),
  );
}
