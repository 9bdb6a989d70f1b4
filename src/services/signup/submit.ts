import { asInserted, objectDataWith } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import { insertCustomerStmt, newCustomerEventStmt, newCustomerId, newCustomerNumber } from "../../db/queries/customers";
import { insertPaymentSource } from "../../db/queries/payment-sources";
import { releaseUncharged, startSignupWriteStmts } from "../../db/queries/sign-up-claims";
import {
  claimSubmission,
  completeSubmissionStmt,
  findSubmissionByToken,
  newSubscriptionId,
  type SignUpPage,
  type SignUpSubmission,
  setNewCustomerDefaultStmt,
} from "../../db/queries/sign-up-pages";
import { findCustomersByEmail } from "../../db/queries/signin-tokens";
import { insertSubscriptionStmt } from "../../db/queries/subscriptions";
import type { Customer, Tenant } from "../../db/queries/types";
import { customers } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { publicId } from "../../lib/random";
import { customerToWire } from "../api/customers";
import type { Mailer } from "../email";
import type { PaymentGateway, StoredSource } from "../gateways";
import { completeSignupCheckout, startSignupCheckout } from "./checkout";
import { checkDetails, type FieldErrors, priceChoice, type SignupForm, shipToOf } from "./choice";
import { detailsOf, updateExistingCustomer } from "./customer-details";
import { finishSignup, type PendingSignup, resumeSignup } from "./finish";

/**
 * Submitting a sign-up page (issue 16.3): customer, payment method, subscription and
 * first invoice together or not at all, once per form token.
 *
 * Order, and why:
 * 1. Everything is checked and the card tokenized before anything is written.
 * 2. The form token is claimed (unique row, ON CONFLICT DO NOTHING): of 20 posts of
 *    one form, one goes on; the others are told it was sent.
 * 3. The first invoice's amount (the engine's own pricing) is charged on the new
 *    token BEFORE the write: a decline writes nothing and gives the claim back, so a
 *    declined card leaves no customer, method or subscription behind.
 * 4. Customer, method (the default), subscription, the claim's completion and the
 *    events are ONE atomic batch (`sign_up_page.completed` with the customer object).
 * 5. The first invoice is made by the renewal, as for `POST /subscriptions`, and the
 *    charge of step 3 is recorded against it (then AutoPay takes over renewals).
 *
 * Steps 3 to 5 are finish.ts, shared with Stripe Checkout (checkout.ts: a Stripe
 * tenant's visitor enters the card on Stripe's page in setup mode, and the same
 * steps run when Stripe sends them back or its webhook arrives) and with the
 * recovery of a claim whose worker died between the charge and the write (the
 * claim records `charging` before the charge; the sweep or a second post finishes it).
 */

export type SubmitDeps = {
  scope: TenantScope;
  tenant: Tenant;
  gateway: PaymentGateway;
  mailer: Mailer;
  portalOrigin: string;
  now: number;
  who: Actor;
};

export type SubmitResult =
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "duplicate"; submission: SignUpSubmission | undefined }
  | { kind: "done"; submissionId: number; customerId: number; subscriptionId: number }
  /** a Stripe tenant: the browser goes to Stripe Checkout (setup mode) */
  | { kind: "checkout"; url: string };

const CARD_FIELDS: Record<string, string> = { number: "card_number", expiry: "card_expiry", cvc: "card_cvc", name: "card_name" };
const FORM_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/** Validates and tokenizes (a Stripe tenant's card is entered on Stripe's page later); no write. */
async function checkAll(d: SubmitDeps, page: SignUpPage, f: SignupForm) {
  const errors: FieldErrors = {};
  const priced = await priceChoice(d, page, f, errors);
  checkDetails(page, f, errors);
  if (!FORM_TOKEN.test(f.form_token)) errors._form = "This form is out of date. Please reload the page and try again.";
  if (d.gateway.flow !== "direct") return { errors, priced, source: null };
  const t = await d.gateway.tokenize({ type: "card", number: f.card_number, expiry: f.card_expiry, cvc: f.card_cvc, name: f.card_name || f.name });
  if (!t.ok) for (const e of t.errors) errors[CARD_FIELDS[e.field] ?? "card_number"] ??= e.message;
  return { errors, priced, source: t.ok ? t.source : null };
}

/**
 * `existing`: the customer of a prefilled onboarding link (or the signed-in customer
 * on a page that allows several subscriptions): the method and subscription are
 * added to it, and no session is ever granted for it (S25).
 */
export async function submitSignup(
  d: SubmitDeps,
  page: SignUpPage,
  f: SignupForm,
  browserHash: string,
  existing: Customer | null = null,
): Promise<SubmitResult> {
  const { errors, priced, source } = await checkAll(d, page, f);
  const hosted = d.gateway.flow === "hosted";
  if (Object.keys(errors).length || !priced || (!source && !hosted))
    return { kind: "invalid", errors: Object.keys(errors).length ? errors : { _form: "Please check the form." } };

  const { scope } = d;
  const tokenHash = await sha256Hex(f.form_token);
  // S25: decided now, before this sign-up's own customer has the address too
  const emailExisted = existing !== null || (await findCustomersByEmail(scope, f.email)).length > 0;
  const pending: PendingSignup = {
    form: { ...f, card_number: "", card_expiry: "", card_cvc: "" },
    row: priced.row,
    dueNow: priced.dueNow,
    currency: priced.currency,
    planName: priced.row.planName ?? f.plan,
    existingCustomerId: existing?.id ?? null,
    source,
  };
  const claim = await claimSubmission(scope, { pageId: page.id, tokenHash, browserHash, emailExisted, now: d.now, pending });
  if (!claim) return duplicateOf(d, tokenHash);

  try {
    if (d.gateway.flow === "hosted")
      return { kind: "checkout", url: await startSignupCheckout({ ...d, gateway: d.gateway }, page, claim.id, pending, existing) };
    const r = await finishSignup(d, page, claim.id, pending, source!);
    if (r.kind === "declined") return { kind: "invalid", errors: { card_number: r.message } };
    return r.kind === "done" ? r : duplicateOf(d, tokenHash);
  } catch (err) {
    // nothing was charged unless the claim got to `charging`: only then is it kept (finish.ts)
    await releaseUncharged(scope, claim.id);
    throw err;
  }
}

/**
 * A form token claimed before: a second post of the same form. A claim whose holder
 * died mid-charge (past its lease) is finished by this post (finish.ts).
 */
async function duplicateOf(d: SubmitDeps, tokenHash: string): Promise<SubmitResult> {
  const submission = await findSubmissionByToken(d.scope, tokenHash);
  if (submission?.status === "pending" && submission.stage === "charging") {
    const r = await resumeSignup(d, submission);
    if (r.kind === "done") return r;
  }
  // sent again after going back from Stripe's page: that page again while it is open, or the finished sign-up
  if (submission?.status === "pending" && submission.stage === "checkout") {
    const r = await completeSignupCheckout(d, submission);
    if (r.kind === "done") return r;
    if (r.kind === "incomplete" && r.url) return { kind: "checkout", url: r.url };
  }
  return { kind: "duplicate", submission: (await findSubmissionByToken(d.scope, tokenHash)) ?? submission };
}

/** Step 4: one atomic batch, written once (the guard undoes it if another caller wrote first). */
export async function writeAll(
  d: SubmitDeps,
  page: SignUpPage,
  f: SignupForm,
  row: Parameters<typeof insertSubscriptionStmt>[1],
  source: StoredSource,
  claimId: number,
  existing: Customer | null,
) {
  const { scope, now, who } = d;
  const pid = publicId();
  // an onboarding customer's edited details go in this same batch (customer-details.ts)
  const updated = existing ? updateExistingCustomer(scope, existing, f, who, now) : null;
  const values = {
    ...detailsOf(f),
    email: f.email,
    type: "person" as const,
    currency: row.currency,
    createdAt: now,
    updatedAt: now,
  };
  const wire = customerToWire(updated?.after ?? asInserted(customers, { ...values, id: 0, number: "" }));
  const customerData = objectDataWith(wire, { id: newCustomerId(scope), number: newCustomerNumber(scope) });
  const customerId = existing ? existing.id : newCustomerId(scope);
  const newCustomer = existing ? [] : [insertCustomerStmt(scope, values), newCustomerEventStmt(scope, customerData, who, now)];
  const makeDefault = existing?.defaultPaymentSourceId ? [] : [setNewCustomerDefaultStmt(scope, customerId, pid)];
  const completed = existing
    ? { ...wire, sign_up_page: page.id }
    : objectDataWith({ ...wire, sign_up_page: page.id }, { id: newCustomerId(scope), number: newCustomerNumber(scope) });
  const subscriptionId = newSubscriptionId(scope);
  const guard = startSignupWriteStmts(scope, claimId, now);
  const results = await scope.batch([
    ...guard,
    ...newCustomer,
    ...(updated?.statements ?? []),
    insertPaymentSource(scope, { ...source, publicId: pid, customerId: customerId as unknown as number, createdAt: now }),
    ...makeDefault,
    insertSubscriptionStmt(scope, { ...row, customerId: customerId as unknown as number, shipTo: shipToOf(page, f) }),
    eventStatement(
      scope,
      {
        type: "payment_source.created",
        customerId,
        objectType: source.type,
        objectId: null,
        data: { object: source.type, brand: source.brand, last4: source.last4, via: "sign_up_page" },
      },
      who,
      now,
    ),
    eventStatement(
      scope,
      {
        type: "subscription.created",
        customerId,
        objectType: "subscription",
        objectId: subscriptionId,
        data: { plan: row.plan, quantity: row.quantity, via: "sign_up_page" },
      },
      who,
      now,
    ),
    completeSubmissionStmt(scope, claimId, { customerId, subscriptionId, sourcePublicId: pid, now }),
    eventStatement(
      scope,
      {
        type: "sign_up_page.completed",
        customerId,
        objectType: "sign_up_page",
        objectId: page.id,
        data: completed,
      },
      who,
      now,
    ),
  ]);
  // the subscription insert's own answer (RETURNING): it comes after the customer and method statements
  const sub = (
    results[guard.length + newCustomer.length + (updated?.statements.length ?? 0) + 1 + makeDefault.length] as { id: number; customerId: number }[]
  )[0]!;
  return { customerId: sub.customerId, subscriptionId: sub.id };
}
