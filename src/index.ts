import { app } from "./app";
import { backgroundDb } from "./db/background";
import { nowSeconds } from "./lib/time";
import { describeCounts } from "./lib/log-counts";
import { purgeExpired } from "./services/maintenance/purge";
import { type RenewalMessage, runTenant, scheduledRenewals } from "./services/subscriptions/run";

/** The renewal and AutoPay cron of wrangler.toml; the other cron is the hourly purge. */
export const RENEWAL_CRON = "*/15 * * * *";

export default {
  fetch: app.fetch,
  /**
   * Two crons, told apart by `controller.cron`. Hourly: drop short-lived security
   * state that can no longer affect a decision. Every 15 minutes: find the tenants
   * with due renewals or AutoPay invoices and queue one message each. Logs counts
   * only, never a row (S44).
   */
  scheduled(controller, env, ctx) {
    if (controller.cron === RENEWAL_CRON) {
      ctx.waitUntil(scheduledRenewals(env, nowSeconds()).then((counts) => console.log(`renewals queued ${describeCounts(counts)}`)));
      return;
    }
    ctx.waitUntil(
      purgeExpired(backgroundDb(env), nowSeconds()).then((counts) => console.log(`purge ${describeCounts(counts)}`)),
    );
  },
  /** One message per tenant: its run. A failure retries the message (at-least-once; every step is idempotent). */
  async queue(batch, env, _ctx) {
    for (const message of batch.messages) {
      try {
        const counts = await runTenant(env, message.body.tenantId, nowSeconds());
        console.log(`renewal run ${describeCounts(counts)}`);
        message.ack();
      } catch (err) {
        console.error(`renewal run failed: ${err instanceof Error ? err.name : "unknown"}`);
        message.retry({ delaySeconds: 60 });
      }
    }
  },
} satisfies ExportedHandler<Env, RenewalMessage>;
