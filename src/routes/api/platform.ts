import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { recordEvent } from "../../db/events";
import { tenantScope } from "../../db/scope";
import { readJson } from "../../lib/api/body";
import { validate } from "../../lib/api/validate";
import { invalidRequest } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import * as z from "../../lib/zod";
import { lineText } from "../../services/api/wire";
import { createTenant, TenantInputError } from "../../services/tenants";
import { platformAuth } from "../middleware/platform-auth";

/**
 * Platform administration on the api host, before API-key auth: the operator
 * creates tenants with the PLATFORM_ADMIN_TOKEN secret (issue 2, item 6).
 */
export const platformRoutes = new Hono<ApiEnv>();

const NewTenant = z.strictObject({
  username: z.string().min(1).max(63),
  name: lineText(200),
});

platformRoutes.post("/tenants", platformAuth, async (c) => {
  const input = validate(NewTenant, await readJson(c));
  let created;
  try {
    created = await createTenant(c.var.db, input, c.env.ENCRYPTION_KEY, c.var.now);
  } catch (err) {
    if (err instanceof TenantInputError) throw invalidRequest(err.message, err.param);
    throw err;
  }
  const { tenant, apiKey, ssoKey } = created;
  await recordEvent(
    tenantScope(c.var.db, tenant.id),
    { type: "tenant.created", objectType: "tenant", objectId: tenant.id, data: { username: tenant.username } },
    requestActor(c, "system"),
    c.var.now,
  );
  // The keys are in this answer only (S42): never cached, never shown again.
  c.header("Cache-Control", "no-store");
  return c.json(
    {
      id: tenant.id,
      username: tenant.username,
      portal_url: portalOrigin(c.env, tenant.username),
      api_key: apiKey,
      sso_key: ssoKey,
    },
    201,
  );
});
