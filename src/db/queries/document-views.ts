import { eq, sql } from "drizzle-orm";
import { createDb, type Db } from "../client";
import { LaterWrites } from "../later";
import { builder, type Prepared } from "../prepared";
import { webhookEndpoints } from "../schema";
import { customerScope, tenantScope } from "../scope";
import { databaseOf } from "../shards";
import { estimateViewStatements } from "./estimates";
import { invoiceViewWrites } from "./invoice-document";

/**
 * A customer opening one of their documents, as the page saw it. The page does not
 * write it: the view travels in the webhook queue's message (the one the page sends
 * anyway so that the merchant hears of the `*.viewed` event) and the consumer writes
 * the views of a whole batch of messages in ONE D1 batch (issue 18: the view's own
 * D1 exchange was a quarter of the invoice page's worker CPU, and one more write on
 * the primary per page view). `key` is the view's own id, stored on its event: a
 * message delivered twice (Queues deliver at least once) records the view once.
 * `customer` comes from the page's session or document link, never from input.
 */
export type DocumentView = {
  doc: "invoice" | "estimate";
  customer: number;
  /** the document's public id */
  id: string;
  at: number;
  ip: string | null;
  userAgent: string | null;
  via: "page" | "pdf";
  key: string;
};

/** "Has this tenant a webhook endpoint?", prepared once per isolate, for the views' batch. */
let endpointProbe: Prepared | undefined;
const probe = () =>
  (endpointProbe ??= (
    builder
      .select({ one: sql`1` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, sql.placeholder("tenantId")))
      .limit(1) as unknown as { _prepare(): Prepared }
  )._prepare());

/**
 * Writes the views of many tenants, one batch per database (src/db/shards.ts): for
 * each, the `*.viewed` event and `sent` → `viewed` (conditional writes through the
 * customer's scope, so a document that is not theirs, or no longer visible, records
 * nothing). The same batch asks whether each tenant has a webhook endpoint, and the
 * answer is returned: a tenant without one has nobody to tell, and its fan-out would
 * find nothing (webhook-deliveries.ts, unfannedEventIds), so the consumer skips it.
 */
export async function writeDocumentViews(
  bindings: { DB: D1Database },
  views: readonly { tenant: number; view: DocumentView }[],
): Promise<{ withEndpoints: Set<number> }> {
  const byDatabase = new Map<D1Database, { db: Db; writes: LaterWrites; tenants: Set<number> }>();
  for (const { tenant, view: v } of views) {
    const d1 = databaseOf(bindings, tenant);
    let shard = byDatabase.get(d1);
    if (!shard) byDatabase.set(d1, (shard = { db: createDb(d1), writes: new LaterWrites(), tenants: new Set() }));
    shard.tenants.add(tenant);
    const my = customerScope(tenantScope(shard.db, tenant), v.customer);
    const meta = { now: v.at, ip: v.ip, userAgent: v.userAgent, via: v.via, key: v.key };
    if (v.doc === "invoice") for (const w of invoiceViewWrites(my, v.id, meta)) shard.writes.addPrepared(w.q, w.values);
    else for (const s of estimateViewStatements(my, v.id, meta)) shard.writes.add(s);
  }
  const withEndpoints = new Set<number>();
  await Promise.all(
    [...byDatabase].map(async ([d1, { writes, tenants }]) => {
      // the probes last, one per tenant in the set's order: their answers are the batch's tail
      const probed = [...tenants];
      const firstProbe = writes.size;
      for (const tenant of probed) writes.addPrepared(probe(), { tenantId: tenant });
      const results = (await writes.run(d1)) as D1Result[];
      probed.forEach((tenant, i) => {
        if (results[firstProbe + i]?.results.length) withEndpoints.add(tenant);
      });
    }),
  );
  return { withEndpoints };
}
