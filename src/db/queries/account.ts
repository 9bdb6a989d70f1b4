import { and, asc, count, desc, eq, gt, inArray, isNull, or, sum } from "drizzle-orm";
import { preparedReads } from "../prepared-reads";
import { estimates, invoices, paymentApplications, paymentSources, payments } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./invoices";
import { pageReads } from "./page-entry";
import { mySubscriptionsStmt } from "./portal-subscriptions";

/**
 * Everything My Account shows, as page reads (src/db/queries/page-entry.ts): batched with
 * the tenant and session lookups, the page is ONE round trip (issue 18). The customer row
 * itself (billing details, AutoPay, default payment source id) comes with the session, so
 * it is not read again.
 */
export function accountReads(my: CustomerScope, opts: { now: number }) {
  // SQL built once per isolate on the page entry's scope; `now` is the one request value
  return preparedReads(my, "account", { now: opts.now }, ({ now }) => accountStatements(my, now));
}

function accountStatements(my: CustomerScope, now: number) {
  return pageReads(
    [
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
            or(isNull(estimates.expirationDate), gt(estimates.expirationDate, now)),
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
    ],
    ([balances, credits, estimateCount, sources, recent, subs]) => ({
      balances: balances.map((b) => ({ currency: b.currency, balance: Number(b.balance ?? 0), count: b.count })),
      credits: credits.map((c) => ({ currency: c.currency, amount: Number(c.amount ?? 0) })).filter((c) => c.amount > 0),
      openEstimates: estimateCount[0]?.n ?? 0,
      sources,
      recentPayments: recent,
      subscriptions: subs,
    }),
  );
}

export type AccountOverview = ReturnType<ReturnType<typeof accountReads>["read"]>;
