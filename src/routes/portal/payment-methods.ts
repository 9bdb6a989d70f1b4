import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { SignedInEnv } from "../../context";
import { findMySetup } from "../../db/queries/payment-source-setups";
import { findMyPaymentSource, listPaymentSources, myPaymentSourceByIdReads, myPaymentSourceReads, type PaymentSource } from "../../db/queries/payment-sources";
import { requestActor } from "../../lib/request-meta";
import { describeSource } from "../../presentation/payment-methods";
import { GatewayError, getGateway, type PaymentGateway } from "../../services/gateways";
import { addTypedSource } from "../../services/payment-methods/add-source";
import { cancelAutopayFor, enrollAutopay } from "../../services/payment-methods/autopay";
import type { MethodCtx } from "../../services/payment-methods/context";
import { makeDefault } from "../../services/payment-methods/default-source";
import { completeHostedSetup, startHostedSetup } from "../../services/payment-methods/hosted-setup";
import { removeSource } from "../../services/payment-methods/remove-source";
import { lastMethodMessage } from "../../services/payment-methods/rules";
import { NotAllowedPage } from "../../views/pages/billing/not-allowed-page";
import { ConfirmRemovePage } from "../../views/pages/confirm/confirm-remove";
import { AutopayConfirmPage } from "../../views/pages/payment-methods/autopay-confirm";
import { PaymentMethodsPage } from "../../views/pages/payment-methods/list-page";
import { NewMethodPage, type NewMethodPageProps } from "../../views/pages/payment-methods/new-page";
import { recentSigninGate, requireRecentSignin } from "../middleware/recent-signin";
import { allowFormAction } from "../middleware/security-headers";
import { requireCustomer } from "../middleware/session";
import { signedInPage } from "../middleware/signed-in-page";
import { parseForm } from "./forms/parse-form";
import {
  autopayForm,
  bankInput,
  bankSchema,
  cardInput,
  cardSchema,
  checkoutForm,
  EMPTY_BANK,
  EMPTY_CARD,
  formErrors,
  keptBank,
  keptCard,
  withReentry,
} from "./forms/payment-method";
import { renderPage } from "./render-page";

/**
 * /payment-methods: saved cards and bank accounts, the default, AutoPay. Every
 * change needs a sign-in within 15 minutes (S23); the add form asks before the
 * customer types anything. Settings are enforced on the POSTs, not only by the
 * buttons shown. Stripe tenants add methods on Stripe Checkout (setup mode) and
 * the result is read back from Stripe on return (S40).
 */
export const paymentMethodRoutes = new Hono<SignedInEnv>();

type C = Context<SignedInEnv>;

const STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com";

const NOTICES: Record<string, string> = {
  added: "The payment method was added.",
  default: "Your default payment method was changed.",
  removed: "The payment method was removed.",
  "autopay-on": "AutoPay is now on.",
  "autopay-off": "AutoPay is now off.",
  unchanged: "Nothing was changed.",
  "setup-canceled": "No payment method was added.",
  "setup-failed": "The payment method could not be added. Please try again.",
};

const ENROLL_ERRORS: Record<string, string> = {
  no_method: "Add a payment method first: AutoPay charges your default method.",
  default_expired: "Your default card has expired. Add a new card or make another method the default, then turn on AutoPay.",
};

function ctx(c: C): MethodCtx {
  return { scope: c.var.scope, my: c.var.my, who: requestActor(c, "customer"), now: c.var.now };
}

function gateway(c: C): Promise<PaymentGateway> {
  return getGateway(c.var.tenant, c.env, { now: () => c.var.now });
}

async function renderList<E extends SignedInEnv>(
  c: Context<E>,
  opts: { notice?: string; error?: string },
  status: 200 | 403 | 404 | 409 | 422 = 200,
  read?: PaymentSource[],
) {
  // the GET read them with the session (issue 18); after an action they are read now
  const sources = read ?? (await listPaymentSources(c.var.scope, c.var.my.customerId));
  return renderPage(c, PaymentMethodsPage, { sources, now: c.var.now, ...opts }, status);
}

async function renderNew(c: C, over: Partial<NewMethodPageProps> = {}, status: 200 | 422 | 502 = 200) {
  const gw = await gateway(c);
  const res = await renderPage(
    c,
    NewMethodPage,
    {
      flow: gw.flow,
      card: { form: EMPTY_CARD, errors: {} },
      bank: { form: EMPTY_BANK, errors: {} },
      ...over,
    },
    status,
  );
  // The hosted flow's form is answered by a redirect to Stripe: the page's CSP must allow it (S28).
  if (gw.flow === "hosted") allowFormAction(res, STRIPE_CHECKOUT_ORIGIN);
  return res;
}

function notAllowed(c: C, what: string) {
  return renderPage(c, NotAllowedPage, { what, back: "/payment-methods" }, 403);
}

/** A payment method of the signed-in customer by its public id; anything else is a 404 (S31). */
async function mySource(c: C) {
  const id = c.req.param("id") ?? "";
  return /^[A-Za-z0-9]{20}$/.test(id) ? findMyPaymentSource(c.var.my, id) : undefined;
}

// S25: a sign-up session may see the list (the method its sign-up saved) and change nothing.
// Hono's "/payment-methods/*" matches "/payment-methods" too, so one guard decides both.
const listGuard = { read: requireCustomer({ allowSignup: true }), write: requireCustomer() };
paymentMethodRoutes.use("/payment-methods/*", (c, next) =>
  (c.req.method === "GET" && c.req.path === "/payment-methods" ? listGuard.read : listGuard.write)(c, next),
);

paymentMethodRoutes.get("/payment-methods", signedInPage(myPaymentSourceReads, { allowSignup: true }), (c) => {
  const saved = c.req.query("saved") ?? "";
  return renderList(c, { notice: Object.hasOwn(NOTICES, saved) ? NOTICES[saved] : undefined }, 200, c.var.page);
});

// Gated on the GET as well, so the customer confirms before typing card details (S23).
paymentMethodRoutes.get("/payment-methods/new", requireRecentSignin(), (c) => renderNew(c));

paymentMethodRoutes.post("/payment-methods", requireRecentSignin(), async (c) => {
  const gw = await gateway(c);
  if (gw.flow !== "direct") return c.redirect("/payment-methods/new", 303);
  const body = await c.req.parseBody();
  if (body.type === "bank_account") {
    const parsed = parseForm(bankSchema(), body);
    const { form } = parsed;
    const r = parsed.ok ? await addTypedSource(ctx(c), gw, bankInput(form), { makeDefault: form.make_default !== "", via: "portal" }) : null;
    if (r?.ok) return c.redirect("/payment-methods?saved=added", 303);
    const errors = withReentry(r ? formErrors(r.errors) : parsed.ok ? {} : parsed.errors, form, ["account_number"]);
    return renderNew(c, { bank: { form: keptBank(form), errors } }, 422);
  }
  const parsed = parseForm(cardSchema(), body);
  const { form } = parsed;
  const r = parsed.ok ? await addTypedSource(ctx(c), gw, cardInput(form), { makeDefault: form.make_default !== "", via: "portal" }) : null;
  if (r?.ok) return c.redirect("/payment-methods?saved=added", 303);
  const errors = withReentry(r ? formErrors(r.errors) : parsed.ok ? {} : parsed.errors, form, ["number", "cvc"]);
  return renderNew(c, { card: { form: keptCard(form), errors } }, 422);
});

paymentMethodRoutes.post("/payment-methods/checkout", requireRecentSignin(), async (c) => {
  const gw = await gateway(c);
  if (gw.flow !== "hosted") return c.redirect("/payment-methods/new", 303);
  const { form } = parseForm(checkoutForm(), await c.req.parseBody());
  try {
    const url = await startHostedSetup(ctx(c), gw, {
      portalOrigin: c.var.portalOrigin,
      currency: c.var.tenant.currency,
      email: c.var.customer.email,
      makeDefault: form.make_default === "1",
    });
    return c.redirect(url, 303);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return renderNew(c, { error: err.publicMessage }, 502);
  }
});

// The return from Stripe Checkout. Not gated: the add was confirmed when it started.
// The session id in the query is ignored; our row names the session (S40).
paymentMethodRoutes.get("/payment-methods/setup/:id", async (c) => {
  const id = c.req.param("id");
  const setup = /^[A-Za-z0-9_-]{24}$/.test(id) ? await findMySetup(c.var.my, id) : undefined;
  if (!setup) throw new HTTPException(404);
  const gw = await gateway(c);
  // The tenant left Stripe since: nothing to complete.
  if (gw.flow !== "hosted") return c.redirect("/payment-methods?saved=setup-failed", 303);
  try {
    const r = await completeHostedSetup(ctx(c), gw, setup);
    if (r.kind === "saved" || r.kind === "already") return c.redirect("/payment-methods?saved=added", 303);
    if (r.kind === "incomplete") return renderList(c, { error: "The payment method was not saved: the secure page was not completed." }, 409);
    return renderList(c, { error: "This payment method could not be added. Please try again." }, 409);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return renderList(c, { error: err.publicMessage }, 409);
  }
});

// The confirmation step before enrolling (issue 17.3, WCAG 3.3.4): the authorization text
// for the method that would be charged. Gated like the POST, so the customer confirms
// who they are before agreeing; when there is nothing to agree to, back to the list.
// one round trip: the customer's methods ride in the session's batch (issue 18)
paymentMethodRoutes.get(
  "/payment-methods/autopay/confirm",
  signedInPage((my) => myPaymentSourceReads(my)),
  requireRecentSignin(),
  async (c) => {
    if (!c.var.tenant.allowAutopayEnrollment) return notAllowed(c as unknown as C, "AutoPay enrolment");
    const customer = c.var.customer;
    if (customer.autopay) return c.redirect("/payment-methods", 303);
    const sources: PaymentSource[] = c.var.page;
    const source = sources.find((s) => s.id === customer.defaultPaymentSourceId);
    if (!source) return c.redirect("/payment-methods", 303);
    return renderPage(c, AutopayConfirmPage, { source });
  },
);

paymentMethodRoutes.post("/payment-methods/autopay", async (c) => {
  const parsed = parseForm(autopayForm(), await c.req.parseBody());
  if (!parsed.ok) return renderList(c, { error: parsed.errors.autopay }, 422);
  const want = parsed.value.autopay;
  const tenant = c.var.tenant;
  // Settings first, on the server (a hand-made POST is refused like a hidden button).
  if (want === "on" && !tenant.allowAutopayEnrollment) return notAllowed(c, "AutoPay enrolment");
  if (want === "off" && !tenant.allowAutopayOptOut) return notAllowed(c, "turning AutoPay off");
  const gate = recentSigninGate(c);
  if (gate) return gate;
  if (want === "off") {
    const r = await cancelAutopayFor(ctx(c), c.var.customer, "portal");
    return c.redirect(`/payment-methods?saved=${r === "canceled" ? "autopay-off" : "unchanged"}`, 303);
  }
  const r = await enrollAutopay(ctx(c), c.var.customer, "portal");
  if (r === "enrolled" || r === "already") return c.redirect(`/payment-methods?saved=${r === "enrolled" ? "autopay-on" : "unchanged"}`, 303);
  return renderList(c, { error: ENROLL_ERRORS[r] }, 409);
});

paymentMethodRoutes.post("/payment-methods/:id/default", requireRecentSignin(), async (c) => {
  const source = await mySource(c);
  if (!source) throw new HTTPException(404);
  const changed = await makeDefault(ctx(c), c.var.customer, source, "portal");
  return c.redirect(`/payment-methods?saved=${changed ? "default" : "unchanged"}`, 303);
});

// one round trip: the method is read in the session's batch (issue 18), then the S23 gate
paymentMethodRoutes.get(
  "/payment-methods/:id/delete",
  signedInPage((my, c) => myPaymentSourceByIdReads(my, c.req.param("id") ?? "")),
  requireRecentSignin(),
  async (c) => {
    const source = c.var.page;
    if (!source) throw new HTTPException(404);
    return renderPage(c, ConfirmRemovePage, {
      title: "Remove this payment method?",
      what: describeSource(source),
      consequence: "You can add it again later, but it will not be used for payments or AutoPay.",
      action: `/payment-methods/${source.publicId}/delete`,
      back: "/payment-methods",
      active: "billing",
    });
  },
);

paymentMethodRoutes.post("/payment-methods/:id/delete", requireRecentSignin(), async (c) => {
  const source = await mySource(c);
  if (!source) throw new HTTPException(404);
  const r = await removeSource(ctx(c), source, "portal");
  if (r === "removed" || r === "gone") return c.redirect("/payment-methods?saved=removed", 303);
  return renderList(c, { error: lastMethodMessage(c.var.tenant) }, 409);
});
