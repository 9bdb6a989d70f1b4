import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv, SignedInEnv } from "../../context";
import { pageReads } from "../../db/queries/page-entry";
import { mySubscriptionListReads, mySubscriptionPage, mySubscriptionPageReads, type SubscriptionPage } from "../../db/queries/portal-subscriptions";
import { ApiError } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { isPublicId } from "../../lib/public-id";
import { requestActor } from "../../lib/request-meta";
import { deliverLater, tenantMailer } from "../../services/email";
import { getGateway } from "../../services/gateways";
import { signupReach } from "../../services/signup/session";
import {
  acceptRetention,
  type ChangePreview,
  cancelFromPortal,
  confirmChange,
  type PortalCtx,
  pauseFromPortal,
  previewChange,
  resumeFromPortal,
  undoCancel,
  withdrawChange,
} from "../../services/subscription-portal/actions";
import { chargeChangeInvoice } from "../../services/subscription-portal/charge";
import { type PortalAction, portalActionMail } from "../../services/subscription-portal/mail";
import { allowedActions, canceledReasonText, changePlans, quantityBounds, retentionOffer } from "../../services/subscription-portal/rules";
import { CancelPage, RetentionPage } from "../../views/pages/subscriptions/cancel";
import { type PreviewFigures, ChangePreview as PreviewPanel } from "../../views/pages/subscriptions/change";
import { type DetailProps, SubscriptionDetailPage } from "../../views/pages/subscriptions/detail";
import { SubscriptionListPage } from "../../views/pages/subscriptions/list";
import { recentSigninGate } from "../middleware/recent-signin";
import { requireCustomer, signinRedirect } from "../middleware/session";
import { type PageEnv, signedInPage } from "../middleware/signed-in-page";
import { parseForm } from "./forms/parse-form";
import { cancelForm, changeConfirm, changeQuery, versionForm } from "./forms/subscription";
import { renderPage } from "./render-page";

/**
 * The customer's subscriptions (issue 15): list, detail, change plan or quantity
 * with a preview, cancel (with a reason and an optional retention offer), undo,
 * pause and resume. `:id` is the subscription's id, looked up customer-scoped
 * (S31: another customer's or tenant's is a 404). Every POST re-checks the
 * merchant's setting and the state in the service (services/subscription-portal).
 */
export const subscriptionRoutes = new Hono<PortalEnv>();

type C = Context<SignedInEnv>;

const ctxOf = <E extends SignedInEnv>(c: Context<E>): PortalCtx => ({
  scope: c.var.scope,
  tenant: c.var.tenant,
  now: c.var.now,
  who: requestActor(c, "customer"),
  origin: c.var.portalOrigin,
});

/** A form post's subscription page, read on its own (one round trip); 404 when not the customer's. */
async function load(c: C): Promise<SubscriptionPage> {
  const id = c.req.param("id") ?? "";
  const page = isPublicId(id) ? await mySubscriptionPage(c.var.my, id) : undefined;
  if (!page) throw new HTTPException(404);
  return page;
}

/** A GET's guard: the subscription page read in the session's batch (one round trip, issue 18). */
const subscriptionPage = (opts: { allowSignup?: boolean } = {}) =>
  signedInPage((my, c) => {
    const id = c.req.param("id") ?? "";
    return isPublicId(id) ? mySubscriptionPageReads(my, id) : pageReads([], () => undefined);
  }, opts);

/** What subscriptionPage() read; 404 when not the customer's. */
function loaded(c: Context<PageEnv<SubscriptionPage | undefined>>): SubscriptionPage {
  if (!c.var.page) throw new HTTPException(404);
  return c.var.page;
}

const readsOf = <E extends SignedInEnv>(c: Context<E>, page: SubscriptionPage) => ({
  plans: page.plans,
  customer: c.var.customer,
  stored: page.stored,
  pending: page.pending,
});

function render<E extends SignedInEnv>(c: Context<E>, page: SubscriptionPage, extra: Partial<DetailProps> = {}, status: 200 | 400 | 409 | 422 = 200) {
  const t = c.var.tenant;
  const props: DetailProps = {
    page,
    now: c.var.now,
    actions: allowedActions(t, page.sub),
    changePlans: changePlans(t, page.sub, page.plans),
    bounds: quantityBounds(t),
    ...extra,
  };
  return renderPage(c, SubscriptionDetailPage, props, status);
}

/** A refusal from the service: the setting off is a 404; anything else shows the subscription as it is now. */
async function refused(c: C, err: unknown) {
  if (!(err instanceof ApiError)) throw err;
  if (err.status === 404) throw new HTTPException(404);
  return render(c, await load(c), { alert: { kind: "error", text: err.message } }, err.status === 409 ? 409 : 400);
}

function notify<E extends SignedInEnv>(c: Context<E>, page: SubscriptionPage, action: PortalAction) {
  const url = `${portalOrigin(c.env, c.var.tenant.username)}/subscriptions/${page.sub.publicId}`;
  const msg = portalActionMail(c.var.tenant, c.var.customer, page.sub, action, url);
  if (msg) deliverLater(c.executionCtx, tenantMailer(c.env, c.var.scope), msg, "subscription confirmation");
}

/** After a change: the confirmation mail (from the subscription as it is now) and the redirect. */
async function done(c: C, action: PortalAction, flash: string) {
  const page = await load(c);
  notify(c, page, action);
  return c.redirect(`/subscriptions/${page.sub.publicId}?done=${flash}`, 303);
}

const FLASH: Record<string, string> = {
  subscribed: "You are subscribed. Thank you.",
  changed: "Your subscription was changed.",
  paid: "Your subscription was changed and its invoice was paid with your saved payment method.",
  scheduled: "Your change is scheduled for the end of the current period.",
  withdrawn: "The scheduled change was withdrawn.",
  cancel_scheduled: "Your subscription will end at the end of the current period. You can undo this until then.",
  canceled: "Your subscription was canceled.",
  cancel_undone: "The cancellation was undone. Your subscription continues.",
  offer_accepted: "Thank you for staying. The offer was added to your subscription.",
  paused: "Your subscription is paused.",
  resumed: "Your subscription was resumed.",
};

function figures(p: ChangePreview): PreviewFigures {
  const lines = p.plan.draft?.lines ?? [];
  const sub = { ...p.plan.sub, ...p.plan.set, ...(p.plan.set.pendingChange ?? {}) };
  return {
    plan: sub.plan,
    planName: sub.planName,
    quantity: sub.quantity,
    effective: p.plan.effective,
    credit: lines.filter((l) => l.amount < 0).reduce((t, l) => t + l.amount, 0),
    charge: lines.filter((l) => l.amount > 0).reduce((t, l) => t + l.amount, 0),
    discount: p.plan.draft?.totalDiscounts ?? 0,
    tax: p.plan.draft?.totalTaxes ?? 0,
    total: p.plan.draft?.total ?? 0,
    hasDraft: p.plan.draft !== null,
    recurringTotal: p.recurringTotal,
    renewsAt: p.renewsAt,
    prorationDate: p.prorationDate,
  };
}

// one round trip: the list's reads ride in the session's batch (issue 18)
subscriptionRoutes.get("/subscriptions", signedInPage(mySubscriptionListReads), (c) =>
  renderPage(c, SubscriptionListPage, { subs: c.var.page, now: c.var.now }),
);

// S25: a sign-up session may read the one subscription its sign-up made (and nothing else here)
subscriptionRoutes.get("/subscriptions/:id", subscriptionPage({ allowSignup: true }), async (c) => {
  const page = loaded(c);
  const reach = signupReach(c.var.session);
  if (reach && reach.subscription !== page.sub.id) return signinRedirect(c);
  const text = FLASH[c.req.query("done") ?? ""];
  return render(c, page, text ? { alert: { kind: "success", text } } : {});
});

/** The preview: a GET (nothing changes). htmx asks for the panel only; without JavaScript the whole page comes back. */
subscriptionRoutes.get("/subscriptions/:id/change", subscriptionPage(), async (c) => {
  const page = loaded(c);
  if (!c.var.tenant.allowSubscriptionChanges) throw new HTTPException(404);
  // nothing chosen yet (a bookmark, a reload): the subscription's page holds the change form
  if (c.req.query("plan") === undefined && c.req.query("quantity") === undefined) return c.redirect(`/subscriptions/${page.sub.publicId}`, 303);
  const query = { plan: c.req.query("plan") ?? "", quantity: c.req.query("quantity") ?? "" };
  const parsed = parseForm(changeQuery(), query);
  const fragment = c.req.header("HX-Request") === "true" && c.req.header("HX-Boosted") !== "true";
  let extra: Partial<DetailProps> = { choice: { plan: parsed.form.plan, quantity: parsed.form.quantity } };
  if (!parsed.ok) extra = { ...extra, errors: parsed.errors };
  else {
    try {
      extra.preview = figures(await previewChange(ctxOf(c), page.sub, readsOf(c, page), { ...parsed.value, version: null, prorationDate: null }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 404) throw new HTTPException(404);
      extra.problem = err.message;
      // a refusal about one field is also shown beside it
      if (err.param === "plan" || err.param === "quantity") extra.errors = { [err.param]: err.message };
    }
  }
  if (fragment) {
    const problem = extra.problem ?? (extra.errors ? Object.values(extra.errors)[0] : null);
    // c.render, not c.html: the panel's confirm form reads the CSRF token from the request context
    return c.render(<PreviewPanel sub={page.sub} figures={extra.preview ?? null} problem={problem} />);
  }
  return render(c, page, extra, extra.preview ? 200 : 422);
});

subscriptionRoutes.post("/subscriptions/:id/change", requireCustomer(), async (c) => {
  const page = await load(c);
  if (!c.var.tenant.allowSubscriptionChanges) throw new HTTPException(404);
  const parsed = parseForm(changeConfirm(), await c.req.parseBody());
  if (!parsed.ok) return render(c, page, { errors: parsed.errors, problem: Object.values(parsed.errors)[0] }, 422);
  const ctx = ctxOf(c);
  let preview: ChangePreview;
  try {
    preview = await previewChange(ctx, page.sub, readsOf(c, page), { ...parsed.value, prorationDate: parsed.value.proration_date });
  } catch (err) {
    return refused(c, err);
  }
  // S23: a change that charges money needs a recent sign-in
  if (preview.plan.effective === "now" && (preview.plan.draft?.total ?? 0) > 0) {
    const gate = recentSigninGate(c);
    if (gate) return gate;
  }
  try {
    await confirmChange(ctx, preview);
  } catch (err) {
    return refused(c, err);
  }
  const invoice = preview.plan.invoice;
  if (preview.plan.effective === "period_end") return done(c, { kind: "scheduled", at: preview.renewsAt }, "scheduled");
  if (!invoice) return done(c, { kind: "changed", invoiceTotal: null }, "changed");
  const tenant = c.var.tenant;
  const deps = {
    scope: c.var.scope,
    tenant,
    gateway: await getGateway(tenant, c.env, { now: () => c.var.now }),
    mailer: tenantMailer(c.env, c.var.scope),
    portalOrigin: portalOrigin(c.env, tenant.username),
    now: c.var.now,
    who: ctx.who,
  };
  const charged = await chargeChangeInvoice(deps, c.var.customer, invoice);
  notify(c, await load(c), { kind: "changed", invoiceTotal: preview.plan.draft?.total ?? null });
  if (charged === "pay") return c.redirect(`/pay?invoice=${encodeURIComponent(invoice)}`, 303);
  return c.redirect(`/subscriptions/${page.sub.publicId}?done=paid`, 303);
});

/** The POSTs that take only the page's version: each re-checks setting, state and version in the service. */
function versionAction(path: string, act: (ctx: PortalCtx, page: SubscriptionPage, version: number) => Promise<unknown>, action: PortalAction, flash: string) {
  subscriptionRoutes.post(`/subscriptions/:id/${path}`, requireCustomer(), async (c) => {
    const page = await load(c);
    const parsed = parseForm(versionForm(), await c.req.parseBody());
    try {
      await act(ctxOf(c), page, parsed.ok ? parsed.value.version : -1);
    } catch (err) {
      return refused(c, err);
    }
    return done(c, action, flash);
  });
}

versionAction("change/withdraw", (ctx, p, v) => withdrawChange(ctx, p.sub, v), { kind: "withdrawn" }, "withdrawn");
versionAction("undo-cancel", (ctx, p, v) => undoCancel(ctx, p.sub, v), { kind: "cancel_undone" }, "cancel_undone");
versionAction("pause", (ctx, p, v) => pauseFromPortal(ctx, p.sub, v), { kind: "paused" }, "paused");
versionAction("resume", (ctx, p, v) => resumeFromPortal(ctx, p.sub, v), { kind: "resumed" }, "resumed");
versionAction("retention", (ctx, p, v) => acceptRetention(ctx, p.sub, p.retention, v), { kind: "offer_accepted" }, "offer_accepted");

subscriptionRoutes.get("/subscriptions/:id/cancel", subscriptionPage(), async (c) => {
  const page = loaded(c);
  const t = c.var.tenant;
  if (!t.allowBillingPortalCancellations) throw new HTTPException(404);
  const a = allowedActions(t, page.sub);
  if (!a.cancel && !a.cancelNow)
    return render(c, page, { alert: { kind: "error", text: "This subscription has already been canceled or is already set to cancel." } }, 409);
  return renderPage(c, CancelPage, { sub: page.sub, allowNow: a.cancelNow, choice: { when: "period_end", reason: "", details: "" }, errors: {} });
});

subscriptionRoutes.post("/subscriptions/:id/cancel", requireCustomer(), async (c) => {
  const page = await load(c);
  const t = c.var.tenant;
  if (!t.allowBillingPortalCancellations) throw new HTTPException(404);
  const parsed = parseForm(cancelForm(), await c.req.parseBody());
  const a = allowedActions(t, page.sub);
  if (!parsed.ok) {
    const choice = { when: parsed.form.when, reason: parsed.form.reason, details: parsed.form.details };
    return renderPage(c, CancelPage, { sub: page.sub, allowNow: a.cancelNow, choice, errors: parsed.errors }, 422);
  }
  const v = parsed.value;
  const allowed = v.when === "now" ? a.cancelNow : a.cancel;
  // the retention offer comes before the final confirm, once, and only for a cancellation that could go ahead
  const offer = retentionOffer(t, page.sub, page.retention, c.var.now);
  if (offer && allowed && v.version === page.sub.version && v.offer_declined !== "yes") {
    return renderPage(c, RetentionPage, { sub: page.sub, coupon: offer, choice: { when: v.when, reason: v.reason ?? "", details: v.details ?? "" } });
  }
  let outcome: "now" | "period_end";
  try {
    outcome = await cancelFromPortal(ctxOf(c), page.sub, { when: v.when, reason: canceledReasonText(v.reason, v.details), version: v.version });
  } catch (err) {
    return refused(c, err);
  }
  return outcome === "now" ? done(c, { kind: "canceled" }, "canceled") : done(c, { kind: "cancel_scheduled", at: page.sub.periodEnd }, "cancel_scheduled");
});
