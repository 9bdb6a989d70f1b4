import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { estimates, invoices, paymentSources } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./invoices";
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

/**
 * One round trip: the customer's open invoices (oldest due first), the invoices the
 * request names (open or not, so a paid one can be explained: S34), and the saved
 * methods of the tenant's gateway.
 */
export async function loadPayContext(my: CustomerScope, named: string[], gateway: string) {
  const [open, namedRows, sources] = await my.batch([
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
  ]);
  return { open: open as PayInvoice[], named: namedRows as PayInvoice[], sources: sources as PaymentSource[] };
}

/** The customer's estimate by public id (not drafts), for a deposit. */
export function findMyEstimate(my: CustomerScope, publicId: string) {
  return my.select(estimates, and(eq(estimates.publicId, publicId), eq(estimates.draft, false))).get();
}
