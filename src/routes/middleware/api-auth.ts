import { createMiddleware } from "hono/factory";
import type { ApiEnv } from "../../context";
import { findTenantByApiKeyHash } from "../../db/queries/api-keys";
import { tenantScope } from "../../db/scope";
import { ApiError } from "../../lib/api-error";
import { sha256Hex } from "../../lib/crypto";

/**
 * HTTP Basic with the API key as user name and an empty password, which is what
 * Invoiced's client libraries send. Keys are looked up by SHA-256 (S42).
 */
export const apiAuth = createMiddleware<ApiEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  let key = "";
  if (m) {
    try {
      key = atob(m[1]!).split(":")[0] ?? "";
    } catch {
      key = "";
    }
  }
  const tenant = key ? await findTenantByApiKeyHash(c.get("db"), await sha256Hex(key)) : undefined;
  if (!tenant) {
    c.header("WWW-Authenticate", 'Basic realm="api"');
    throw new ApiError(401, "authentication_error", "Invalid API key: use it as the HTTP Basic user name");
  }
  c.set("tenant", tenant);
  c.set("scope", tenantScope(c.get("db"), tenant.id));
  await next();
});
