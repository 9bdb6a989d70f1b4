import { eq } from "drizzle-orm";
import { subscriptions } from "../../src/db/schema";
import { portalApp } from "../../src/routes/portal";
import { apiClient } from "../helpers/api";
import { makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { pay, review, TEST_CARD } from "../pay/helpers";
import { invoicedToken, linkIn, pathOf, requestLink } from "../signin/helpers";
import type { World } from "./world";

/** Issue 7: no portal page may cost more than this many D1 round trips. */
export const MAX_ROUND_TRIPS = 3;

/**
 * Every portal page (GET) with its round-trip budget: the count it has today, so a
 * page that adds a round trip fails, and never above MAX_ROUND_TRIPS. A signed-in page
 * is ONE read-only round trip: tenant, session, customer and its own data in one batch
 * (issue 18; pages on a custom domain read the tenant separately: one more). Signed-in
 * pages are opened with a session last seen two minutes ago, so the session's
 * `last_seen_at` touch is due (the worst case): it is written after the response, with a
 * document's view, in one batch (`background`). A page whose route is
 * not on this branch yet is reported as skipped, with the route named.
 * Update this table after merging main when a page lands (the completeness test
 * lists what is missing).
 */
export type BudgetPage = {
  name: string;
  /** the concrete path; may create what it opens (a sign-in link, an SSO token) */
  path: (w: World) => string | Promise<string>;
  /** the route pattern, for pages whose path() creates something (so it is called only to open them) */
  route?: string;
  signedIn: boolean;
  roundTrips: number;
  /**
   * Round trips after the response (issue 18: the session's touch, a document's view,
   * one batch); default 1 for a signed-in page (its session is due a touch), else 0.
   */
  background?: number;
  /**
   * A sign-in step a browser passes through (answers with a redirect), not a page a
   * person reads: it keeps a budget of its own count, outside the cap for pages.
   */
  step?: true;
  /** the expected answer; 200 unless said */
  status?: number;
};

export const PAGES: BudgetPage[] = [
  { name: "front door (signed in)", path: () => "/", signedIn: true, roundTrips: 1, status: 303 },
  { name: "theme stylesheet", path: () => "/theme.css", signedIn: false, roundTrips: 1 },
  { name: "accessibility statement", path: () => "/accessibility", signedIn: false, roundTrips: 1 },
  { name: "login page", path: () => "/login", signedIn: false, roundTrips: 1 },
  { name: "emailed link page", route: "/login/email/:token", path: emailedLinkPath, signedIn: false, roundTrips: 1 },
  // tenant, SSO keys, customer, then one atomic batch (replay, session, event): folding the
  // active-customer check into that batch would make it three
  {
    name: "SSO sign-in",
    route: "/login/:token",
    path: async (w) => `/login/${await invoicedToken(w.ssoKey, w.customer.id)}`,
    signedIn: false,
    roundTrips: 4,
    status: 303,
    step: true,
  },
  { name: "customer picker", path: () => "/switch", signedIn: true, roundTrips: 1 },
  { name: "My Account", path: () => "/account", signedIn: true, roundTrips: 1 },
  { name: "invoice list", path: () => "/invoices", signedIn: true, roundTrips: 1 },
  { name: "invoice list, all", path: () => "/invoices?status=all", signedIn: true, roundTrips: 1 },
  { name: "invoice CSV export", path: () => "/invoices.csv?status=all", signedIn: true, roundTrips: 2 },
  { name: "payments CSV export", path: () => "/payments.csv", signedIn: true, roundTrips: 2 },
  { name: "invoice detail", path: (w) => `/invoices/${w.openInvoice.publicId}`, signedIn: true, roundTrips: 1 },
  { name: "invoice PDF", path: (w) => `/invoices/${w.paidInvoice.publicId}/pdf`, signedIn: true, roundTrips: 1 },
  { name: "pay", path: () => "/pay", signedIn: true, roundTrips: 1 },
  { name: "pay: running total (htmx)", path: (w) => `/pay/total?invoice=${w.openInvoice.publicId}`, signedIn: true, roundTrips: 1 },
  { name: "pay: confirmation", route: "/pay/confirm/:key", path: async (w) => `/pay/confirm/${await payKey(w, false)}`, signedIn: true, roundTrips: 1 },
  { name: "pay: result", route: "/pay/result/:key", path: async (w) => `/pay/result/${await payKey(w, true)}`, signedIn: true, roundTrips: 1 },
  { name: "payments", path: () => "/payments", signedIn: true, roundTrips: 1 },
  { name: "receipt PDF", path: (w) => `/payments/${w.payment.publicId}/pdf`, signedIn: true, roundTrips: 1 },
  { name: "statements", path: () => "/statements", signedIn: true, roundTrips: 1 },
  { name: "statement PDF", path: () => "/statements/pdf", signedIn: true, roundTrips: 1 },
  { name: "estimate list", path: () => "/estimates", signedIn: true, roundTrips: 1 },
  { name: "estimate detail", path: (w) => `/estimates/${w.estimate.publicId}`, signedIn: true, roundTrips: 1 },
  { name: "estimate PDF", path: (w) => `/estimates/${w.estimate.publicId}/pdf`, signedIn: true, roundTrips: 1 },
  { name: "billing details", path: () => "/billing", signedIn: true, roundTrips: 1 },
  { name: "contact edit", path: (w) => `/billing/contacts/${w.contact.id}`, signedIn: true, roundTrips: 1 },
  { name: "payment methods", path: () => "/payment-methods", signedIn: true, roundTrips: 1 },
  { name: "remove a contact (confirm)", path: (w) => `/billing/contacts/${w.contact.id}/delete`, signedIn: true, roundTrips: 1 },
  { name: "remove a payment method (confirm)", path: (w) => `/payment-methods/${w.card.publicId}/delete`, signedIn: true, roundTrips: 1 },
  { name: "turn on AutoPay (confirm)", path: () => "/payment-methods/autopay/confirm", signedIn: true, roundTrips: 1 },
  { name: "add a payment method", path: () => "/payment-methods/new", signedIn: true, roundTrips: 1 },
  {
    name: "subscriptions",
    route: "/subscriptions",
    path: async (w) => {
      await subscriptionOf(w);
      return "/subscriptions";
    },
    signedIn: true,
    roundTrips: 1,
  },
  {
    name: "subscription detail",
    route: "/subscriptions/:id",
    path: async (w) => `/subscriptions/${(await subscriptionOf(w)).id}`,
    signedIn: true,
    roundTrips: 1,
  },
  // the preview is priced from the page's own batch (the period's lines come with the subscription)
  {
    name: "subscription change preview",
    route: "/subscriptions/:id/change",
    path: async (w) => {
      const s = await subscriptionOf(w);
      return `/subscriptions/${s.id}/change?plan=budget_pro&quantity=2&version=${s.version}`;
    },
    signedIn: true,
    roundTrips: 1,
  },
  {
    name: "subscription cancel",
    route: "/subscriptions/:id/cancel",
    path: async (w) => `/subscriptions/${(await subscriptionOf(w)).id}/cancel`,
    signedIn: true,
    roundTrips: 1,
  },
  // issue 16: tenant, then the page with its plans (and a prefilled link's customer) in one batch, then the engine's lookups
  { name: "sign-up page", path: (w) => `/pages/${w.signUpPage.id}`, signedIn: false, roundTrips: 3 },
  { name: "sign-up page, prefilled", path: (w) => `/pages/${w.signUpPage.id}/${w.signUpToken}`, signedIn: false, roundTrips: 3 },
  // without the signing-up browser's cookie: back to the page, nothing read
  { name: "sign-up thank-you (another browser)", path: (w) => `/pages/${w.signUpPage.id}/thanks`, signedIn: false, roundTrips: 1, status: 303 },
  // the return from Stripe Checkout (a redirect); an unknown setup id is its cheapest answer
  { name: "payment method setup return", path: () => `/payment-methods/setup/${"x".repeat(24)}`, signedIn: true, roundTrips: 2, status: 404 },
  // a sign-up's return from Stripe Checkout and its cancel (issue 16): an unknown reference is their cheapest answer
  ...["", "/cancel"].flatMap((end): BudgetPage[] => [
    {
      name: `sign-up checkout return${end}`,
      route: `/pages/:id/checkout/:ref${end}`,
      path: (w) => `/pages/${w.signUpPage.id}/checkout/${"x".repeat(24)}${end}`,
      signedIn: false,
      roundTrips: 3,
      status: 404,
    },
    {
      name: `sign-up checkout return${end}, onboarding link`,
      route: `/pages/:id/:token/checkout/:ref${end}`,
      path: (w) => `/pages/${w.signUpPage.id}/${w.signUpToken}/checkout/${"x".repeat(24)}${end}`,
      signedIn: false,
      roundTrips: 3,
      status: 404,
    },
  ]),
];

/**
 * The world's customer's subscription (made once per world, through the API as a
 * merchant would), with every portal subscription setting on. Its version, read
 * after its first invoice, is what its pages' forms carry.
 */
const subscriptionsMade = new WeakMap<World, Promise<{ id: string; version: number }>>();
function subscriptionOf(w: World): Promise<{ id: string; version: number }> {
  let made = subscriptionsMade.get(w);
  if (!made) {
    made = (async () => {
      const api = apiClient(w.apiKey);
      await api.patch("/settings", {
        allow_subscription_changes: true,
        allow_billing_portal_cancellations: true,
        subscription_change_plans: ["budget", "budget_pro"],
      });
      await api.post("/plans", { id: "budget", name: "Budget", amount: 30, interval: "month" });
      await api.post("/plans", { id: "budget_pro", name: "Budget Pro", amount: 60, interval: "month" });
      const { body } = await api.post("/subscriptions", { customer: w.customer.id, plan: "budget" });
      const row = await w.scope.select(subscriptions, eq(subscriptions.id, body.id)).get();
      // the portal's URLs carry the public id (S32)
      return { id: row!.publicId!, version: row!.version };
    })();
    subscriptionsMade.set(w, made);
  }
  return made;
}

/** A real emailed sign-in link for the world's customer (requested through POST /login). */
async function emailedLinkPath(w: World): Promise<string> {
  const { mail } = await requestLink(new PortalClient(w.origin), w.customer.email!);
  return pathOf(linkIn(mail));
}

/** A payment attempt of the world's customer for a new invoice of its own: reviewed, or paid too. */
async function payKey(w: World, paid: boolean): Promise<string> {
  const client = new PortalClient(w.origin);
  await client.signInAs(w.scope, w.tenant, w.customer.id);
  const invoice = await makeInvoice(w.scope, w.customer.id);
  const fields = { invoice: invoice.publicId, ...TEST_CARD };
  const key = paid ? (await pay(client, fields)).key : (await review(client, fields)).key;
  if (!key) throw new Error("the pay flow gave no attempt key");
  return key;
}

/** GET routes that are not pages a person opens (nothing to budget), with why. */
export const NOT_PAGES: Record<string, string> = Object.fromEntries(
  [
    "/billing/contacts",
    "/estimates/:id/approve",
    "/estimates/:id/decline",
    "/login/code",
    "/login/reauth",
    "/logout",
    "/pay/confirm",
    "/pay/cancel",
    "/payment-methods/autopay",
    "/payment-methods/checkout",
    "/payment-methods/:id/default",
  ].map((r) => [r, "issue 17: a reload of a path a form posted to redirects to the form's page (routes/portal/reload.ts), no data read"]),
);

type Route = { method: string; path: string };

/** The portal's registered routes of a method (middleware, registered as ALL, left out). */
export function registeredRoutes(method: string): Route[] {
  return portalApp.routes.filter((r) => r.method === method);
}

/**
 * Hono route pattern to a RegExp: `:name` is one segment, `:name{re}` that segment's
 * pattern, `:name?` an optional segment, `*` anything.
 */
function routePattern(path: string): RegExp {
  const parts = path.split("/").filter(Boolean);
  let re = "";
  for (const part of parts) {
    const param = /^:(\w+)(\{(.+)\})?(\?)?$/.exec(part);
    if (param) re += param[4] ? `(?:/(?:${param[3] ?? "[^/]+"}))?` : `/(?:${param[3] ?? "[^/]+"})`;
    else if (part === "*") re += "(?:/.*)?";
    else re += `/${part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
  }
  return new RegExp(`^${re || "/"}/?$`);
}

/** Whether the page's route is registered, without calling a path() that creates something. */
export async function pageRoute(page: BudgetPage, w: World): Promise<string | undefined> {
  if (page.route) return registeredRoutes("GET").some((r) => r.path === page.route) ? page.route : undefined;
  return routeFor("GET", await page.path(w))?.path;
}

/** The registered route that serves `path` (query string ignored), if any. */
export function routeFor(method: string, path: string): Route | undefined {
  const bare = path.split("?")[0]!;
  return registeredRoutes(method).find((r) => routePattern(r.path).test(bare));
}
