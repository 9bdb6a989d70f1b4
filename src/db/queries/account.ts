import { and, asc, count, desc, eq, gt, inArray, isNull, or, sql, sum } from "drizzle-orm";
import { preparedReads } from "../prepared-reads";
import { estimates, invoices, paymentApplications, paymentSources, payments } from "../schema";
import type { CustomerScope } from "../scope";
import { openCondition, visible } from "./invoices";
import { pageReads } from "./page-entry";
import { describedMethodColumns } from "./payment-sources";
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

type SummaryKind = "owed" | "credit" | "estimates";

function accountStatements(my: CustomerScope, now: number) {
  return pageReads(
    [
      // What is owed, credit on account and open estimates: three aggregates, ONE statement
      // (UNION ALL; issue 18: each statement is D1's work and a result to read, per request)
      my.db
        .select({ kind: sql<SummaryKind>`'owed'`.as("kind"), currency: invoices.currency, amount: sum(invoices.balance), n: count() })
        .from(invoices)
        .where(my.mine(invoices, visible(), openCondition()))
        .groupBy(invoices.currency)
        .unionAll(
          // Advance payments put on account ("credit" applications of settled payments).
          my.db
            .select({ kind: sql<SummaryKind>`'credit'`.as("kind"), currency: payments.currency, amount: sum(paymentApplications.amount), n: count() })
            .from(paymentApplications)
            .innerJoin(payments, and(eq(payments.id, paymentApplications.paymentId), my.mine(payments, eq(payments.status, "succeeded"))))
            .where(and(my.own(paymentApplications), eq(paymentApplications.type, "credit")))
            .groupBy(payments.currency),
        )
        .unionAll(
          // Same definition of "open" as the estimates list: still awaiting an answer and not expired.
          my.db
            .select({
              kind: sql<SummaryKind>`'estimates'`.as("kind"),
              currency: sql<string>`''`.as("currency"),
              amount: sql<string | null>`null`.as("amount"),
              n: count(),
            })
            .from(estimates)
            .where(
              my.mine(
                estimates,
                eq(estimates.draft, false),
                inArray(estimates.status, ["not_sent", "sent", "viewed"]),
                or(isNull(estimates.expirationDate), gt(estimates.expirationDate, now)),
              ),
            ),
        ),
      // Every live method, not just the default: an expiring card is flagged whichever it is (issue 6.3).
      // the columns the page shows (issue 18: every column is JSON to send and a value to map)
      my.db
        .select({ id: paymentSources.id, ...describedMethodColumns })
        .from(paymentSources)
        .where(my.mine(paymentSources, isNull(paymentSources.deletedAt)))
        .orderBy(asc(paymentSources.createdAt), asc(paymentSources.id))
        .limit(50),
      my.db
        .select({
          publicId: payments.publicId,
          date: payments.date,
          amount: payments.amount,
          currency: payments.currency,
          method: payments.method,
          methodBrand: payments.methodBrand,
          methodLast4: payments.methodLast4,
          status: payments.status,
        })
        .from(payments)
        .where(my.mine(payments))
        .orderBy(desc(payments.date), desc(payments.id))
        .limit(3),
      // the subscriptions card (issue 15): live ones first; the card shows three and links to the rest
      mySubscriptionsStmt(my, 20),
    ],
    ([unordered, sources, recent, subs]) => {
      // in currency order here: a few rows, where an ORDER BY over the union sorts in a temp b-tree
      const summary = unordered.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
      return {
        balances: summary.filter((r) => r.kind === "owed").map((b) => ({ currency: b.currency, balance: Number(b.amount ?? 0), count: b.n })),
        credits: summary
          .filter((r) => r.kind === "credit")
          .map((c) => ({ currency: c.currency, amount: Number(c.amount ?? 0) }))
          .filter((c) => c.amount > 0),
        openEstimates: summary.find((r) => r.kind === "estimates")?.n ?? 0,
        sources,
        recentPayments: recent,
        subscriptions: subs,
      };
    },
  );
}

export type AccountOverview = ReturnType<ReturnType<typeof accountReads>["read"]>;
