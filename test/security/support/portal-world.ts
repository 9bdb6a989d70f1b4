import { env } from "cloudflare:workers";
import { insertAttempt } from "../../../src/db/queries/payment-attempts";
import type { SignUpPage } from "../../../src/db/queries/sign-up-pages";
import { paymentSourceSetups, signUpSubmissions } from "../../../src/db/schema";
import { CSRF_COOKIE, SESSION_COOKIE } from "../../../src/lib/cookies";
import { randomString, randomToken } from "../../../src/lib/random";
import { nowSeconds } from "../../../src/lib/time";
import { startSession } from "../../../src/services/signin/sessions";
import { EMAIL_LINK_SECONDS, issueSigninToken } from "../../../src/services/signin/tokens";
import { blankForm } from "../../../src/services/signup/choice";
import { apiClient } from "../../helpers/api";
import { makeContact, makeCustomer, makeEstimate, makeInvoice, makePayment, makePaymentSource } from "../../helpers/fixtures";
import { makeTenant } from "../../helpers/tenants";
import { invoicedToken } from "../../signin/helpers";
import { subscribed } from "../isolation/subscriptions";
import type { IsolationCase } from "../isolation/types";

/**
 * One tenant with a customer who owns one of everything the portal's routes take
 * an id of, and the concrete valid value of each route parameter. Routes not
 * listed here still get fuzzed, with wrong-shaped values only.
 */
export async function portalWorld() {
  const t = await makeTenant();
  const customer = await makeCustomer(t.scope, { email: `fuzz-${randomString(10).toLowerCase()}@example.com` });
  const now = nowSeconds();
  const setupId = randomString(24);
  const [contact, invoice, estimate, payment, source] = await Promise.all([
    makeContact(t.scope, customer.id),
    makeInvoice(t.scope, customer.id),
    makeEstimate(t.scope, customer.id),
    makePayment(t.scope, customer.id),
    makePaymentSource(t.scope, customer.id),
    // a payment-method setup started on Stripe Checkout, to return from
    t.scope.insert(paymentSourceSetups, {
      id: setupId,
      customerId: customer.id,
      gateway: "stripe",
      status: "pending",
      providerSessionId: "cs_test_world",
      createdAt: now,
      updatedAt: now,
    }),
  ]);
  const clientKey = randomString(24);
  await insertAttempt(t.scope, {
    id: `pa_${randomString(24)}`,
    customerId: customer.id,
    clientKey,
    status: "pending",
    currency: "usd",
    amount: invoice.balance,
    allocations: [{ type: "invoice", invoiceId: invoice.id, amount: invoice.balance }],
    paymentSourceId: null,
    gateway: "test",
    description: `Invoice ${invoice.number}`,
    createdAt: now,
    updatedAt: now,
  });
  const link = await issueSigninToken(
    t.scope,
    env.SIGNIN_TOKENS,
    { purpose: "email_link", email: customer.email, customerId: customer.id, browserNonceHash: null, withCode: true, lifetime: EMAIL_LINK_SECONDS },
    now,
  );
  const sso = await invoicedToken(t.ssoKey, customer.id);
  // a subscription (every portal setting on) and a sign-up page with this customer's onboarding link
  const sub = await subscribed({ tenant: t, customerId: customer.id });
  const api = apiClient(t.apiKey);
  const page = (await api.post("/sign_up_pages", { name: "Join", plans: ["basic"] })).body as { id: string };
  const onboarding = (await api.patch(`/customers/${customer.id}`, { sign_up_page: page.id })).body as { sign_up_url: string };
  // a sign-up waiting on Stripe Checkout, to return from (the tenant has left Stripe since: the form comes back)
  const checkoutRef = randomString(24);
  await t.scope.insert(signUpSubmissions, {
    pageId: Number(page.id),
    tokenHash: randomString(64),
    stage: "checkout",
    stageAt: now,
    checkoutRef,
    providerSessionId: "cs_test_signup_world",
    createdAt: now,
    pending: { form: { ...blankForm({ plans: ["basic"] } as SignUpPage, randomString(24)), name: "Fuzz", email: customer.email }, dueNow: 0 },
  });

  /** Valid values by route prefix, then parameter name. The longest prefix wins. */
  const valid: [prefix: string, params: Record<string, string>][] = [
    ["/invoices/", { id: invoice.publicId }],
    ["/estimates/", { id: estimate.publicId }],
    ["/payments/", { id: payment.publicId }],
    ["/billing/contacts/", { id: String(contact.id) }],
    ["/payment-methods/setup/", { id: setupId }],
    ["/payment-methods/", { id: source.publicId }],
    ["/pay/", { key: clientKey }],
    ["/subscriptions/", { id: String(sub.id) }],
    ["/pages/", { id: String(page.id), token: onboarding.sign_up_url.split("/").pop()!, ref: checkoutRef }],
    ["/login/email/", { token: link.token }],
    ["/login/", { token: sso }],
  ];
  function validParams(route: string): Record<string, string> {
    const hit = valid.filter(([p]) => route.startsWith(p)).sort((a, b) => b[0].length - a[0].length)[0];
    return hit ? hit[1] : {};
  }

  /** Cookies of a browser that loaded a page (CSRF token) and, if asked, is signed in with a fresh sign-in (S23). */
  async function browser(signedIn: boolean) {
    const csrf = randomToken(24);
    const cookies = [`${CSRF_COOKIE}=${csrf}`];
    if (signedIn) {
      const { cookie } = await startSession(t.scope, t.tenant, { customerId: customer.id, method: "email_link", email: customer.email }, nowSeconds());
      cookies.push(`${SESSION_COOKIE}=${cookie}`);
    }
    return { csrf, cookie: cookies.join("; ") };
  }

  return { t, customer, validParams, browser };
}

export type PortalWorld = Awaited<ReturnType<typeof portalWorld>>;

/** The isolation matrix's cases (S31) double as known-good requests for the fuzz's starting points. */
const modules = import.meta.glob<{ cases: IsolationCase[] }>("../isolation/*.ts", { eager: true });
const cases = new Map(
  Object.values(modules)
    .flatMap((m) => m.cases ?? [])
    .map((c) => [`${c.method} ${c.route}`, c]),
);
export const isolationCase = (method: string, route: string) => cases.get(`${method} ${route}`);
