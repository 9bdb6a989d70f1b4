import { backgroundDb } from "./db/background";
import { describeCounts } from "./lib/log-counts";
import { nowSeconds } from "./lib/time";
import { PURGE_CRON, RENEWAL_CRON, RENEWALS_QUEUE } from "./schedule";
import { purgeExpired } from "./services/maintenance/purge";
import { sweepSignups } from "./services/signup/sweep";
import { type RenewalMessage, runTenant, scheduledRenewals } from "./services/subscriptions/run";
import { handleWebhookBatch, type WebhookMessage } from "./services/webhooks/consumer";
import { purgeWebhookLog } from "./services/webhooks/retention";
import { sweepWebhooks } from "./services/webhooks/sweep";
import { webhookDeps } from "./webhooks-runtime";

/**
 * The worker's cron and queue handlers (src/index.ts loads this module on the first
 * event of either kind, so a page's isolate never evaluates the renewal run, the
 * webhook consumer or the purges: issue 18, light cold start).
 */
export const background = {
  /**
   * Hourly: drop short-lived security state that can no longer affect a decision,
   * and the webhook log past its retention (services/webhooks/retention.ts); finish
   * sign-ups whose worker died mid-charge (services/signup/sweep.ts).
   * Every 15 minutes: queue one renewal/AutoPay message per tenant with work.
   * Every run (the sweep's own cron is every five minutes): re-enqueue webhook
   * deliveries the producer or a retry message missed. Logs counts only (S44).
   */
  scheduled(controller, env, ctx) {
    const now = nowSeconds();
    if (controller.cron === PURGE_CRON) {
      ctx.waitUntil(purgeExpired(backgroundDb(env), now).then((counts) => console.log(`purge ${describeCounts(counts)}`)));
      ctx.waitUntil(purgeWebhookLog(backgroundDb(env), now).then((counts) => console.log(`webhook log purge ${describeCounts(counts)}`)));
      ctx.waitUntil(sweepSignups(env, now).then((counts) => console.log(`signup sweep ${describeCounts(counts)}`)));
    }
    if (controller.cron === RENEWAL_CRON) {
      ctx.waitUntil(scheduledRenewals(env, now).then((counts) => console.log(`renewals queued ${describeCounts(counts)}`)));
    }
    ctx.waitUntil(
      sweepWebhooks(backgroundDb(env), webhookDeps(env, ctx, now).queue, now).then((counts) => console.log(`webhook sweep ${describeCounts(counts)}`)),
    );
  },
  /**
   * Renewals: one message per tenant, its run; a failure retries the message
   * (at-least-once; every step is idempotent). Webhooks: the batch's views written
   * together, then each piece of work on its own (docs/webhooks.md); what throws is
   * retried, the rest acknowledged.
   */
  async queue(batch, env, ctx) {
    if (batch.queue === RENEWALS_QUEUE) {
      for (const message of batch.messages) {
        try {
          const counts = await runTenant(env, (message.body as RenewalMessage).tenantId, nowSeconds());
          console.log(`renewal run ${describeCounts(counts)}`);
          message.ack();
        } catch (err) {
          console.error(`renewal run failed: ${err instanceof Error ? err.name : "unknown"}`);
          message.retry({ delaySeconds: 60 });
        }
      }
      return;
    }
    const messages = batch.messages;
    await handleWebhookBatch(
      webhookDeps(env, ctx, nowSeconds()),
      messages.map((m) => m.body as WebhookMessage),
      (indexes, outcome) => {
        for (const i of indexes) outcome === "ack" ? messages[i]!.ack() : messages[i]!.retry({ delaySeconds: 30 });
      },
    );
  },
} satisfies Pick<ExportedHandler<Env, RenewalMessage | WebhookMessage>, "scheduled" | "queue">;
