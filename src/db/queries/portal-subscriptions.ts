import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { coupons, invoices, plans, subscriptions } from "../schema";
import type { CustomerScope } from "../scope";
import type { Coupon, Plan } from "./catalog";
import { visible } from "./invoices";
import type { Subscription } from "./subscriptions";

/**
 * The signed-in customer's subscriptions (issue 15). Every read is `tenant AND
 * customer` (`my.mine`, S31): another customer's or tenant's id finds nothing, a
 * 404. Each page's reads are ONE batch (one D1 round trip).
 */

/** The most a customer's list shows (a customer has a handful; this only bounds the read). */
const LIST_LIMIT = 100;
const INVOICE_LIMIT = 50;

/** Live subscriptions first, then ended ones; newest first within each. */
const listOrder = [sql`${subscriptions.canceledAt} IS NOT NULL`, desc(subscriptions.createdAt), desc(subscriptions.id)];

/** The statement of the customer's subscriptions, for a page's own batch (My Account's too). */
export const mySubscriptionsStmt = (my: CustomerScope, limit = LIST_LIMIT) =>
  my
    .select(subscriptions)
    .orderBy(...listOrder)
    .limit(limit);

export async function listMySubscriptions(my: CustomerScope): Promise<Subscription[]> {
  return mySubscriptionsStmt(my).all();
}

/** The invoices a subscription produced: renewals and changes carry its id in their metadata. */
const invoicesOfStmt = (my: CustomerScope, id: number) =>
  my
    .select(invoices, and(visible(), sql`json_extract(${invoices.metadata}, '$.subscription') = ${String(id)}`))
    .orderBy(desc(invoices.date), desc(invoices.id))
    .limit(INVOICE_LIMIT);

export type SubscriptionPage = {
  sub: Subscription;
  invoices: (typeof invoices.$inferSelect)[];
  /** the plans named by the merchant's change list and the subscription's own, as the catalogue has them */
  plans: Plan[];
  /** the merchant's retention coupon, when one is set and exists */
  retention: Coupon | null;
};

/**
 * Everything a subscription's pages show, in one round trip: the subscription
 * (customer-scoped), its invoices, the plans a change may move to and the
 * retention coupon.
 */
export async function mySubscriptionPage(
  my: CustomerScope,
  id: number,
  opts: { planIds: string[]; retentionCoupon: string | null },
): Promise<SubscriptionPage | undefined> {
  const none = ["\u0000"]; // IN () is not valid SQL; no id can be a NUL
  const [subs, invs, ps, cps] = (await my.batch([
    my.select(subscriptions, eq(subscriptions.id, id)),
    invoicesOfStmt(my, id),
    my.db
      .select()
      .from(plans)
      .where(my.own(plans, inArray(plans.id, opts.planIds.length ? opts.planIds : none)))
      .orderBy(asc(plans.amount), asc(plans.id)),
    my.db
      .select()
      .from(coupons)
      .where(my.own(coupons, eq(coupons.id, opts.retentionCoupon ?? "\u0000"))),
  ])) as [Subscription[], (typeof invoices.$inferSelect)[], Plan[], Coupon[]];
  const sub = subs[0];
  if (!sub) return undefined;
  return { sub, invoices: invs, plans: ps, retention: cps[0] ?? null };
}
