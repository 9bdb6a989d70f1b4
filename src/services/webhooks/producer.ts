import { hasEnabledEndpoint } from "../../db/queries/webhook-endpoints";
import type { TenantScope } from "../../db/scope";
import type { WebhookQueue } from "./consumer";

/**
 * The producer: after a request's batch (events are written in the same batch as
 * the change, so they are the outbox), tell the queue that this tenant has new
 * events. Runs after the response (`waitUntil`); a tenant without an enabled
 * webhook costs one indexed read and no message. If this never runs (the isolate
 * died, the send failed), the sweep finds the events.
 */
export async function announceEvents(scope: TenantScope, queue: WebhookQueue): Promise<boolean> {
  if (!(await hasEnabledEndpoint(scope))) return false;
  await announceTenant(queue, scope.tenantId);
  return true;
}

/**
 * The same without the read (pages whose D1 budget is counted): the consumer finds out
 * whether anyone listens. Takes the tenant's id alone, so no database client is built
 * for it (issue 18: a drizzle client after every portal write or view).
 */
export async function announceTenant(queue: WebhookQueue, tenantId: number): Promise<void> {
  await queue.send({ kind: "fanout", tenant: tenantId });
}
