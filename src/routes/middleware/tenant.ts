import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv, PortalVars } from "../../context";
import { findTenantByCustomHost } from "../../db/queries/tenants";
import type { Tenant } from "../../db/queries/types";
import { tenantScope } from "../../db/scope";
import { readHostCookie, SESSION_COOKIE } from "../../lib/cookies";
import { requestHost, requestUrl } from "../../lib/hosts";
import { portalOrigin } from "../../lib/origins";
import { loadTenantAndSession } from "../../services/signin/sessions";
import { routeLoadsEntry } from "./page-loaders";

/**
 * Decides the tenant of a portal request from its host, and nothing else.
 * Unknown hosts, reserved names and disabled portals get the plain 404 page.
 * On `<username>.<domain>` the session cookie's rows are read in the same round
 * trip (issue 7); whether the visitor is signed in is still loadCustomer's call.
 */
export const resolveTenant = createMiddleware<PortalEnv>(async (c, next) => {
  const host = requestHost(c.req.raw, c.env.PORTAL_DOMAIN);
  const db = c.get("db");
  let tenant: Tenant | undefined;
  let signedIn: PortalVars["signedIn"];
  const deferred = routeLoadsEntry(c);
  c.set("requestOrigin", requestUrl(c.req.raw).origin);
  if (host.kind === "tenant" && deferred) {
    // the page reads tenant, session and its data in one batch (signedInPage, issue 18)
    c.set("deferredEntry", { username: host.username });
    c.set("portalOrigin", portalOrigin(c.env, host.username));
    return next();
  }
  if (host.kind === "tenant") {
    // The session (if a cookie came) is read in the same round trip as the tenant
    // (issue 7); loadCustomer, after the CSRF check, puts it on the context.
    const cookie = readHostCookie(c.req.header("Cookie"), SESSION_COOKIE);
    ({ tenant, signedIn } = await loadTenantAndSession(db, host.username, cookie, c.get("now")));
  } else if (host.kind === "custom") {
    tenant = await findTenantByCustomHost(db, host.host);
  }
  if (deferred) c.set("deferredEntry", { username: null });
  c.set("signedIn", signedIn);
  useTenant(c, tenant);
  await next();
});

/** The request's tenant, once read: unknown or disabled is the plain 404 page. */
export function useTenant(c: Context<PortalEnv>, tenant: Tenant | undefined): asserts tenant is Tenant {
  if (!tenant?.enabled) throw new HTTPException(404);
  c.set("tenant", tenant);
  c.set("scope", tenantScope(c.get("db"), tenant.id));
  c.set("portalOrigin", portalOrigin(c.env, tenant.username));
}
