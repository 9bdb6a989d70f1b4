import type { Db } from "../../db/client";
import { overdueDeliveries, tenantsWithUnfannedEvents } from "../../db/queries/webhook-deliveries";
import type { WebhookMessage, WebhookQueue } from "./consumer";
import { ATTEMPT_CHUNK, FANOUT_WINDOW } from "./schedule";

/**
 * The safety net, on the cron: whatever the producer or a retry message missed is
 * put on the queue again. Events written but never fanned out (the request died
 * before its `waitUntil`, the queue refused the send) and deliveries whose retry
 * is overdue by more than `GRACE` (a lost message) or whose claim's lease ran out.
 * Enqueueing twice is harmless: the consumer's writes are conditional.
 */

/** How late a retry message may be before the sweep re-sends it. */
const GRACE = 120;
const LIMIT = 1000;

export async function sweepWebhooks(db: Db, queue: WebhookQueue, now: number): Promise<{ tenants: number; deliveries: number }> {
  const [tenants, overdue] = await Promise.all([tenantsWithUnfannedEvents(db, now - FANOUT_WINDOW, LIMIT), overdueDeliveries(db, now - GRACE, now, LIMIT)]);
  const messages: WebhookMessage[] = tenants.map((tenant) => ({ kind: "fanout", tenant }));
  const byTenant = new Map<number, number[]>();
  for (const d of overdue) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d.id]);
  for (const [tenant, ids] of byTenant) {
    for (let i = 0; i < ids.length; i += ATTEMPT_CHUNK) messages.push({ kind: "attempt", tenant, deliveries: ids.slice(i, i + ATTEMPT_CHUNK) });
  }
  for (const m of messages) await queue.send(m);
  return { tenants: tenants.length, deliveries: overdue.length };
}
