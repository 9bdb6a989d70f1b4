import { env } from "cloudflare:workers";

/**
 * A page's view of a document is written by the webhook queue's consumer, not by the
 * page (src/db/queries/document-views.ts); in tests the pool runs the worker's own
 * queue() on the real local queue, within about a second. Waits (up to 15 s) until the
 * tenant has `n` document views written, and returns them in order.
 */
export async function viewsWritten(tenantId: number, n: number): Promise<{ type: string; objectId: string | null }[]> {
  for (let i = 0; i < 150; i++) {
    const { results } = await env.DB.prepare(
      "SELECT type, object_id AS objectId FROM events WHERE tenant_id = ? AND type IN ('invoice.viewed', 'estimate.viewed') ORDER BY id",
    )
      .bind(tenantId)
      .all<{ type: string; objectId: string | null }>();
    if (results.length >= n) return results;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${n} document views`);
}
