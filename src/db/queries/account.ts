import { and, count, desc, eq, gte, inArray, isNull, or, sum } from "drizzle-orm";
import { estimates, invoices, paymentApplications, payments, paymentSources } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./portal-invoices";

/**
 * Everything My Account shows, in ONE batch (one D1 round trip): with the tenant and
 * session lookups a page costs at most three. The customer row itself (billing details,
 * AutoPay, default payment source id) came with the session, so it is not read again.
 */
export async function accountOverview(my: CustomerScope, opts: { now: number; defaultPaymentSourceId: number | null }) {
  const [balances, credits, estimateCount, sources, recent] = await my.batch([
    my.db
      .select({ currency: invoices.currency, balance: sum(invoices.balance), count: count() })
      .from(invoices)
      .where(my.mine(invoices, visible(), openCondition()))
      .groupBy(invoices.currency)
      .orderBy(invoices.currency),
    // Advance payments put on account ("credit" applications of settled payments).
    my.db
      .select({ currency: payments.currency, amount: sum(paymentApplications.amount) })
      .from(paymentApplications)
      .innerJoin(payments, and(eq(payments.id, paymentApplications.paymentId), my.mine(payments, eq(payments.status, "succeeded"))))
      .where(and(my.own(paymentApplications), eq(paymentApplications.type, "credit")))
      .groupBy(payments.currency)
      .orderBy(payments.currency),
    my.db
      .select({ n: count() })
      .from(estimates)
      .where(
        my.mine(
          estimates,
          eq(estimates.draft, false),
          inArray(estimates.status, ["not_sent", "sent", "viewed"]),
          or(isNull(estimates.expirationDate), gte(estimates.expirationDate, opts.now)),
        ),
      ),
    my.db
      .select()
      .from(paymentSources)
      .where(my.mine(paymentSources, eq(paymentSources.id, opts.defaultPaymentSourceId ?? -1), isNull(paymentSources.deletedAt))),
    my.db.select().from(payments).where(my.mine(payments)).orderBy(desc(payments.date), desc(payments.id)).limit(3),
  ]);
  return {
    balances: balances.map((b) => ({ currency: b.currency, balance: Number(b.balance ?? 0), count: b.count })),
    credits: credits.map((c) => ({ currency: c.currency, amount: Number(c.amount ?? 0) })).filter((c) => c.amount > 0),
    openEstimates: estimateCount[0]?.n ?? 0,
    defaultSource: sources[0] ?? null,
    recentPayments: recent,
  };
}

export type AccountOverview = Awaited<ReturnType<typeof accountOverview>>;

