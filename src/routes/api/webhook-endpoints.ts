import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { listEndpointDeliveries } from "../../db/queries/webhook-deliveries";
import { listOwnEndpoints } from "../../db/queries/webhook-endpoints";
import { readJson } from "../../lib/api/body";
import { idempotentWith } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { requestActor } from "../../lib/request-meta";
import { webhookUrlPolicy } from "../../lib/webhook-url";
import { intId } from "../../services/api/wire";
import type { WebhookQueue } from "../../services/webhooks/consumer";
import { deliveryListSpec, deliveryToWire, getDelivery, resendDelivery } from "../../services/webhooks/deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  type EndpointDeps,
  endpointListSpec,
  endpointToWire,
  getEndpoint,
  rotateEndpointSecret,
  updateEndpoint,
} from "../../services/webhooks/endpoints";

/**
 * The merchant's outbound webhooks, as Invoiced's `Webhook` resource: CRUD on
 * `/webhooks`, plus `POST /webhooks/{id}/rotate_secret`, the delivery log
 * `GET /webhooks/{id}/deliveries[/{delivery}]` and a manual re-send
 * `POST /webhooks/{id}/deliveries/{delivery}/retry`. (`/webhooks/stripe/...` is the
 * inbound provider route, in webhooks.ts.) The signing secret appears only in the
 * create and rotate answers; an Idempotency-Key replay gets them without it (S42).
 */
export const webhookEndpointsRoutes = new Hono<ApiEnv>();

const withoutSecret = (answer: string) => JSON.stringify({ ...JSON.parse(answer), secret: null });

const deps = (c: Context<ApiEnv>): EndpointDeps => ({
  scope: c.var.scope,
  encryptionKey: c.env.ENCRYPTION_KEY,
  policy: webhookUrlPolicy(c.env),
  now: c.var.now,
  who: requestActor(c, "api"),
});

webhookEndpointsRoutes.get("/webhooks", async (c) => {
  const q = parseList(c, endpointListSpec);
  const { rows, total } = await listOwnEndpoints(c.var.scope, q);
  setListHeaders(c, q, total);
  return c.json(rows.map(endpointToWire));
});

webhookEndpointsRoutes.post("/webhooks", idempotentWith({ redact: withoutSecret }), async (c) => c.json(await createEndpoint(deps(c), await readJson(c)), 201));

webhookEndpointsRoutes.get("/webhooks/:id", async (c) => c.json(endpointToWire(await getEndpoint(c.var.scope, intId(c.req.param("id"))))));

webhookEndpointsRoutes.patch("/webhooks/:id", async (c) => c.json(await updateEndpoint(deps(c), intId(c.req.param("id")), await readJson(c))));

webhookEndpointsRoutes.delete("/webhooks/:id", async (c) => {
  await deleteEndpoint(deps(c), intId(c.req.param("id")));
  return c.body(null, 204);
});

webhookEndpointsRoutes.post("/webhooks/:id/rotate_secret", idempotentWith({ redact: withoutSecret }), async (c) =>
  c.json(await rotateEndpointSecret(deps(c), intId(c.req.param("id")))),
);

webhookEndpointsRoutes.get("/webhooks/:id/deliveries", async (c) => {
  const endpoint = await getEndpoint(c.var.scope, intId(c.req.param("id")));
  const q = parseList(c, deliveryListSpec);
  const { rows, total } = await listEndpointDeliveries(c.var.scope, endpoint.id, q);
  setListHeaders(c, q, total);
  return c.json(rows.map(deliveryToWire));
});

webhookEndpointsRoutes.get("/webhooks/:id/deliveries/:delivery", async (c) =>
  c.json(deliveryToWire(await getDelivery(c.var.scope, intId(c.req.param("id")), intId(c.req.param("delivery"))))),
);

webhookEndpointsRoutes.post("/webhooks/:id/deliveries/:delivery/retry", async (c) => {
  const queue = c.env.WEBHOOKS as unknown as WebhookQueue;
  const { delivery, enqueue } = await resendDelivery(c.var.scope, queue, intId(c.req.param("id")), intId(c.req.param("delivery")), c.var.now);
  // the sweep sends it if this enqueue is lost
  c.executionCtx.waitUntil(enqueue().catch((err: Error) => console.error(`webhook resend enqueue: ${err.name}`)));
  return c.json(deliveryToWire(delivery), 202);
});
