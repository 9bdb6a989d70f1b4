import { isGuardFailure } from "../../db/batch";
import { findCustomer } from "../../db/queries/customers";
import { markSignupBilled, takeSignupBilling, takeSignupCharge } from "../../db/queries/sign-up-claims";
import { findSignUpPage, releaseClaim, type SignUpPage, type SignUpSubmission } from "../../db/queries/sign-up-pages";
import type { NewSubscription } from "../../db/queries/subscriptions";
import { MINUTE } from "../../lib/time";
import type { StoredSource } from "../gateways";
import type { SignupForm } from "./choice";
import { billFirstInvoice } from "./first-invoice";
import { type SubmitDeps, writeAll } from "./submit";

/**
 * The second half of a sign-up, shared by the direct post, Stripe Checkout's return
 * page and webhook, a later post of the same form and the hourly sweep: charge the
 * first invoice, then the one atomic write, then the first invoice's bookkeeping.
 *
 * Crash safety: the claim moves to `charging` (with the method, in `pending`) BEFORE
 * the charge, whose idempotency key is the claim's. A worker that dies after the
 * charge leaves the claim in `charging`; once its lease has run out, whoever comes
 * next (the sweep, a second post) takes it over and does the same charge again with
 * the same key: the provider answers with the first charge instead of charging twice,
 * and the write follows. If the retried charge is declined nothing was charged and
 * the claim is given back. The write starts by moving `charging` -> `written` under
 * a guard that undoes the whole batch when someone else wrote first, so a slow
 * holder overtaken by the sweep writes nothing twice.
 */

/** A claim in `charging` (or `written`) untouched this long is taken to be dead. */
export const SIGNUP_LEASE = 10 * MINUTE;

/** The first invoice's charge: one per claim, whoever sends it (S36). */
const signupChargeKey = (claimId: number) => `signup_${claimId}`;

/** What a claim keeps so another request can finish it: the choice, the details, never a card number (S41). */
export type PendingSignup = {
  form: SignupForm;
  row: NewSubscription;
  dueNow: number;
  currency: string;
  planName: string;
  existingCustomerId: number | null;
  source: StoredSource | null;
};

export type FinishResult =
  | { kind: "done"; submissionId: number; customerId: number; subscriptionId: number }
  | { kind: "declined"; message: string; form: SignupForm }
  /** someone else holds or finished the claim */
  | { kind: "busy" };

export const pendingOf = (sub: SignUpSubmission) => (sub.pending ?? null) as PendingSignup | null;

export async function finishSignup(d: SubmitDeps, page: SignUpPage, claimId: number, pending: PendingSignup, source: StoredSource): Promise<FinishResult> {
  const { scope } = d;
  const taken = await takeSignupCharge(scope, claimId, { ...pending, source }, d.now, SIGNUP_LEASE);
  if (!taken) return { kind: "busy" };
  const existing = pending.existingCustomerId ? ((await findCustomer(scope, pending.existingCustomerId)) ?? null) : null;

  let charged: { providerRef: string | null } | null = null;
  if (pending.dueNow > 0) {
    // A throw here (the provider unreachable) leaves the claim in `charging`: it may have charged.
    const r = await chargeFirst(d, page, claimId, pending, source);
    if (r.status !== "succeeded") {
      await releaseClaim(scope, claimId);
      return { kind: "declined", message: r.failureMessage ?? "The card could not be charged. Please use another card.", form: pending.form };
    }
    charged = { providerRef: r.providerRef };
  }
  let ids: { customerId: number; subscriptionId: number };
  try {
    ids = await writeAll(d, page, pending.form, pending.row, source, claimId, existing);
  } catch (err) {
    if (isGuardFailure(err)) return { kind: "busy" };
    throw err;
  }
  await bill(d, page, claimId, ids, pending, source, charged);
  return { kind: "done", submissionId: claimId, ...ids };
}

function chargeFirst(d: SubmitDeps, page: SignUpPage, claimId: number, pending: PendingSignup, source: StoredSource) {
  return d.gateway.charge({
    amount: pending.dueNow,
    currency: pending.currency,
    source: { type: source.type, gatewayToken: source.gatewayToken },
    idempotencyKey: signupChargeKey(claimId),
    description: `${d.tenant.name}: ${page.name}`,
    metadata: { tenant: d.tenant.username, signup: String(claimId) },
  });
}

async function bill(
  d: SubmitDeps,
  page: SignUpPage,
  claimId: number,
  ids: { customerId: number; subscriptionId: number },
  p: PendingSignup,
  source: StoredSource,
  charged: { providerRef: string | null } | null,
) {
  const { form } = p;
  await billFirstInvoice(d, { ...ids, submissionId: claimId, charged, amount: p.dueNow, currency: p.currency, source, page, form, planName: p.planName });
  await markSignupBilled(d.scope, claimId, d.now);
}

/**
 * Finishes a claim whose holder died: in `charging` (charge again with the same key,
 * then write) or `written` (the first invoice's bookkeeping). Only past the lease.
 */
export async function resumeSignup(d: SubmitDeps, sub: SignUpSubmission): Promise<FinishResult> {
  const pending = pendingOf(sub);
  if (!pending?.source || sub.stageAt === null || sub.stageAt > d.now - SIGNUP_LEASE) return { kind: "busy" };
  // a page deleted since still has its sign-up finished: only its id and name are used
  const page = (await findSignUpPage(d.scope, sub.pageId)) ?? ({ id: sub.pageId, name: "Sign-up" } as SignUpPage);
  if (sub.status === "pending" && sub.stage === "charging") return finishSignup(d, page, sub.id, pending, pending.source);
  if (sub.stage !== "written" || !sub.customerId || !sub.subscriptionId) return { kind: "busy" };
  if (!(await takeSignupBilling(d.scope, sub.id, d.now, SIGNUP_LEASE))) return { kind: "busy" };
  let charged: { providerRef: string | null } | null = null;
  if (pending.dueNow > 0) {
    // written means the charge succeeded: the same key gives that charge back
    const r = await chargeFirst(d, page, sub.id, pending, pending.source);
    charged = r.status === "succeeded" ? { providerRef: r.providerRef } : null;
  }
  const ids = { customerId: sub.customerId, subscriptionId: sub.subscriptionId };
  await bill(d, page, sub.id, ids, pending, pending.source, charged);
  return { kind: "done", submissionId: sub.id, ...ids };
}
