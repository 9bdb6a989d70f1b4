import { app } from "./app";
import { backgroundDb } from "./db/background";
import { nowSeconds } from "./lib/time";
import { purgeExpired } from "./services/maintenance/purge";

export default {
  fetch: app.fetch,
  /**
   * The cron of wrangler.toml (hourly): drops short-lived security state that can
   * no longer affect a decision. Logs counts only, never a row (S44).
   */
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      purgeExpired(backgroundDb(env), nowSeconds()).then((counts) => console.log("purge", JSON.stringify(counts))),
    );
  },
} satisfies ExportedHandler<Env>;
