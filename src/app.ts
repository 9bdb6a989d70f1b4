import { Hono } from "hono";
import type { Bindings } from "./context";
import { requestHost } from "./lib/hosts";
import { securityHeaders } from "./routes/middleware/security-headers";
import { portalApp } from "./routes/portal";
import { notFoundPage } from "./views/pages/errors";

/** A host that is neither the API nor a portal: the plain 404 page, with the same headers (S28). */
const noPortal = new Hono<{ Bindings: Bindings }>();
noPortal.use(...securityHeaders);
noPortal.all("*", (c) => c.html(notFoundPage(crypto.randomUUID()), 404));

/**
 * The merchant API, loaded on its first request: its routes, its input schemas (zod
 * objects built at module level) and its serialisers were about a third of the
 * isolate's startup CPU, which every portal page paid before its first request
 * (issue 18, bench/analysis.md). esbuild keeps it in the one bundle, wrapped so that
 * it is evaluated on the first `import()`; the promise is kept, so once per isolate.
 */
let api: Promise<{ fetch: (req: Request, env: Bindings, ctx: ExecutionContext) => Response | Promise<Response> }> | undefined;
const loadApi = () => (api ??= import("./routes/api").then((m) => m.apiApp));

/**
 * The whole worker: one wildcard route, dispatched by host. `api.<domain>` is the
 * merchant API; any other host is a tenant's portal (or a 404 page). Each sub-app
 * has its own middleware (the security headers first) and error handling: JSON for
 * the API, HTML for the portal. A plain function rather than a Hono app of its own:
 * a second router, context and middleware chain around every request cost the
 * portal's pages about 5 % of their CPU (issue 18, bench/analysis.md).
 */
export const app = {
  fetch(req: Request, env: Bindings, ctx: ExecutionContext): Response | Promise<Response> {
    const host = requestHost(req, env.PORTAL_DOMAIN);
    if (host.kind === "api") return loadApi().then((api) => api.fetch(req, env, ctx));
    if (host.kind === "none") return noPortal.fetch(req, env, ctx);
    return portalApp.fetch(req, env, ctx);
  },
};
