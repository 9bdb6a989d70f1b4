import { createMiddleware } from "hono/factory";
import type { PortalEnv } from "../../context";
import { findTenantByCustomHost, findTenantByUsername } from "../../db/queries/tenants";
import { tenantScope } from "../../db/scope";
import { classifyHost, requestHostname } from "../../lib/hosts";
import { portalOrigin } from "../../lib/origins";
import { notFoundPage } from "../../views/pages/errors";

/**
 * Decides the tenant of a portal request from its host, and nothing else.
 * Unknown hosts, reserved names and disabled portals get the plain 404 page.
 */
export const resolveTenant = createMiddleware<PortalEnv>(async (c, next) => {
  const host = classifyHost(requestHostname(c.req.raw), c.env.PORTAL_DOMAIN);
  const db = c.var.db;
  const tenant =
    host.kind === "tenant"
      ? await findTenantByUsername(db, host.username)
      : host.kind === "custom"
        ? await findTenantByCustomHost(db, host.host)
        : undefined;
  if (!tenant || !tenant.enabled) return c.html(notFoundPage(c.var.requestId), 404);
  c.set("tenant", tenant);
  c.set("scope", tenantScope(db, tenant.id));
  c.set("requestOrigin", new URL(c.req.url).origin);
  c.set("portalOrigin", portalOrigin(c.env, tenant.username));
  await next();
});
