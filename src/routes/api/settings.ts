import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { listOwnDomains } from "../../db/queries/tenant-domains";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { requestActor } from "../../lib/request-meta";
import { paymentGatewayToWire, setPaymentGateway } from "../../services/api/payment-gateway";
import { getSettings, settingsToWire, updateSettings } from "../../services/api/settings";
import { addDomain, domainListSpec, domainToWire, getDomain, removeDomain, verifyDomain } from "../../services/api/tenant-domains";
import { intId } from "../../services/api/wire";

/**
 * The merchant's own portal: settings and branding (`/settings`), the payment
 * gateway (`/settings/payment_gateway`) and custom domains (`/settings/domains`).
 * The tenant is the API key's; there is no id in these paths to point elsewhere.
 */
export const settingsRoutes = new Hono<ApiEnv>();

settingsRoutes.get("/settings", async (c) => c.json(settingsToWire(await getSettings(c.var.scope), c.env)));

settingsRoutes.patch("/settings", async (c) => {
  const row = await updateSettings(c.var.scope, await readJson(c), c.var.now, requestActor(c, "api"), c.env);
  return c.json(settingsToWire(row, c.env));
});

settingsRoutes.get("/settings/payment_gateway", async (c) => c.json(await paymentGatewayToWire(await getSettings(c.var.scope), c.env)));

settingsRoutes.put("/settings/payment_gateway", async (c) => {
  const row = await setPaymentGateway(c.var.scope, await readJson(c), c.env, c.var.now, requestActor(c, "api"));
  return c.json(await paymentGatewayToWire(row, c.env));
});

settingsRoutes.post("/settings/domains/:id/verify", async (c) => {
  const row = await verifyDomain(c.var.scope, intId(c.req.param("id")), c.var.now, requestActor(c, "api"));
  return c.json(domainToWire(row));
});

settingsRoutes.get("/settings/domains", async (c) => {
  const q = parseList(c, domainListSpec);
  const { rows, total } = await listOwnDomains(c.var.scope, q);
  setListHeaders(c, q, total);
  return c.json(rows.map(domainToWire));
});

settingsRoutes.post("/settings/domains", idempotent, async (c) => {
  const row = await addDomain(c.var.scope, await readJson(c), c.env.PORTAL_DOMAIN, c.var.now, requestActor(c, "api"));
  return c.json(domainToWire(row), 201);
});

settingsRoutes.get("/settings/domains/:id", async (c) => c.json(domainToWire(await getDomain(c.var.scope, intId(c.req.param("id"))))));

settingsRoutes.delete("/settings/domains/:id", async (c) => {
  await removeDomain(c.var.scope, intId(c.req.param("id")), c.var.now, requestActor(c, "api"));
  return c.body(null, 204);
});
