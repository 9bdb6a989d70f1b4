import type { Actor } from "../../db/events";
import { lastStripeToken } from "../../db/queries/payment-sources";
import { findSubmissionBySession, recordSignupCheckout, releaseUncharged } from "../../db/queries/sign-up-claims";
import { findSignUpPage, releaseClaim, type SignUpPage, type SignUpSubmission } from "../../db/queries/sign-up-pages";
import { findOwnTenant } from "../../db/queries/tenant-settings";
import type { Customer } from "../../db/queries/types";
import { customerScope } from "../../db/scope";
import { randomToken } from "../../lib/random";
import type { Mailer } from "../email";
import type { HostedGateway } from "../gateways";
import { splitStripeToken } from "../gateways/stripe-gateway";
import type { SignupForm } from "./choice";
import { type FinishResult, finishSignup, type PendingSignup, pendingOf, resumeSignup } from "./finish";
import type { SubmitDeps } from "./submit";

/**
 * Sign-ups of a Stripe tenant (issue 16.2): the card is entered on Stripe Checkout in
 * setup mode, so no card number reaches us (S41). The claim of the form token holds
 * the whole sign-up meanwhile (`pending`: choice and details); the session's return
 * URL names our own random reference, never Stripe's session id. Whichever comes
 * first, the return page or the verified webhook, reads the session back from Stripe
 * with the id stored on the claim (S40) and finishes the sign-up (finish.ts): charge
 * the first invoice off-session if it is due now, then the one atomic write. The
 * claim's stages make that happen once however both arrive (S39).
 */

/** The Checkout session's idempotency key and metadata tag: not the charge's key (Stripe keys are per account). */
const setupKey = (claimId: number) => `signup_${claimId}_setup`;

/**
 * `existing`: an onboarding customer's return goes through their link (`/pages/{id}/{token}/checkout/...`),
 * so a form shown again after a decline or a cancel is still theirs.
 */
export async function startSignupCheckout(
  d: SubmitDeps & { gateway: HostedGateway },
  page: SignUpPage,
  claimId: number,
  p: PendingSignup,
  existing: Customer | null,
): Promise<string> {
  const { scope } = d;
  const ref = randomToken(18);
  // an onboarding customer who saved a Stripe card before keeps their Stripe customer, as on /payment-methods
  const token = existing ? await lastStripeToken(customerScope(scope, existing.id)) : null;
  const link = existing?.signUpPage === page.id && existing.signUpToken ? `/${existing.signUpToken}` : "";
  const base = `${d.portalOrigin}/pages/${page.id}${link}/checkout/${ref}`;
  const session = await d.gateway.createCheckoutSession({
    mode: "setup",
    currency: p.currency,
    description: `${d.tenant.name}: ${page.name}`,
    successUrl: base,
    cancelUrl: `${base}/cancel`,
    idempotencyKey: setupKey(claimId),
    providerCustomerId: token ? splitStripeToken(token).customer : null,
    customerEmail: p.form.email,
    metadata: { tenant: String(scope.tenantId), signup: String(claimId) },
  });
  await recordSignupCheckout(scope, claimId, ref, session.id, d.now);
  return session.url;
}

export type CheckoutResult =
  | FinishResult
  /** the visitor has not finished on Stripe's page yet; `url` goes back to it while it is open */
  | { kind: "incomplete"; url: string | null }
  /** the session expired or the visitor came back with "cancel": the claim is given back */
  | { kind: "canceled"; form: SignupForm | null }
  /** not a session of this sign-up */
  | { kind: "invalid" };

/**
 * Completes a sign-up waiting on Checkout, from the return page or the webhook.
 * `cancel`: the visitor chose to go back; the session is closed at Stripe first, so
 * a tab left open on Stripe's page can no longer save a card for a released claim.
 */
export async function completeSignupCheckout(d: SubmitDeps, sub: SignUpSubmission, cancel = false): Promise<CheckoutResult> {
  if (sub.status === "completed" && sub.customerId && sub.subscriptionId)
    return { kind: "done", submissionId: sub.id, customerId: sub.customerId, subscriptionId: sub.subscriptionId };
  const pending = pendingOf(sub);
  if (sub.status !== "pending" || !pending || !sub.providerSessionId) return { kind: "invalid" };
  if (d.gateway.flow !== "hosted") {
    // the tenant left Stripe since: nothing was charged in `checkout`, the form token is given back
    await releaseUncharged(d.scope, sub.id);
    return { kind: "canceled", form: pending.form };
  }
  // another caller holds it; a dead one's is taken over past the lease
  if (sub.stage === "charging" || sub.stage === "written") return resumeSignup(d, sub);
  if (sub.stage !== "checkout") return { kind: "invalid" };

  const gw = d.gateway;
  if (cancel) await gw.expireCheckoutSession(sub.providerSessionId);
  const outcome = await gw.retrieveCheckoutSession(sub.providerSessionId);
  const ours =
    outcome.id === sub.providerSessionId &&
    outcome.mode === "setup" &&
    outcome.metadata.attempt === setupKey(sub.id) &&
    outcome.metadata.tenant === String(d.scope.tenantId);
  if (!ours) {
    await releaseUncharged(d.scope, sub.id);
    return { kind: "invalid" };
  }
  if (outcome.status === "expired") {
    await releaseClaim(d.scope, sub.id);
    return { kind: "canceled", form: pending.form };
  }
  if (outcome.status !== "complete" || !outcome.source) return { kind: "incomplete", url: outcome.url };
  const page = (await findSignUpPage(d.scope, sub.pageId)) ?? ({ id: sub.pageId, name: "Sign-up" } as SignUpPage);
  return finishSignup(d, page, sub.id, pending, outcome.source);
}

const SYSTEM: Actor = { actor: "system" };
/** Stripe's Checkout Session ids; anything else is not looked up. */
const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/**
 * From a verified `checkout.session.completed` / `.expired` webhook (S38) of a setup
 * session that is no /payment-methods setup: the sign-up whose claim names that
 * session, in the webhook's tenant only. `null`: none; acknowledged, nothing changes.
 */
export async function completeSignupFromWebhook(
  d: { scope: SubmitDeps["scope"]; gateway: HostedGateway; mailer: Mailer; portalOrigin: string; now: number },
  sessionId: unknown,
): Promise<CheckoutResult | null> {
  if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) return null;
  const sub = await findSubmissionBySession(d.scope, sessionId);
  const tenant = sub ? await findOwnTenant(d.scope) : undefined;
  if (!sub || !tenant) return null;
  return completeSignupCheckout({ ...d, tenant, who: SYSTEM }, sub);
}
