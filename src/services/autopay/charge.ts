import type { Actor } from "../../db/events";
import { attemptsOf, claimAutopayAttempt, finishAutopayAttemptStmt, reclaimAutopayAttempt } from "../../db/queries/autopay";
import type { InvoiceRow } from "../../db/queries/documents";
import { claimAttempt, findAttemptById, insertAttempt, lockInvoices } from "../../db/queries/payment-attempts";
import { findSourceById, listPaymentSources, type PaymentSource } from "../../db/queries/payment-sources";
import type { Customer, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import { GatewayError, type PaymentGateway } from "../gateways";
import { endAttempt } from "../pay/fail";
import { settleAndNotify } from "../pay/outcome";
import { afterDecline, afterSuccess } from "./dunning";

/**
 * One AutoPay charge of one invoice, through the portal's own payment path: a
 * payment attempt row whose id is the provider's idempotency key, derived from
 * (invoice, attempt number) so a re-run of the same attempt can never charge
 * twice (S36); the invoice's payment lock (S37); settlement in one batch
 * (`payment.created`, `invoice.paid`). The attempt number is claimed first by a
 * unique row, so of two overlapping runs only one charges.
 */

export type AutopayDeps = {
  scope: TenantScope;
  tenant: Tenant;
  gateway: PaymentGateway;
  mailer: Mailer;
  portalOrigin: string;
  now: number;
  who: Actor;
};

export type ChargeOutcome = "succeeded" | "failed" | "pending" | "skipped";

/** The attempt id: the same (invoice, attempt) is always the same key at the provider. */
const autopayAttemptId = (invoice: Pick<InvoiceRow, "publicId">, n: number) => `autopay_${invoice.publicId}_${n}`;

/** The customer's default method, else the newest saved one, on the tenant's gateway. */
async function chargeableSource(d: AutopayDeps, customer: Customer) {
  const usable = (s: PaymentSource | undefined) => (s && s.deletedAt === null && s.gateway === d.gateway.kind ? s : undefined);
  const chosen = customer.defaultPaymentSourceId ? usable(await findSourceById(d.scope, customer.id, customer.defaultPaymentSourceId)) : undefined;
  return chosen ?? (await listPaymentSources(d.scope, customer.id)).filter((s) => usable(s)).at(-1);
}

/**
 * Claims the next charge of the invoice, or takes over the latest one when its
 * run died mid-charge (still `charging` past its lease): then the same attempt
 * number and idempotency key, so the gateway dedupes whatever the dead run sent.
 */
async function claim(d: AutopayDeps, invoice: InvoiceRow) {
  const previous = await attemptsOf(d.scope, invoice.id);
  const latest = previous[0];
  const firstAt = previous.length ? previous[previous.length - 1]!.createdAt : d.now;
  if (latest?.status === "charging") {
    const taken = await reclaimAutopayAttempt(d.scope, latest, d.now);
    return taken ? { n: latest.attempt, id: latest.paymentAttemptId ?? autopayAttemptId(invoice, latest.attempt), firstAt, reclaimed: true } : null;
  }
  const n = (latest?.attempt ?? 0) + 1;
  const id = autopayAttemptId(invoice, n);
  return (await claimAutopayAttempt(d.scope, invoice.id, n, id, d.now)) ? { n, id, firstAt, reclaimed: false } : null;
}

export async function chargeInvoice(d: AutopayDeps, invoice: InvoiceRow, customer: Customer): Promise<ChargeOutcome> {
  const claimed = await claim(d, invoice);
  if (!claimed) return "skipped";
  const { n, id, firstAt, reclaimed } = claimed;

  const decline = async (message: string) => {
    await afterDecline(d, { invoice, customer, attempt: n, firstAt, message });
    return "failed" as const;
  };
  const source = await chargeableSource(d, customer);
  if (!source) return decline("No saved payment method can be charged.");

  await insertAttempt(d.scope, {
    id,
    customerId: customer.id,
    clientKey: id,
    status: "pending",
    currency: invoice.currency,
    amount: invoice.balance,
    allocations: [{ type: "invoice", invoiceId: invoice.id, amount: invoice.balance }],
    paymentSourceId: source.id,
    gateway: d.gateway.kind,
    description: `AutoPay of invoice ${invoice.number}`,
    createdAt: d.now,
    updatedAt: d.now,
  });
  const attempt = (await findAttemptById(d.scope, id))!;
  if (reclaimed && attempt.status === "succeeded") {
    // the dead run settled the payment and died before recording the attempt's success
    await afterSuccess(d, { invoice, attempt: n });
    return "succeeded";
  }
  if (reclaimed && (attempt.status === "failed" || attempt.status === "canceled")) return decline(attempt.errorMessage ?? "The payment was declined.");
  // a reclaimed attempt may be `processing` already (the dead run claimed it): ours now, through the reclaim above
  if (!(reclaimed && attempt.status === "processing") && !(await claimAttempt(d.scope, id, d.now))) return "skipped";
  if (!(await lockInvoices(d.scope, customer.id, id, [{ invoiceId: invoice.id, amount: invoice.balance }], invoice.currency, d.now))) {
    // paid, changed or being paid in the portal meanwhile: nothing charged, not a decline
    await endAttempt(d.scope, attempt, { status: "canceled", message: "The invoice changed or is being paid." }, d.who, d.now);
    await d.scope.batch([finishAutopayAttemptStmt(d.scope, invoice.id, n, { status: "failed", errorMessage: "invoice busy", nextAttemptAt: d.now }, d.now)]);
    return "skipped";
  }
  let result;
  try {
    result = await d.gateway.charge({
      amount: attempt.amount,
      currency: attempt.currency,
      source: { type: source.type, gatewayToken: source.gatewayToken },
      idempotencyKey: id,
      description: `${d.tenant.name}: ${attempt.description}`,
      metadata: { tenant: d.tenant.username, attempt: id },
    });
  } catch (err) {
    const message = err instanceof GatewayError ? err.publicMessage : "The payment could not be completed.";
    await endAttempt(d.scope, attempt, { status: "failed", message }, d.who, d.now);
    return decline(message);
  }
  if (result.status === "failed") {
    const message = result.failureMessage ?? "The payment was declined.";
    await endAttempt(d.scope, attempt, { status: "failed", message, providerRef: result.providerRef }, d.who, d.now);
    return decline(message);
  }
  if (result.status === "pending") return "pending"; // a bank debit: the provider's webhook settles the attempt
  await settleAndNotify(
    { scope: d.scope, tenant: d.tenant, mailer: d.mailer, portalOrigin: d.portalOrigin, who: d.who, now: d.now },
    attempt,
    { providerRef: result.providerRef, amount: attempt.amount, currency: attempt.currency, method: { ...source, gateway: d.gateway.kind } },
    customer,
  );
  await afterSuccess(d, { invoice, attempt: n });
  return "succeeded";
}
