import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import { backgroundScope } from "../../db/background";
import type { Tenant } from "../../db/queries/types";
import { announceEvents } from "../../services/webhooks/producer";
import type { WebhookQueue } from "../../services/webhooks/consumer";

/**
 * The webhook producer's hook: after any state-changing request of a tenant has
 * answered (its batch, events included, is committed by then), announce the
 * tenant's new events to the queue in `waitUntil`. Reads alone write no events.
 * Failing here loses nothing: the sweep finds events that were never fanned out.
 */
export const webhookProducer = createMiddleware<{ Bindings: Env; Variables: { tenant: Tenant; requestId: string } }>(async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return;
  const tenant = c.var.tenant as Tenant | undefined;
  if (tenant) announceAfterResponse(c, tenant.id);
});

/** Also for routes that find their tenant themselves (provider webhooks). */
// biome-ignore lint: any sub-app's context (API or portal) will do
export function announceAfterResponse(c: Context<any>, tenantId: number): void {
  const work = announceEvents(backgroundScope(c.env, tenantId), c.env.WEBHOOKS as unknown as WebhookQueue).catch((err: Error) =>
    console.error(`webhook announce: ${err.name}`),
  );
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no execution context (an in-process call): the promise runs on its own
  }
}
