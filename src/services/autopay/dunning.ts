import { finishAutopayAttemptStmt, pastDueState } from "../../db/queries/autopay";
import type { InvoiceRow } from "../../db/queries/documents";
import { findSubscription, type NewSubscription } from "../../db/queries/subscriptions";
import type { Customer } from "../../db/queries/types";
import { formatMoney } from "../../lib/money";
import { DAY } from "../../lib/time";
import { statusOf } from "../subscriptions/engine-input";
import { writeSubscription } from "../subscriptions/lifecycle";
import type { AutopayDeps } from "./charge";

/**
 * Dunning: a declined AutoPay charge is retried after the tenant's retry days
 * (3, 5 and 7 by default), each counted from the first decline; every decline
 * mails the customer a link to pay the invoice on the page (where a bank can ask
 * for confirmation, 3-D Secure) and one to update the payment method. When the retries are
 * used up, the invoice's subscription becomes `past_due`, or is canceled with
 * reason `nonpayment` (tenant setting). A later successful charge (after a card
 * update, or the merchant's `invoice.pay`) makes it active again.
 */

const subscriptionOf = (invoice: Pick<InvoiceRow, "metadata">) => {
  const id = Number(invoice.metadata.subscription);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

async function changeSubscription(
  d: AutopayDeps,
  id: number,
  set: (s: NonNullable<Awaited<ReturnType<typeof findSubscription>>>) => Partial<NewSubscription> | null,
  type: string,
) {
  for (let round = 0; round < 3; round++) {
    const sub = await findSubscription(d.scope, id);
    const change = sub && sub.canceledAt === null ? set(sub) : null;
    if (!sub || !change) return;
    try {
      await writeSubscription({ scope: d.scope, tenant: d.tenant, now: d.now, who: d.who, origin: d.portalOrigin }, sub, change, type, {
        previous: { status: sub.status },
        reason: "autopay",
      });
      return;
    } catch (err) {
      if (round === 2) throw err; // a renewal or change landed meanwhile: read again
    }
  }
}

export async function afterDecline(
  d: AutopayDeps,
  f: { invoice: InvoiceRow; customer: Customer; attempt: number; firstAt: number; message: string },
): Promise<void> {
  const days = d.tenant.dunningRetryDays;
  // only AutoPay retries; a merchant's invoice.pay for a customer not enrolled is tried once
  const enrolled = f.customer.autopay;
  const nextAttemptAt = enrolled && f.attempt <= days.length ? f.firstAt + days[f.attempt - 1]! * DAY : null;
  await d.scope.batch([finishAutopayAttemptStmt(d.scope, f.invoice.id, f.attempt, { status: "failed", errorMessage: f.message, nextAttemptAt }, d.now)]);

  const subId = subscriptionOf(f.invoice);
  if (enrolled && nextAttemptAt === null && subId !== null) {
    if (d.tenant.dunningFinalAction === "cancel") {
      await changeSubscription(d, subId, () => ({ canceledAt: d.now, canceledReason: "nonpayment", renewsNext: null }), "subscription.deleted");
    } else {
      await changeSubscription(d, subId, (s) => (s.pastDue ? null : { pastDue: true }), "subscription.updated");
    }
  }
  await mailDecline(d, f, nextAttemptAt);
}

export async function afterSuccess(d: AutopayDeps, f: { invoice: InvoiceRow; attempt: number }): Promise<void> {
  await d.scope.batch([finishAutopayAttemptStmt(d.scope, f.invoice.id, f.attempt, { status: "succeeded", nextAttemptAt: null }, d.now)]);
  const subId = subscriptionOf(f.invoice);
  if (subId !== null) await clearPastDue(d, subId);
}

/**
 * `past_due` as Invoiced means it: a subscription with an unpaid invoice past its
 * due date (the invoices' own `past_due` rule), not only after dunning ran out.
 * Stored (the API filters on it) and set by each run: marked when one of its
 * invoices is overdue, back to `active` when none is any more (paid through the
 * portal, a payment, a credit note, a void). AutoPay's and `invoice.pay`'s
 * successes clear it at once (afterSuccess). Each change is the usual
 * version-checked write with its `subscription.updated` event.
 */
export async function reconcilePastDue(d: AutopayDeps, limit = 200): Promise<number> {
  const { toMark, toClear } = await pastDueState(d.scope, d.now, limit);
  for (const id of toMark) await changeSubscription(d, id, (s) => (s.pastDue ? null : { pastDue: true }), "subscription.updated");
  for (const id of toClear) await clearPastDue(d, id);
  return toMark.length + toClear.length;
}

/** A paid renewal invoice ends the subscription's past-due state. */
async function clearPastDue(d: AutopayDeps, subscriptionId: number): Promise<void> {
  await changeSubscription(
    d,
    subscriptionId,
    (s) => (s.pastDue ? { pastDue: false, status: statusOf({ ...s, pastDue: false }, d.now) } : null),
    "subscription.updated",
  );
}

async function mailDecline(d: AutopayDeps, f: { invoice: InvoiceRow; customer: Customer; message: string }, nextAttemptAt: number | null) {
  if (!f.customer.email) return;
  const amount = formatMoney(f.invoice.balance, f.invoice.currency);
  const update = `${d.portalOrigin}/payment-methods`;
  // paying on the page (not off-session) is how a bank's confirmation (3-D Secure) gets done
  const pay = `${d.portalOrigin}/pay?invoice=${f.invoice.publicId}`;
  const when =
    nextAttemptAt === null ? "We will not retry automatically." : `We will try again on ${new Date(nextAttemptAt * 1000).toISOString().slice(0, 10)}.`;
  const text = [
    `Hello ${f.customer.name},`,
    "",
    `We could not charge ${amount} for invoice ${f.invoice.number}: ${f.message}`,
    when,
    "",
    `Pay this invoice now (your bank may ask you to confirm the payment): ${pay}`,
    `Update your payment method here: ${update}`,
    "",
    d.tenant.name,
  ].join("\n");
  try {
    await d.mailer.send({
      tenantId: d.tenant.id,
      to: { email: f.customer.email, name: f.customer.name },
      subject: `${d.tenant.name}: payment for invoice ${f.invoice.number} failed`,
      text,
    });
  } catch (err) {
    console.error(`dunning mail failed: ${err instanceof Error ? err.name : "unknown"}`);
  }
}
