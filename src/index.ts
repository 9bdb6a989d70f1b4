import { app } from "./app";
import { backgroundDb } from "./db/background";
import { nowSeconds } from "./lib/time";
import { describeCounts, purgeExpired } from "./services/maintenance/purge";
import { handleWebhookMessage, type WebhookMessage } from "./services/webhooks/consumer";
import { sweepWebhooks } from "./services/webhooks/sweep";
import { webhookDeps } from "./webhooks-runtime";

export const PURGE_CRON = "17 * * * *";

export default {
  fetch: app.fetch,
  /**
   * The crons of wrangler.toml. Hourly: drops short-lived security state that can
   * no longer affect a decision. Every run: the webhook sweep re-enqueues what the
   * producer or a retry message missed. Logs counts only, never a row (S44).
   */
  scheduled(controller, env, ctx) {
    const now = nowSeconds();
    if (controller.cron === PURGE_CRON) {
      ctx.waitUntil(purgeExpired(backgroundDb(env), now).then((counts) => console.log(`purge ${describeCounts(counts)}`)));
    }
    ctx.waitUntil(
      sweepWebhooks(backgroundDb(env), webhookDeps(env, ctx, now).queue, now).then((counts) => console.log(`webhook sweep ${describeCounts(counts)}`)),
    );
  },
  /**
   * The webhook queue's consumer (docs/webhooks.md). Each message is handled on its
   * own; one that throws is retried by the queue, the others are acknowledged.
   */
  async queue(batch, env, ctx) {
    const deps = webhookDeps(env, ctx, nowSeconds());
    await Promise.all(
      batch.messages.map(async (m) => {
        try {
          await handleWebhookMessage(deps, m.body);
          m.ack();
        } catch (err) {
          console.error(`webhook message failed: ${err instanceof Error ? err.name : "error"}`);
          m.retry({ delaySeconds: 30 });
        }
      }),
    );
  },
} satisfies ExportedHandler<Env, WebhookMessage>;
