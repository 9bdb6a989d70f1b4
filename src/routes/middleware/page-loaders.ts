import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/**
 * The middlewares made by signedInPage(): a route that has one reads its tenant and
 * session together with its own data (issue 18), so resolveTenant and loadCustomer
 * leave that read to it. Kept apart from signed-in-page.ts so that tenant.ts can ask
 * without an import cycle.
 */
const loaders = new WeakSet<object>();

export function registerPageLoader(handler: object): void {
  loaders.add(handler);
}

/** Whether the route this request matched loads its entry itself (GET and HEAD only). */
export function routeLoadsEntry(c: Context): boolean {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return false;
  return matchedRoutes(c).some((r) => loaders.has(r.handler));
}
