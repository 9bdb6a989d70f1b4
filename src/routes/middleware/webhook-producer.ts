import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { backgroundScope } from "../../db/background";
import type { Db } from "../../db/client";
import { builtEvents } from "../../db/events";
import type { DocumentView } from "../../db/queries/document-views";
import type { Tenant } from "../../db/queries/types";
import type { WebhookQueue } from "../../services/webhooks/consumer";
import { announceEvents, announceTenant } from "../../services/webhooks/producer";

/**
 * The webhook producer's hook: after a tenant's request has answered (its batch,
 * events included, is committed by then), announce the tenant's new events to the
 * queue in `waitUntil`, when the request built an event through the one writer
 * (db/events.ts) or changed state (work it left to `waitUntil` may write events
 * on another client). Failing here loses nothing: the sweep finds events that
 * were never fanned out.
 *
 * A page that opened a document sends its view instead (db/queries/document-views.ts):
 * the consumer writes it and announces it, so the page makes no write of its own.
 *
 * `check`: whether to read D1 first for an enabled endpoint (one read, no message for
 * a tenant without webhooks). The API checks; the portal does not, so a customer's
 * page or action costs no D1 work beyond its own (the consumer finds out instead).
 */
export const webhookProducer = (opts: { check: boolean }) =>
  createMiddleware<{ Bindings: Env; Variables: { tenant: Tenant; requestId: string; db: Db; view?: DocumentView } }>(async (c, next) => {
    await next();
    const tenant = c.get("tenant") as Tenant | undefined;
    if (!tenant) return;
    const write = c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS";
    // a page that opened a document: its view goes in the message, for the consumer to write and announce
    const view = c.get("view");
    if (view) announceAfterResponse(c, tenant.id, { check: false, view });
    else if (write) announceAfterResponse(c, tenant.id, { check: opts.check });
    else if (builtEvents(c.get("db"))) announceAfterResponse(c, tenant.id, { check: false });
  });

/** Also for routes that find their tenant themselves (provider webhooks). */
// biome-ignore lint: any sub-app's context (API or portal) will do
export function announceAfterResponse(c: Context<any>, tenantId: number, opts: { check?: boolean; view?: DocumentView } = {}): void {
  // what the request left for after its response (src/db/later.ts) is announced once it is written
  const written: Promise<unknown> = c.get("laterDone") ?? Promise.resolve();
  const work = written
    .then(async () => {
      const queue = c.env.WEBHOOKS as unknown as WebhookQueue;
      if (opts.view) await queue.send({ kind: "view", tenant: tenantId, view: opts.view });
      else if (opts.check ?? true) await announceEvents(backgroundScope(c.env, tenantId), queue);
      else await announceTenant(queue, tenantId);
    })
    .catch((err: Error) => console.error(`webhook announce: ${err.name}`));
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no execution context (an in-process call): the promise runs on its own
  }
}
