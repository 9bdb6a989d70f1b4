import { equals } from "../../db/conditions";
import { type Delivery, findOwnDelivery, resendStmt } from "../../db/queries/webhook-deliveries";
import { webhookDeliveries } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import type { ListSpec } from "../../lib/api/pagination";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { webhookMessageId } from "./attempt";
import type { WebhookQueue } from "./consumer";

/** The delivery log of an endpoint (`GET /webhooks/{id}/deliveries`) and the manual re-send. */

const STATUSES = ["pending", "sending", "delivered", "failed"] as const;

export const deliveryListSpec: ListSpec = {
  sort: { id: webhookDeliveries.id, created_at: webhookDeliveries.createdAt, updated_at: webhookDeliveries.updatedAt },
  filters: {
    status: (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw invalidRequest(`filter[status] must be one of: ${STATUSES.join(", ")}`, "filter[status]");
      return equals(webhookDeliveries.status, v as Delivery["status"]);
    },
    event: (v) => {
      if (!/^[1-9]\d{0,14}$/.test(v)) throw invalidRequest("filter[event] must be an event id", "filter[event]");
      return equals(webhookDeliveries.eventId, Number(v));
    },
  },
};

export function deliveryToWire(d: Delivery) {
  return {
    id: d.id,
    object: "webhook_delivery" as const,
    webhook: d.endpointId,
    event: d.eventId,
    webhook_id: webhookMessageId(d.eventId, d.endpointId),
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt : null,
    last_attempt_at: d.lastAttemptAt,
    last_status_code: d.lastStatusCode,
    last_response: d.lastResponse,
    last_error: d.lastError,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

export async function getDelivery(scope: TenantScope, endpointId: number | null, id: number | null): Promise<Delivery> {
  const row = endpointId === null || id === null ? undefined : await findOwnDelivery(scope, endpointId, id);
  if (!row) throw notFound("webhook delivery");
  return row;
}

/**
 * POST /webhooks/{id}/deliveries/{delivery}/retry: sends a delivered or failed
 * delivery once more, now, with the same `webhook-id` (a receiver that already
 * has it may ignore it). One still scheduled or in flight is a 409.
 */
export async function resendDelivery(scope: TenantScope, queue: WebhookQueue, endpointId: number | null, id: number | null, now: number) {
  const d = await getDelivery(scope, endpointId, id);
  if (d.status === "pending" || d.status === "sending") throw conflict("This delivery is already scheduled");
  const [updated] = await resendStmt(scope, d, now);
  if (!updated) throw conflict("This delivery is already scheduled");
  return { delivery: updated, enqueue: () => queue.send({ kind: "attempt", tenant: scope.tenantId, deliveries: [updated.id] }) };
}
