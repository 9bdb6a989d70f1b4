import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { SignedInEnv } from "../../context";
import { attemptPageReads } from "../../db/queries/attempt-documents";
import { requestActor } from "../../lib/request-meta";
import { tenantMailer } from "../../services/email";
import { GatewayError, getGateway } from "../../services/gateways";
import { invoiceDisplayStatus } from "../../services/invoices/status";
import { attemptViewOf, loadAttemptView } from "../../services/pay/attempt-view";
import { cancelPayment, confirmPayment, resumeCheckout } from "../../services/pay/confirm";
import type { PayDeps } from "../../services/pay/deps";
import type { PayForm } from "../../services/pay/input";
import { isCheckoutAttempt } from "../../services/pay/outcome";
import { loadPayData, type PayData, payPageReads } from "../../services/pay/page-data";
import { buildPlan } from "../../services/pay/plan";
import { reviewPayment } from "../../services/pay/review";
import { errorPage } from "../../views/pages/errors";
import { ConfirmPage } from "../../views/pages/pay/confirm-page";
import { type PayFormState, PayPage } from "../../views/pages/pay/pay-page";
import { ResultPage } from "../../views/pages/pay/result-page";
import { PayTotal } from "../../views/pages/pay/total";
import { recentSigninGate } from "../middleware/recent-signin";
import { allowFormAction } from "../middleware/security-headers";
import { requireCustomer } from "../middleware/session";
import { signedInPage } from "../middleware/signed-in-page";
import { parseForm } from "./forms/parse-form";
import { attemptForm, CLIENT_KEY, readPayForm } from "./forms/pay";
import { renderPage } from "./render-page";

/**
 * /pay (issue 4 items 3 and 4, issue 5 item 5): choose, review, confirm, result.
 * GET /pay -> POST /pay (review: writes the attempt) -> 303 GET /pay/confirm/:key
 * -> POST /pay/confirm (charge, or 303 to Stripe Checkout) -> 303 GET /pay/result/:key.
 * Every lookup goes through `c.var.my` (S31); settings are enforced in the services
 * called from the POSTs, not by the form alone.
 */
export const payRoutes = new Hono<SignedInEnv>();

type C = Context<SignedInEnv>;

const STRIPE_CHECKOUT = "https://checkout.stripe.com";

payRoutes.use("/pay", requireCustomer());
payRoutes.use("/pay/*", requireCustomer());

async function payDeps<E extends SignedInEnv>(c: Context<E>): Promise<PayDeps | Response> {
  try {
    return {
      scope: c.var.scope,
      my: c.var.my,
      tenant: c.var.tenant,
      customer: c.var.customer,
      gateway: await getGateway(c.var.tenant, c.env, { now: () => c.var.now }),
      now: c.var.now,
      who: requestActor(c, "customer"),
      portalOrigin: c.var.portalOrigin,
      mailer: tenantMailer(c.env, c.var.scope),
    };
  } catch (err) {
    if (err instanceof GatewayError) return c.html(errorPage(c.var.requestId, 503, err.publicMessage), 503);
    throw err;
  }
}

/** The method preselected on a fresh form: the default saved one, else the first choice offered. */
function defaultMethod<E extends SignedInEnv>(c: Context<E>, data: PayData): string {
  const def = data.sources.find((s) => s.id === c.var.customer.defaultPaymentSourceId) ?? data.sources[0];
  if (def) return `source_${def.publicId}`;
  return c.var.tenant.paymentGateway === "stripe" ? "checkout" : "new_card";
}

function renderPay<E extends SignedInEnv>(
  c: Context<E>,
  data: PayData,
  form: PayForm,
  state: PayFormState,
  errors: Record<string, string>,
  status: 200 | 422,
  focused: boolean,
) {
  const plan = buildPlan({ ...form.selection, invoices: state.selected }, planContext(c, data));
  return renderPage(
    c,
    PayPage,
    {
      data,
      flow: c.var.tenant.paymentGateway === "stripe" ? "hosted" : "direct",
      state,
      errors,
      total: { amount: plan.amount, currency: plan.currency },
      deposit: form.selection.estimate !== null,
      focused,
    },
    status,
  );
}

function planContext<E extends SignedInEnv>(c: Context<E>, data: PayData) {
  return {
    // the open list is the customer's too: a fresh form's default ticks are among them
    named: [...data.named, ...data.open.filter((o) => !data.named.some((n) => n.id === o.id))],
    estimate: data.estimate,
    settings: c.var.tenant,
    fallbackCurrency: c.var.customer.currency ?? c.var.tenant.currency,
    now: c.var.now,
  };
}

/**
 * What a fresh /pay form ticks (issue 17): the invoices the request names (the
 * invoice page's Pay button, "Try again"); with `?currency=` (My Account's Pay Now)
 * everything open in it; `?select=all|none` from the page's own links; otherwise only
 * the past-due invoices (of the first currency that has any), or none.
 */
function defaultSelection<E extends SignedInEnv>(c: Context<E>, data: PayData, named: string[], open: Set<string>): string[] {
  if (named.length) return named.filter((id) => open.has(id));
  const select = c.req.query("select");
  if (select === "none") return [];
  const wanted = (c.req.query("currency") ?? "").toLowerCase();
  const currency = data.open.some((i) => i.currency === wanted) ? wanted : data.open[0]?.currency;
  if (select === "all" || wanted) return data.open.filter((i) => i.currency === currency).map((i) => i.publicId);
  const pastDue = data.open.filter((i) => invoiceDisplayStatus(i, c.var.now) === "past_due");
  const first = pastDue[0]?.currency;
  return pastDue.filter((i) => i.currency === first).map((i) => i.publicId);
}

/** A GET's guard: the pay form's reads in the session's batch (one round trip, issue 18). */
const payPage = () =>
  signedInPage((my, c) => {
    const { selection } = readPayForm(c.req.queries());
    return payPageReads(my, selection.invoices, selection.estimate);
  });

payRoutes.get("/pay", payPage(), async (c) => {
  const form = readPayForm(c.req.queries());
  const data = c.var.page;
  if (form.selection.estimate !== null && !data.estimate) throw new HTTPException(404);
  const open = new Set(data.open.map((i) => i.publicId));
  const selected = form.selection.estimate !== null ? [] : defaultSelection(c, data, form.selection.invoices, open);
  const named = form.selection.invoices.length ? form.selection.invoices : [];
  const check = buildPlan({ ...form.selection, invoices: named, amounts: {}, advance: "" }, planContext(c, data));
  const errors: Record<string, string> = {};
  if (check.errors.invoice && named.length) errors.invoice = check.errors.invoice;
  if (check.errors.estimate) errors.estimate = check.errors.estimate;
  // "Try again" after a decline carries the amounts that were chosen (issue 17)
  const amounts = Object.fromEntries(Object.entries(form.selection.amounts).filter(([id]) => selected.includes(id)));
  const state: PayFormState = {
    selected,
    amounts,
    advance: "",
    method: defaultMethod(c, data),
    cardExpiry: "",
    cardName: "",
    bankRouting: "",
    bankHolder: "",
    saveMethod: false,
    autopay: false,
  };
  return renderPay(c, data, { ...form, selection: { ...form.selection, invoices: selected } }, state, errors, 200, named.length > 0);
});

/** htmx: the running total for the ticked invoices and typed amounts (read only). */
payRoutes.get("/pay/total", payPage(), async (c) => {
  const form = readPayForm(c.req.queries());
  const data = c.var.page;
  const plan = buildPlan(form.selection, planContext(c, data));
  const problem = Object.values(plan.errors)[0] ?? null;
  return c.html(PayTotal({ amount: plan.amount, currency: plan.currency, problem }));
});

payRoutes.post("/pay", async (c) => {
  const form = readPayForm(await c.req.parseBody({ all: true }));
  // S23: keeping a new method or turning AutoPay on needs a recent sign-in.
  const keeps = (form.saveMethod && !form.method.startsWith("source_")) || (form.autopay && !c.var.customer.autopay);
  if (keeps) {
    const gate = recentSigninGate(c);
    if (gate) return gate;
  }
  const d = await payDeps(c);
  if (d instanceof Response) return d;
  const data = await loadPayData(d.my, form.selection.invoices, form.selection.estimate);
  // S31: an invoice or estimate that is not this customer's (or not visible) is a 404, as anywhere else.
  const known = new Set(data.named.map((i) => i.publicId));
  if (form.selection.invoices.some((id) => !known.has(id)) || (form.selection.estimate !== null && !data.estimate)) throw new HTTPException(404);
  const result = await reviewPayment(d, form, data);
  if (result.ok) return c.redirect(`/pay/confirm/${result.clientKey}`, 303);
  const state: PayFormState = {
    selected: form.selection.invoices,
    amounts: form.selection.amounts,
    advance: form.selection.advance,
    method: form.method || defaultMethod(c, data),
    cardExpiry: form.card.expiry,
    cardName: form.card.name,
    bankRouting: form.bank.routingNumber,
    bankHolder: form.bank.accountHolderName,
    saveMethod: form.saveMethod,
    autopay: form.autopay,
  };
  return renderPay(c, data, form, state, result.errors, 422, form.selection.invoices.length > 0);
});

/**
 * The attempt's pages read it in the session's batch (one round trip, issue 18); a key
 * that is not a client key reads nothing and is a 404.
 */
const attemptPage = () =>
  signedInPage((my, c) => {
    const key = c.req.param("key") ?? "";
    return attemptPageReads(my, CLIENT_KEY.test(key) ? key : "");
  });

payRoutes.get("/pay/confirm/:key", attemptPage(), async (c) => {
  const key = c.req.param("key");
  const view = attemptViewOf(c.var.page);
  if (!view) throw new HTTPException(404);
  const a = view.attempt;
  const canceled = c.req.query("canceled") === "1" && a.status === "processing" && isCheckoutAttempt(a);
  if (a.status !== "pending" && !canceled) return c.redirect(`/pay/result/${key}`, 303);
  const hosted = c.var.tenant.paymentGateway === "stripe" && a.paymentSourceId === null;
  const res = await renderPage(c, ConfirmPage, { view, hosted, canceled });
  // S28: only this page's form may lead to Stripe Checkout.
  if (hosted) allowFormAction(res, STRIPE_CHECKOUT);
  return res;
});

async function clientKeyOf(c: C): Promise<string | null> {
  const parsed = parseForm(attemptForm(), await c.req.parseBody());
  return parsed.ok ? parsed.value.client_key : null;
}

payRoutes.post("/pay/confirm", async (c) => {
  const key = await clientKeyOf(c);
  if (!key) throw new HTTPException(404);
  const d = await payDeps(c);
  if (d instanceof Response) return d;
  const result = await confirmPayment(d, key);
  if (result.kind === "notFound") throw new HTTPException(404);
  if (result.kind === "checkout") {
    if (!result.url.startsWith(`${STRIPE_CHECKOUT}/`)) throw new Error("checkout url is not Stripe's");
    return c.redirect(result.url, 303);
  }
  return c.redirect(`/pay/result/${key}`, 303);
});

payRoutes.post("/pay/cancel", async (c) => {
  const key = await clientKeyOf(c);
  if (!key) throw new HTTPException(404);
  const d = await payDeps(c);
  if (d instanceof Response) return d;
  const result = await cancelPayment(d, key);
  if (result.kind === "notFound") throw new HTTPException(404);
  return c.redirect(`/pay/result/${key}`, 303);
});

payRoutes.get("/pay/result/:key", attemptPage(), async (c) => {
  const key = c.req.param("key");
  let view = attemptViewOf(c.var.page);
  if (!view) throw new HTTPException(404);
  if (view.attempt.status === "pending") return c.redirect(`/pay/confirm/${key}`, 303);
  if (view.attempt.status === "processing" && isCheckoutAttempt(view.attempt)) {
    // Back from Stripe: ask Stripe (S40), never the session_id in this URL.
    const d = await payDeps(c);
    if (d instanceof Response) return d;
    await resumeCheckout(d, view.attempt, false);
    view = (await loadAttemptView(c.var.my, key))!;
  }
  return renderPage(c, ResultPage, { view });
});
