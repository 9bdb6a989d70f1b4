import type { BatchStatements } from "../../db/batch";
import type { Db } from "../../db/client";
import { type DocumentView, writeDocumentViews } from "../../db/queries/document-views";
import {
  claimDeliveries,
  disableFailingStmt,
  endpointFailingStmt,
  endpointHealthyStmt,
  fanOut,
  finishStmt,
  loadForAttempt,
  unfannedEventIds,
} from "../../db/queries/webhook-deliveries";
import { type TenantScope, tenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import { type AttemptDeps, attemptDelivery, signingSecrets } from "./attempt";
import { disabledEventStmts, mailDisabled } from "./disabled";
import { ATTEMPT_CHUNK, DISABLE_AFTER, FANOUT_CHUNK, FANOUT_WINDOW, LEASE_SECONDS, MAX_ATTEMPTS, MAX_QUEUE_DELAY } from "./schedule";

/**
 * The queue consumer's work. Three kinds of message:
 * - `fanout`: "this tenant has new events" (from the producer after a write, or the
 *   sweep). Fans out the oldest chunk of not-yet-fanned events into deliveries and
 *   attempts them; a full chunk sends the next `fanout` message.
 * - `view`: a customer opened a document (db/queries/document-views.ts): write the
 *   view, its `*.viewed` event included, then fan out as for `fanout`.
 * - `attempt`: retry these deliveries (sent with the backoff as the delay).
 * Messages carry ids only: the state is in D1, and every state change there is
 * conditional, so a message handled twice (Queues deliver at least once) sends
 * nothing twice unless a consumer died between its send and its write.
 */

export type WebhookMessage =
  /** `after`: a continuation starts past the chunk before it (ids grow in commit order); the sweep covers any gap */
  | { kind: "fanout"; tenant: number; after?: number }
  | { kind: "attempt"; tenant: number; deliveries: number[] }
  | { kind: "view"; tenant: number; view: DocumentView };

export type WebhookQueue = { send(body: WebhookMessage, options?: { delaySeconds?: number }): Promise<unknown> };

/** `mailer`: tells the merchant an endpoint was disabled (disabled.ts); `bindings`: the databases views are written to (src/db/shards.ts). */
export type ConsumerDeps = Omit<AttemptDeps, "timeoutMs"> & { db: Db; bindings: { DB: D1Database }; queue: WebhookQueue; timeoutMs: number; mailer: Mailer };

export async function handleWebhookMessage(d: ConsumerDeps, msg: WebhookMessage): Promise<void> {
  const scope = tenantScope(d.db, msg.tenant);
  if (msg.kind === "attempt") return attemptDeliveries(d, scope, msg.deliveries.slice(0, ATTEMPT_CHUNK));
  if (msg.kind === "view" && !(await writeDocumentViews(d.bindings, [msg])).withEndpoints.has(msg.tenant)) return;
  return fanOutTenant(d, scope, msg.kind === "fanout" ? (msg.after ?? 0) : 0);
}

/**
 * A whole delivery of messages, as the queue hands it over: the views of all of them
 * written in one batch first, and each tenant's plain `fanout` done once however many
 * messages asked for it (a busy portal announces the same tenant many times). `settle`
 * acknowledges or retries the messages one piece of work stood for, together.
 */
export async function handleWebhookBatch(
  d: ConsumerDeps,
  messages: readonly WebhookMessage[],
  settle: (indexes: number[], outcome: "ack" | "retry") => void,
): Promise<void> {
  const views = messages.flatMap((m, i) => (m.kind === "view" ? [i] : []));
  // the tenants whose views were written and who have a webhook endpoint to tell
  let announce = new Set<number>();
  let failed = false;
  if (views.length) {
    try {
      ({ withEndpoints: announce } = await writeDocumentViews(
        d.bindings,
        views.map((i) => messages[i] as Extract<WebhookMessage, { kind: "view" }>),
      ));
    } catch (err) {
      console.error(`webhook views: ${err instanceof Error ? err.name : "error"}`);
      settle(views, "retry");
      failed = true;
    }
  }

  // one piece of work per tenant's plain fan-out (a written view is one, if anyone listens), one per other message
  const work = new Map<string, { msg: WebhookMessage; indexes: number[] }>();
  const quiet: number[] = [];
  messages.forEach((m, i) => {
    if (m.kind === "view" && failed) return;
    if (m.kind === "view" && !announce.has(m.tenant)) {
      quiet.push(i);
      return;
    }
    const plain = m.kind === "view" || (m.kind === "fanout" && !m.after);
    const key = plain ? `fanout:${m.tenant}` : `${i}`;
    const entry = work.get(key);
    if (entry) entry.indexes.push(i);
    else work.set(key, { msg: plain ? { kind: "fanout", tenant: m.tenant } : m, indexes: [i] });
  });
  if (quiet.length) settle(quiet, "ack");
  await Promise.all(
    [...work.values()].map(async ({ msg, indexes }) => {
      try {
        await handleWebhookMessage(d, msg);
        settle(indexes, "ack");
      } catch (err) {
        console.error(`webhook message failed: ${err instanceof Error ? err.name : "error"}`);
        settle(indexes, "retry");
      }
    }),
  );
}

/** The oldest chunk of the tenant's not-yet-fanned events (past `after`): deliveries made and attempted. */
async function fanOutTenant(d: ConsumerDeps, scope: TenantScope, after: number): Promise<void> {
  const ids = await unfannedEventIds(scope, d.now - FANOUT_WINDOW, after, FANOUT_CHUNK);
  if (ids.length === 0) return;
  const due = await fanOut(scope, ids, d.now, MAX_ATTEMPTS);
  // more waiting: let another invocation take the next chunk while this one sends
  if (ids.length === FANOUT_CHUNK) await d.queue.send({ kind: "fanout", tenant: scope.tenantId, after: ids.at(-1)! });
  for (let i = 0; i < due.length; i += ATTEMPT_CHUNK) await attemptDeliveries(d, scope, due.slice(i, i + ATTEMPT_CHUNK));
}

/** Claim, send in parallel, record every outcome in one batch, then schedule the retries. */
async function attemptDeliveries(d: ConsumerDeps, scope: TenantScope, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const claims = await claimDeliveries(scope, ids, d.now, LEASE_SECONDS);
  if (claims.length === 0) return;
  const { endpoints, events } = await loadForAttempt(scope, claims);
  // each endpoint's secret decrypted once for the whole batch
  const secrets = new Map([...endpoints.values()].map((e) => [e.id, signingSecrets(d, e)]));
  for (const p of secrets.values()) p.catch(() => {}); // judged per delivery in attemptDelivery
  const results = await Promise.all(claims.map((c) => attemptDelivery(d, c, endpoints.get(c.endpointId), events.get(c.eventId), secrets.get(c.endpointId))));

  const healthy = new Set<number>();
  const failing = new Set<number>();
  claims.forEach((c, i) => {
    if (results[i]!.status === "delivered") healthy.add(c.endpointId);
    else if (results[i]!.endpointAnswered === false) failing.add(c.endpointId);
  });
  for (const id of healthy) failing.delete(id);
  const failingRows = [...failing].flatMap((id) => endpoints.get(id) ?? []);
  const statements: BatchStatements = [
    ...claims.map((c, i) => finishStmt(scope, c, results[i]!, d.now)),
    ...(healthy.size ? [endpointHealthyStmt(scope, [...healthy])] : []),
    ...(failing.size ? [endpointFailingStmt(scope, [...failing], d.now)] : []),
  ];
  const disableAt = statements.length;
  if (failing.size) statements.push(disableFailingStmt(scope, [...failing], d.now - DISABLE_AFTER, d.now), ...disabledEventStmts(scope, failingRows, d.now));
  const written = await scope.batch(statements);
  if (failing.size) {
    // the disable's answer: the endpoints this batch turned off (not those a concurrent consumer did)
    const off = new Set((written[disableAt] as { id: number }[]).map((r) => r.id));
    await mailDisabled(
      d.mailer,
      scope,
      failingRows.filter((e) => off.has(e.id)),
    );
  }

  // Retries, grouped by their wait. A send that fails is not fatal: the sweep finds
  // pending deliveries whose time has passed.
  const byDelay = new Map<number, number[]>();
  claims.forEach((c, i) => {
    const r = results[i]!;
    if (r.status !== "pending") return;
    const delay = Math.min(Math.max(r.nextAttemptAt! - d.now, 0), MAX_QUEUE_DELAY);
    byDelay.set(delay, [...(byDelay.get(delay) ?? []), c.id]);
  });
  for (const [delaySeconds, deliveries] of byDelay) {
    await d.queue
      .send({ kind: "attempt", tenant: scope.tenantId, deliveries }, { delaySeconds })
      .catch((err: Error) => console.error(`webhook retry enqueue: ${err.name}`));
  }
}
