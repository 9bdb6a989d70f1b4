import { and, asc, count, desc, eq, gt, inArray, isNull, or, sum } from "drizzle-orm";
import { estimates, invoices, paymentApplications, paymentSources, payments } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./invoices";
import { mySubscriptionsStmt } from "./portal-subscriptions";

/**
 * Everything My Account shows, in ONE batch (one D1 round trip): with the tenant and
 * session lookups a page costs at most three. The customer row itself (billing details,
 * AutoPay, default payment source id) came with the session, so it is not read again.
 */
export async function accountOverview(my: CustomerScope, opts: { now: number }) {
  const [balances, credits, estimateCount, sources, recent, subs] = await my.batch([
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
    // Same definition of "open" as the estimates list: still awaiting an answer and not expired.
    my.db
      .select({ n: count() })
      .from(estimates)
      .where(
        my.mine(
          estimates,
          eq(estimates.draft, false),
          inArray(estimates.status, ["not_sent", "sent", "viewed"]),
          or(isNull(estimates.expirationDate), gt(estimates.expirationDate, opts.now)),
        ),
      ),
    // Every live method, not just the default: an expiring card is flagged whichever it is (issue 6.3).
    my.db
      .select()
      .from(paymentSources)
      .where(my.mine(paymentSources, isNull(paymentSources.deletedAt)))
      .orderBy(asc(paymentSources.createdAt), asc(paymentSources.id))
      .limit(50),
    my.db.select().from(payments).where(my.mine(payments)).orderBy(desc(payments.date), desc(payments.id)).limit(3),
    // the subscriptions card (issue 15): live ones first; the card shows three and links to the rest
    mySubscriptionsStmt(my, 20),
  ]);
  return {
    balances: balances.map((b) => ({ currency: b.currency, balance: Number(b.balance ?? 0), count: b.count })),
    credits: credits.map((c) => ({ currency: c.currency, amount: Number(c.amount ?? 0) })).filter((c) => c.amount > 0),
    openEstimates: estimateCount[0]?.n ?? 0,
    sources,
    recentPayments: recent,
    subscriptions: subs,
  };
}

export type AccountOverview = Awaited<ReturnType<typeof accountOverview>>;
