import { Hono } from "hono";
import type { Bindings } from "./context";
import { classifyHost, requestHostname } from "./lib/hosts";
import { apiApp } from "./routes/api";
import { securityHeaders } from "./routes/middleware/security-headers";
import { portalApp } from "./routes/portal";
import { notFoundPage } from "./views/pages/errors";

/**
 * The whole worker: one wildcard route, dispatched by host. `api.<domain>` is the
 * merchant API; any other host is a tenant's portal (or a 404 page). Each sub-app
 * has its own middleware and error handling: JSON for the API, HTML for the portal.
 */
export const app = new Hono<{ Bindings: Bindings }>();

app.use(...securityHeaders);

app.all("*", (c) => {
  const host = classifyHost(requestHostname(c.req.raw), c.env.PORTAL_DOMAIN);
  if (host.kind === "api") return apiApp.fetch(c.req.raw, c.env, c.executionCtx);
  if (host.kind === "none") return c.html(notFoundPage(crypto.randomUUID()), 404);
  return portalApp.fetch(c.req.raw, c.env, c.executionCtx);
});
