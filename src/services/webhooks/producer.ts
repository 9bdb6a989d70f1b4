import { hasEnabledEndpoint } from "../../db/queries/webhook-endpoints";
import type { TenantScope } from "../../db/scope";
import type { WebhookQueue } from "./consumer";

/**
 * The producer: after a request's batch (events are written in the same batch as
 * the change, so they are the outbox), tell the queue that this tenant has new
 * events. Runs after the response (`waitUntil`); a tenant without an enabled
 * webhook costs one indexed read and no message. `check: false` skips that read
 * (pages whose D1 budget is counted: the consumer finds out instead). If this never runs (the isolate
 * died, the send failed), the sweep finds the events.
 */
export async function announceEvents(scope: TenantScope, queue: WebhookQueue, opts: { check?: boolean } = {}): Promise<boolean> {
  if ((opts.check ?? true) && !(await hasEnabledEndpoint(scope))) return false;
  await queue.send({ kind: "fanout", tenant: scope.tenantId });
  return true;
}
