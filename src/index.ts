import { app } from "./app";
import type { RenewalMessage } from "./services/subscriptions/run";
import type { WebhookMessage } from "./services/webhooks/consumer";

/**
 * Pages and the API on `fetch`; the cron and queue handlers live in src/background.ts
 * and are loaded on their first event (once per isolate), so that an isolate started
 * for a page does not evaluate them (issue 18).
 */
const background = () => import("./background").then((m) => m.background);

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    // The handler's own work is `waitUntil`ed once the module is loaded; the load is both
    // `waitUntil`ed and returned, so a caller that waits on either sees that work registered.
    const run = background().then((b) => b.scheduled(controller, env, ctx));
    ctx.waitUntil(run);
    return run;
  },
  async queue(batch, env, ctx) {
    await (await background()).queue(batch, env, ctx);
  },
} satisfies ExportedHandler<Env, RenewalMessage | WebhookMessage>;
