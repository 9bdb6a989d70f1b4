import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { jsxRenderer } from "hono/jsx-renderer";
import type { PortalEnv } from "../../context";
import { errorForLog } from "../../lib/log-error";
import { errorPage, notFoundPage, PortalNotFoundPage } from "../../views/pages/errors";
import { afterResponseWrites } from "../middleware/after-response";
import { csrf } from "../middleware/csrf";
import { portalRequestContext } from "../middleware/replica-session";
import { securityHeaders } from "../middleware/security-headers";
import { loadCustomer } from "../middleware/session";
import { resolveTenant } from "../middleware/tenant";
import { webhookProducer } from "../middleware/webhook-producer";
import { accountRoutes } from "./account";
import { billingRoutes } from "./billing";
import { estimateRoutes } from "./estimates";
import { invoiceRoutes } from "./invoices";
import { payRoutes } from "./pay";
import { paymentMethodRoutes } from "./payment-methods";
import { paymentRoutes } from "./payments";
import { reloadRoutes } from "./reload";
import { renderPage } from "./render-page";
import { shellRoutes } from "./shell";
import { signUpRoutes } from "./sign-up";
import { signUpAfterRoutes } from "./sign-up-after";
import { signinRoutes } from "./signin";
import { statementRoutes } from "./statements";
import { subscriptionRoutes } from "./subscriptions";

/**
 * A tenant's customer portal. Middleware decides the tenant from the host, checks
 * CSRF on every state change and loads the signed-in customer; each area is a
 * sub-app in its own file.
 */
export const portalApp = new Hono<PortalEnv>();

// webhookProducer: after a customer's action, announce the new events to the webhook queue
// afterResponseWrites: the touch and a document's view, one batch after the response (inside the producer, which announces after it)
portalApp.use(...securityHeaders, portalRequestContext, resolveTenant, webhookProducer({ check: false }), afterResponseWrites, csrf, loadCustomer);
// c.render provides the request to the page's layout (tenant, customer, CSRF token: see
// views/portal-context). No doctype, so the bytes stay what c.html sent before.
portalApp.use(jsxRenderer(undefined, { docType: false }));

portalApp.route("/", shellRoutes);
portalApp.route("/", signinRoutes);
portalApp.route("/", accountRoutes);
portalApp.route("/", invoiceRoutes);
portalApp.route("/", payRoutes);
portalApp.route("/", paymentRoutes);
portalApp.route("/", statementRoutes);
portalApp.route("/", estimateRoutes);
portalApp.route("/", billingRoutes);
portalApp.route("/", paymentMethodRoutes);
portalApp.route("/", subscriptionRoutes);
portalApp.route("/", reloadRoutes);
portalApp.route("/", signUpAfterRoutes);
portalApp.route("/", signUpRoutes);

// no tenant (an unknown or disabled host): the bare page, since the portal layout needs one
const notFound = (c: Context<PortalEnv>) =>
  c.get("tenant")
    ? renderPage(c, PortalNotFoundPage, { requestId: c.get("requestId"), signedIn: Boolean(c.get("customer")) }, 404)
    : c.html(notFoundPage(c.get("requestId")), 404);
portalApp.notFound(notFound);

portalApp.onError((err, c) => {
  // The one not-found path: a handler or guard throws HTTPException(404) for an id it
  // does not find (another customer's included, S31); the page is the unknown path's.
  if (err instanceof HTTPException && err.status === 404) return notFound(c);
  // S30/S44: log the kind of failure with the request id; never tokens or personal data.
  console.error(`portal error ${c.get("requestId")}: ${errorForLog(err)}`);
  const status = "status" in err && typeof err.status === "number" && err.status < 500 ? err.status : 500;
  // also when the request context itself failed (opening the D1 session), whose after-code then never runs
  if (c.get("requestId")) c.header("X-Request-Id", c.get("requestId"));
  return c.html(errorPage(c.get("requestId") ?? "-", status, undefined, c.get("tenant") ?? undefined), status as 400);
});
