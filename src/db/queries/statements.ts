import { asc, eq, gte, lt, sum } from "drizzle-orm";
import type { CurrencySum, StatementInvoice, StatementPaymentRow } from "../../services/statements/statement";
import { invoices, payments } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./invoices";
import { pageReads, runPageReads } from "./page-entry";

/**
 * Rows for the statements (S31: all through `my.mine`); the arithmetic lives in
 * src/services/statements.ts. Each statement is one batch, one round trip, and uses
 * the (tenant, customer, date) indexes of invoices and payments.
 */

const invoiceCols = {
  publicId: invoices.publicId,
  number: invoices.number,
  date: invoices.date,
  dueDate: invoices.dueDate,
  currency: invoices.currency,
  total: invoices.total,
  balance: invoices.balance,
};

const settled = eq(payments.status, "succeeded");

type Period = { start: number; end: number };

/** A balance-forward statement's rows: page reads (one batch). */
export function balanceForwardReads(my: CustomerScope, period: Period) {
  return pageReads(
    [
      my.db
        .select({ currency: invoices.currency, amount: sum(invoices.total) })
        .from(invoices)
        .where(my.mine(invoices, visible(), lt(invoices.date, period.start)))
        .groupBy(invoices.currency),
      my.db
        .select({ currency: payments.currency, amount: sum(payments.amount) })
        .from(payments)
        .where(my.mine(payments, settled, lt(payments.date, period.start)))
        .groupBy(payments.currency),
      my.db
        .select(invoiceCols)
        .from(invoices)
        .where(my.mine(invoices, visible(), gte(invoices.date, period.start), lt(invoices.date, period.end)))
        .orderBy(asc(invoices.date), asc(invoices.id)),
      my.db
        .select({
          publicId: payments.publicId,
          date: payments.date,
          currency: payments.currency,
          amount: payments.amount,
          method: payments.method,
          methodBrand: payments.methodBrand,
          methodLast4: payments.methodLast4,
        })
        .from(payments)
        .where(my.mine(payments, settled, gte(payments.date, period.start), lt(payments.date, period.end)))
        .orderBy(asc(payments.date), asc(payments.id)),
    ],
    ([openingInvoiced, openingPaid, inv, pay]) => ({
      openingInvoiced: sums(openingInvoiced),
      openingPaid: sums(openingPaid),
      invoices: inv as StatementInvoice[],
      payments: pay as StatementPaymentRow[],
    }),
  );
}

const sums = (rows: { currency: string; amount: string | null }[]): CurrencySum[] => rows.map((r) => ({ currency: r.currency, amount: Number(r.amount ?? 0) }));

export const balanceForwardRows = (my: CustomerScope, period: Period) => runPageReads(my, balanceForwardReads(my, period));

/** Open invoices (some balance left) for the open-item statement: page reads. */
export function openItemReads(my: CustomerScope) {
  return pageReads(
    [
      my.db
        .select(invoiceCols)
        .from(invoices)
        .where(my.mine(invoices, visible(), openCondition()))
        .orderBy(asc(invoices.date), asc(invoices.id)),
    ],
    ([rows]): StatementInvoice[] => rows,
  );
}

export const openItemRows = (my: CustomerScope) => runPageReads(my, openItemReads(my));
