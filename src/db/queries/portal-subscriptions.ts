import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { coupons, invoices, lineItems, pendingLineItems, plans, subscriptions, tenants } from "../schema";
import type { CustomerScope } from "../scope";
import type { Coupon, Plan } from "./catalog";
import { visible } from "./invoices";
import { type PageReads, pageReads, runPageReads } from "./page-entry";
import type { PendingProrationRows } from "./pending-line-items";
import type { StoredLines, Subscription } from "./subscriptions";

/**
 * The signed-in customer's subscriptions (issue 15). Every read is `tenant AND
 * customer` (`my.mine`, S31): another customer's or tenant's id finds nothing, a
 * 404. Each page's reads are ONE batch (one D1 round trip).
 */

/** The most a customer's list shows (a customer has a handful; this only bounds the read). */
const LIST_LIMIT = 100;
const INVOICE_LIMIT = 50;

/**
 * The customer's live (or, `ended`, canceled) subscriptions, newest first: in id
 * order, so the (tenant, customer, id) index serves it without a sort. For a
 * page's own batch (My Account's card takes the live ones).
 */
export const mySubscriptionsStmt = (my: CustomerScope, limit = LIST_LIMIT, ended = false) =>
  my
    .select(subscriptions, ended ? isNotNull(subscriptions.canceledAt) : isNull(subscriptions.canceledAt))
    .orderBy(desc(subscriptions.id))
    .limit(limit);

/** Whether the customer has a subscription that is not canceled (a sign-up page allowing one sends it to My Account). */
export async function hasLiveSubscription(my: CustomerScope): Promise<boolean> {
  return (await mySubscriptionsStmt(my, 1)).length > 0;
}

/** The list page: live subscriptions first, then ended ones, as page reads (one batch with the session, issue 18). */
export function mySubscriptionListReads(my: CustomerScope): PageReads<Subscription[]> {
  return pageReads([mySubscriptionsStmt(my), mySubscriptionsStmt(my, LIST_LIMIT, true)], ([live, ended]) => [...live, ...ended] as Subscription[]);
}

/** The invoices a subscription produced: renewals and changes carry its id in their metadata. */
const invoicesOfStmt = (my: CustomerScope, id: SQL) =>
  my
    .select(invoices, and(visible(), sql`json_extract(${invoices.metadata}, '$.subscription') = cast((${id}) as text)`))
    .orderBy(desc(invoices.date), desc(invoices.id))
    .limit(INVOICE_LIMIT);

export type SubscriptionPage = {
  sub: Subscription;
  invoices: (typeof invoices.$inferSelect)[];
  /** the plans named by the merchant's change list, as the catalogue has them */
  plans: Plan[];
  /** the merchant's retention coupon, when one is set and exists */
  retention: Coupon | null;
  /** the lines of the current period: what the engine reads to price a change (so a preview costs no round trip of its own) */
  stored: StoredLines;
  /** the period's proration lines waiting on the customer (a net credit): part of what the period billed */
  pending: PendingProrationRows;
};

/**
 * Everything a subscription's pages show and a change preview prices, as page reads
 * (one batch, with the session on a GET: issue 18): the subscription (customer-scoped),
 * its invoices, the plans a change may move to, the retention coupon, and the lines
 * of its current period (what a change credits: the engine's linesInEffect). The
 * merchant's change list and retention coupon are read from the tenant's row inside
 * the statements (`my.tenantId` may be the session's subquery), not passed in.
 */
export function mySubscriptionPageReads(my: CustomerScope, publicId: string): PageReads<SubscriptionPage | undefined> {
  // the URL carries the public id (S32); the statements below find the row's id through it, customer-scoped
  const mine = my.mine(subscriptions, eq(subscriptions.publicId, publicId));
  const id = sql`select ${subscriptions.id} from ${subscriptions} where ${mine}`;
  const periodEnd = my.db.select({ end: subscriptions.periodEnd }).from(subscriptions).where(mine);
  const setting = (column: typeof tenants.subscriptionChangePlans | typeof tenants.cancellationRetentionCoupon) =>
    sql`(select ${column} from ${tenants} where ${tenants.id} = ${my.tenantId})`;
  const reads = [
    my.select(subscriptions, eq(subscriptions.publicId, publicId)),
    invoicesOfStmt(my, id),
    my.db
      .select()
      .from(plans)
      .where(my.own(plans, inArray(plans.id, sql`(select value from json_each(${setting(tenants.subscriptionChangePlans)}))`)))
      .orderBy(asc(plans.amount), asc(plans.id)),
    // no coupon set: NULL equals nothing
    my.db
      .select()
      .from(coupons)
      .where(my.own(coupons, eq(coupons.id, setting(tenants.cancellationRetentionCoupon)))),
    // lines only (no invoice column: a batched join must not repeat a column name); line.invoiceId names the invoice
    my.db
      .select({ line: lineItems })
      .from(lineItems)
      .innerJoin(invoices, and(eq(invoices.id, lineItems.invoiceId), my.own(invoices), eq(invoices.voided, false)))
      .where(my.own(lineItems, sql`${lineItems.subscriptionId} = (${id})`, eq(lineItems.periodEnd, periodEnd))),
    my.select(pendingLineItems, and(sql`${pendingLineItems.subscriptionId} = (${id})`, eq(pendingLineItems.periodEnd, periodEnd))),
  ] as const;
  return pageReads(reads, (results) => {
    const [subs, invs, ps, cps, lines, pending] = results as unknown as [
      Subscription[],
      (typeof invoices.$inferSelect)[],
      Plan[],
      Coupon[],
      { line: typeof lineItems.$inferSelect }[],
      PendingProrationRows,
    ];
    const sub = subs[0];
    if (!sub) return undefined;
    return {
      sub,
      invoices: invs,
      plans: ps,
      retention: cps[0] ?? null,
      stored: lines.map(({ line }) => ({ line, invoiceId: line.invoiceId! })),
      pending,
    };
  });
}

/** The same, read on its own (a form post): one round trip. */
export function mySubscriptionPage(my: CustomerScope, publicId: string): Promise<SubscriptionPage | undefined> {
  return runPageReads(my, mySubscriptionPageReads(my, publicId));
}
