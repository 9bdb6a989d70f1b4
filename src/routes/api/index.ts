import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { ApiError } from "../../lib/api-error";
import { errorForLog } from "../../lib/log-error";
import { apiAuth } from "../middleware/api-auth";
import { requestContext } from "../middleware/request-context";
import { securityHeaders } from "../middleware/security-headers";
import { testClockTime } from "../middleware/test-clock";
import { webhookProducer } from "../middleware/webhook-producer";
import { catalogRoutes } from "./catalog";
import { customerLineItemsRoutes } from "./customer-line-items";
import { customersRoutes } from "./customers";
import { devRoutes } from "./dev";
import { documentEmailsRoutes } from "./document-emails";
import { estimatesRoutes } from "./estimates";
import { eventsRoutes } from "./events";
import { invoicePayRoutes } from "./invoice-pay";
import { invoicesRoutes } from "./invoices";
import { paymentSourcesRoutes } from "./payment-sources";
import { paymentsRoutes } from "./payments";
import { platformRoutes } from "./platform";
import { settingsRoutes } from "./settings";
import { signUpPagesRoutes } from "./sign-up-pages";
import { signInLinksRoutes } from "./signin-links";
import { ssoKeysRoutes } from "./sso-keys";
import { subscriptionsRoutes } from "./subscriptions";
import { testClocksRoutes } from "./test-clocks";
import { webhookEndpointsRoutes } from "./webhook-endpoints";
import { webhooksRoutes } from "./webhooks";

/**
 * The merchant REST API on `api.<domain>`, shaped like Invoiced's. Platform routes
 * (tenant creation, the development outbox, provider webhooks) carry their own
 * authentication and come before the API-key check.
 */
export const apiApp = new Hono<ApiEnv>();

apiApp.use(...securityHeaders, requestContext);

// --- platform level: own authentication ---
apiApp.route("/", platformRoutes);
apiApp.route("/", devRoutes);
apiApp.route("/", webhooksRoutes);

// --- tenant level: everything below needs an API key ---
apiApp.use(apiAuth);
apiApp.use(testClockTime);
// after every write: announce the tenant's new events to the webhook queue
apiApp.use(webhookProducer({ check: true }));
apiApp.route("/", customersRoutes);
apiApp.route("/", customerLineItemsRoutes);
apiApp.route("/", paymentSourcesRoutes);
apiApp.route("/", signInLinksRoutes);
apiApp.route("/", signUpPagesRoutes);
apiApp.route("/", invoicesRoutes);
apiApp.route("/", documentEmailsRoutes);
apiApp.route("/", invoicePayRoutes);
apiApp.route("/", estimatesRoutes);
apiApp.route("/", paymentsRoutes);
apiApp.route("/", catalogRoutes);
apiApp.route("/", subscriptionsRoutes);
apiApp.route("/", testClocksRoutes);
apiApp.route("/", ssoKeysRoutes);
apiApp.route("/", settingsRoutes);
apiApp.route("/", eventsRoutes);
apiApp.route("/", webhookEndpointsRoutes);

apiApp.notFound(() => {
  throw new ApiError(404, "invalid_request_error", "Unknown endpoint");
});

apiApp.onError((err, c) => {
  if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
  console.error(`api error ${c.var.requestId}: ${errorForLog(err)}`);
  return c.json({ type: "api_error", message: `Internal error (request ${c.var.requestId})` }, 500);
});
