import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv } from "../../context";
import type { Plan } from "../../db/queries/catalog";
import { hasLiveSubscription } from "../../db/queries/portal-subscriptions";
import { findSubmissionByCheckoutRef } from "../../db/queries/sign-up-claims";
import { pageWithPlans, type SignUpPage } from "../../db/queries/sign-up-pages";
import { findSubscription } from "../../db/queries/subscriptions";
import type { Customer } from "../../db/queries/types";
import { isPublicId } from "../../lib/public-id";
import { randomToken } from "../../lib/random";
import { requestActor } from "../../lib/request-meta";
import { tenantMailer } from "../../services/email";
import { GatewayError, getGateway } from "../../services/gateways";
import { completeSignupCheckout } from "../../services/signup/checkout";
import { blankForm, type FieldErrors, priceChoice, readSignupForm, type SignupForm } from "../../services/signup/choice";
import { pendingOf } from "../../services/signup/finish";
import { allowSignupPost } from "../../services/signup/limits";
import { submitSignup } from "../../services/signup/submit";
import { errorPage } from "../../views/pages/errors";
import { SignupPage, type SignupTotal, SignupTotalView } from "../../views/pages/signup/signup-page";
import { SignupAlreadySentPage } from "../../views/pages/signup/thanks-page";
import { allowFormAction } from "../middleware/security-headers";
import { renderPage } from "./render-page";
import { browserHash, pageId, pageOf } from "./sign-up-browser";

/**
 * Public sign-up pages on the tenant's host (issue 16): `/pages/{id}` for anyone,
 * `/pages/{id}/{link token}` prefilled for the customer whose onboarding link it is.
 * The form token makes one subscription of any number of posts; the browser cookie
 * ties the thank-you page and the short session (S25) to the browser that signed up.
 */
export const signUpRoutes = new Hono<PortalEnv>();

type C = Context<PortalEnv>;

const STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com";

/**
 * `via`: how the customer is known, if at all: the onboarding link's token, or the
 * signed-in session (a page allowing several subscriptions, issue 16.4).
 */
type Loaded = { page: SignUpPage; plans: Plan[]; known: Customer | null; via: "link" | "session" | null };

/** The page, its plans and the customer of a prefilled link (404 for any other token), in one round trip. */
async function load(c: C): Promise<Loaded> {
  const token = c.req.param("token");
  if (token !== undefined && !isPublicId(token)) throw new HTTPException(404);
  const r = await pageWithPlans(c.var.scope, pageId(c), token ?? null);
  if (!r.page) throw new HTTPException(404);
  if (token !== undefined && !r.customer) throw new HTTPException(404);
  if (r.customer) return { page: r.page, plans: r.plans, known: r.customer, via: "link" };
  const signedIn = c.var.session?.scope === "full" ? c.var.customer : null;
  if (!signedIn) return { page: r.page, plans: r.plans, known: null, via: null };
  // details kept as stored (detailsLocked): the address on file is the merchant's business, not asked again
  const page = c.var.tenant.allowBillingPortalProfileChanges ? r.page : { ...r.page, billingAddress: false };
  return { page, plans: r.plans, known: signedIn, via: "session" };
}

/**
 * A signed-in customer on a page that allows one subscription, who has one already,
 * goes to My Account with a message (issue 16.4); without one, it may subscribe here.
 */
async function alreadySubscribed(c: C, l: Loaded): Promise<boolean> {
  if (l.via !== "session" || l.page.allowMultipleSubscriptions || !c.var.my) return false;
  return hasLiveSubscription(c.var.my);
}

/**
 * What a known customer cannot change here: the email, always (S25: the link is a
 * bearer link, and a new address would take the account's sign-in with it); for a
 * signed-in customer of a merchant that does not let customers edit their billing
 * details, the details too (the stored ones are used, as on /billing).
 */
function fixedFor(c: C, l: Loaded, f: SignupForm): SignupForm {
  const k = l.known;
  if (!k) return f;
  const fixed = { ...f, email: k.email ?? f.email };
  if (!detailsLocked(c, l)) return fixed;
  const stored = blankForm(l.page, f.form_token, k);
  return {
    ...fixed,
    name: stored.name,
    phone: stored.phone,
    address1: stored.address1,
    address2: stored.address2,
    city: stored.city,
    state: stored.state,
    postal_code: stored.postal_code,
    country: stored.country,
  };
}

const detailsLocked = (c: C, l: Loaded) => l.via === "session" && !c.var.tenant.allowBillingPortalProfileChanges;

const ctx = (c: C) => ({ scope: c.var.scope, tenant: c.var.tenant, now: c.var.now, portalOrigin: c.var.portalOrigin });

async function totalOf(c: C, page: SignUpPage, f: SignupForm, errors: FieldErrors = {}): Promise<SignupTotal> {
  const priced = await priceChoice(ctx(c), page, f, errors);
  return priced
    ? { dueNow: priced.dueNow, recurring: priced.recurring, currency: priced.currency, trialEnds: priced.trialEnds, interval: priced.row.interval }
    : null;
}

/** `keepCard`: the no-JS "Update total" round trip shows the typed test card again (never on an error, never for Stripe). */
async function render(c: C, l: Loaded, f: SignupForm, errors: FieldErrors, status: 200 | 409 | 422 | 429 | 503 = 200, keepCard = false) {
  const { page, known } = l;
  const order = (ids: string[]) => ids.flatMap((id) => l.plans.filter((r) => r.id === id));
  const total = await totalOf(c, page, f, { ...errors });
  const token = c.req.param("token");
  c.header("Cache-Control", "no-store");
  if (token) c.header("Referrer-Policy", "no-referrer");
  // S41: card numbers are typed into our form only on the offline test gateway
  const testCards = c.var.tenant.paymentGateway === "test";
  const kept = testCards && keepCard ? f : { ...f, card_number: "", card_cvc: "" };
  const res = await renderPage(
    c,
    SignupPage,
    {
      page,
      plans: order(page.plans),
      addons: order(page.addons),
      form: kept,
      errors,
      total,
      action: token ? `/pages/${page.id}/${token}` : `/pages/${page.id}`,
      testCards,
      forCustomer: known?.name ?? null,
      emailFixed: known !== null && known.email !== null,
      detailsLocked: detailsLocked(c, l),
    },
    status,
  );
  // Stripe tenants: the form's answer is a redirect to Stripe Checkout, which the page's CSP must allow (S28)
  if (!testCards) allowFormAction(res, STRIPE_CHECKOUT_ORIGIN);
  return res;
}

async function show(c: C) {
  const l = await load(c);
  const { page, known } = l;
  if (await alreadySubscribed(c, l)) return c.redirect("/account?notice=already_subscribed", 303);
  await browserHash(c, true);
  return render(c, l, blankForm(page, randomToken(24), known), {});
}

async function post(c: C) {
  const l = await load(c);
  const { page, known } = l;
  if (await alreadySubscribed(c, l)) return c.redirect("/account?notice=already_subscribed", 303);
  const body = await c.req.parseBody({ all: true });
  const f = fixedFor(c, l, readSignupForm(body));
  // no-JS "Update total": the same page again with the new total, nothing checked beyond the price
  if (body.action === "total") {
    const errors: FieldErrors = {};
    await priceChoice(ctx(c), page, f, errors);
    return render(c, l, f, errors, Object.keys(errors).length ? 422 : 200, true);
  }
  const who = requestActor(c, "customer");
  if (!(await allowSignupPost(c.var.scope, page.id, who.ip ?? null, c.var.now))) {
    return render(c, l, f, { _form: "Too many sign-ups from here just now. Please try again in an hour." }, 429);
  }
  // the honeypot: a person never sees the field; answer like a failed form, create nothing
  if (f.website !== "") return render(c, l, f, { _form: "The form could not be sent. Please try again." }, 422);
  let gateway;
  try {
    gateway = await getGateway(c.var.tenant, c.env, { now: () => c.var.now });
  } catch (err) {
    if (err instanceof GatewayError) return c.html(errorPage(c.var.requestId, 503, err.publicMessage), 503);
    throw err;
  }
  const deps = {
    scope: c.var.scope,
    tenant: c.var.tenant,
    gateway,
    mailer: tenantMailer(c.env, c.var.scope),
    portalOrigin: c.var.portalOrigin,
    now: c.var.now,
    who,
  };
  const hash = (await browserHash(c, true))!;
  const result = await submitSignup(deps, page, f, hash, known).catch((err) => {
    // the provider could not be reached; a charge that may have gone through is finished later (finish.ts)
    if (err instanceof GatewayError) return { kind: "invalid" as const, errors: { _form: err.publicMessage } };
    throw err;
  });
  if (result.kind === "invalid") return render(c, l, f, result.errors, 422);
  if (result.kind === "checkout") return c.redirect(result.url, 303);
  if (result.kind === "duplicate") {
    const done = result.submission?.status === "completed";
    if (done && result.submission?.browserHash === hash) return c.redirect(`/pages/${page.id}/thanks`, 303);
    return renderPage(c, SignupAlreadySentPage, { pageId: page.id, done }, 409);
  }
  // a signed-in customer is already in its account: straight to the new subscription, no new session
  if (l.via === "session") {
    const sub = await findSubscription(c.var.scope, result.subscriptionId);
    if (sub) return c.redirect(`/subscriptions/${sub.publicId}?done=subscribed`, 303);
  }
  return thanks(c, page, result);
}

/** After a sign-up: the merchant's thanks_url with the new ids, or our thank-you page. */
function thanks(c: C, page: SignUpPage, result: { customerId: number; subscriptionId: number }) {
  if (page.thanksUrl) {
    const url = new URL(page.thanksUrl);
    url.searchParams.set("invoiced_customer_id", String(result.customerId));
    url.searchParams.set("invoiced_subscription_id", String(result.subscriptionId));
    return c.redirect(url.toString(), 303);
  }
  return c.redirect(`/pages/${page.id}/thanks`, 303);
}

/**
 * Back from Stripe Checkout (setup mode), finished or cancelled. The URL names our
 * claim by its random reference; Stripe's session_id in the query is ignored (S40).
 * A decline or a cancel shows the form again as it was sent (without the card).
 */
async function checkoutReturn(c: C, cancel: boolean) {
  const l = await load(c);
  const ref = c.req.param("ref") ?? "";
  const sub = /^[A-Za-z0-9_-]{24}$/.test(ref) ? await findSubmissionByCheckoutRef(c.var.scope, ref) : undefined;
  if (!sub || sub.pageId !== l.page.id) throw new HTTPException(404);
  let gateway;
  try {
    gateway = await getGateway(c.var.tenant, c.env, { now: () => c.var.now });
  } catch (err) {
    if (err instanceof GatewayError) return c.html(errorPage(c.var.requestId, 503, err.publicMessage), 503);
    throw err;
  }
  const deps = { ...ctx(c), gateway, mailer: tenantMailer(c.env, c.var.scope), who: requestActor(c, "customer") };
  const r = await completeSignupCheckout(deps, sub, cancel).catch((err) => {
    if (err instanceof GatewayError) return { kind: "error" as const, message: err.publicMessage };
    throw err;
  });
  const kept = pendingOf(sub)?.form ?? blankForm(l.page, randomToken(24), l.known);
  if (r.kind === "done") return thanks(c, l.page, r);
  if (r.kind === "declined") return render(c, l, r.form, { _form: `${r.message} Nothing was charged; you can try another card.` }, 422);
  if (r.kind === "canceled") return render(c, l, r.form ?? kept, { _form: "No card was saved and nothing was charged. Send the form again to continue." }, 200);
  if (r.kind === "incomplete") return render(c, l, kept, { _form: "The card was not saved on the secure page. Send the form again to continue." }, 409);
  // the provider did not answer: a charge that went through is finished by the hourly sweep, never charged twice
  if (r.kind === "error") return render(c, l, kept, { _form: `${r.message} If your card was charged, your sign-up will be completed within the hour.` }, 503);
  if (r.kind === "busy") return renderPage(c, SignupAlreadySentPage, { pageId: l.page.id, done: false }, 409);
  throw new HTTPException(404);
}

signUpRoutes.get("/pages/:id/checkout/:ref", (c) => checkoutReturn(c, false));
signUpRoutes.get("/pages/:id/checkout/:ref/cancel", (c) => checkoutReturn(c, true));
signUpRoutes.get("/pages/:id/:token/checkout/:ref", (c) => checkoutReturn(c, false));
signUpRoutes.get("/pages/:id/:token/checkout/:ref/cancel", (c) => checkoutReturn(c, true));

signUpRoutes.get("/pages/:id", show);
signUpRoutes.post("/pages/:id", post);

/** The live total for htmx: just the total element. */
signUpRoutes.post("/pages/:id/total", async (c) => {
  const page = await pageOf(c);
  const f = readSignupForm(await c.req.parseBody({ all: true }));
  const errors: FieldErrors = {};
  const total = await totalOf(c, page, f, errors);
  return c.html(<SignupTotalView total={total} problem={Object.values(errors)[0] ?? null} />);
});

signUpRoutes.get("/pages/:id/:token", show);
signUpRoutes.post("/pages/:id/:token", post);
