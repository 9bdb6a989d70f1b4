import { eq } from "drizzle-orm";
import { paymentSources, payments } from "../../src/db/schema";
import type { FakeStripe } from "../helpers/stripe-fake";
import { useStripe } from "../pay/helpers";
import { form, newCustomersOf, type SignupWorld, signupTenant, submit, subscriptionsOf } from "./support";

/** A sign-up form of a Stripe tenant: no card fields (the card is entered on Stripe's page). */
export function stripeForm(extra: Record<string, string> = {}) {
  const { card_number: _n, card_expiry: _e, card_cvc: _c, card_name: _m, ...rest } = form(extra);
  return rest;
}

/** A Stripe tenant (secret key and webhook secret) with the sign-up page of support.ts. */
export async function stripeSignupTenant(page: Record<string, unknown> = {}) {
  const w = await signupTenant(page);
  await useStripe(w.t.tenant.id);
  return w;
}

/**
 * Posts the form and follows it to Stripe: the session the app made, and the path
 * Stripe sends the browser back to (its session id filled in, as Stripe does).
 */
export async function toCheckout(stripe: FakeStripe, w: SignupWorld, fields = stripeForm()) {
  const { token, res } = await submit(w, fields);
  if (res.status !== 303) throw new Error(`no redirect to Stripe: ${res.status} ${res.html.slice(0, 500)}`);
  const create = stripe.callsTo("POST", "/v1/checkout/sessions").at(-1)!;
  const sessionId = new URL(res.location!).pathname.split("/").at(-1)!;
  const back = (name: string) => create.params.get(name)!.replace(w.t.origin, "").replace("{CHECKOUT_SESSION_ID}", sessionId);
  return { token, fields, res, create, sessionId, returnPath: back("success_url"), cancelPath: back("cancel_url") };
}

/** What the sign-up made: customers other than the fixture's, their subscriptions, methods and payments. */
export async function madeBy(w: SignupWorld) {
  const customers = (await newCustomersOf(w)).filter((c) => c.id !== w.customer.id);
  const ids = new Set(customers.map((c) => c.id));
  const subs = (await subscriptionsOf(w)).filter((s) => ids.has(s.customerId));
  const sources = (await w.t.scope.select(paymentSources).all()).filter((s) => ids.has(s.customerId));
  const paid = (await w.t.scope.select(payments).all()).filter((p) => p.customerId !== null && ids.has(p.customerId));
  return { customers, subs, sources, paid };
}

export const paymentsOf = (w: SignupWorld, customerId: number) => w.t.scope.select(payments, eq(payments.customerId, customerId)).all();
