import { eq } from "drizzle-orm";
import { webhookEvents } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Provider events already handled (S39). The stored key is "<tenant id>:<event id>":
 * one Stripe account may be connected to two tenants (staging and live portals),
 * and each of them must handle the same event once, not one of them never.
 */
const keyOf = (scope: TenantScope, eventId: string) => `${scope.tenantId}:${eventId}`;

export async function webhookEventSeen(scope: TenantScope, eventId: string): Promise<boolean> {
  const row = await scope.select(webhookEvents, eq(webhookEvents.eventId, keyOf(scope, eventId))).get();
  return row !== undefined;
}

/** Records a handled event; a second delivery handled concurrently inserts nothing. */
export function recordWebhookEvent(scope: TenantScope, provider: string, eventId: string, type: string, now: number) {
  return scope
    .insert(webhookEvents, { eventId: keyOf(scope, eventId), provider, type: type.slice(0, 100), receivedAt: now })
    .onConflictDoNothing()
    .run();
}
