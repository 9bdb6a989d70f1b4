import { app } from "./app";
import { backgroundDb } from "./db/background";
import { isDevReceiver, webhookUrlPolicy } from "./lib/webhook-url";
import { createMailer } from "./services/email";
import type { ConsumerDeps, WebhookQueue } from "./services/webhooks/consumer";
import { TIMEOUT_MS } from "./services/webhooks/schedule";

/**
 * What the webhook consumer and sweep get from the worker: D1, the queue, the
 * encryption key, the URL policy, how to send, and the mailer (an endpoint disabled). Outside production a delivery to
 * the portal's own `/_dev/webhooks` is handed to the app in-process (no network),
 * so the development receiver works under `wrangler dev` and in tests alike.
 */
export function webhookDeps(env: Env, ctx: ExecutionContext, now: number): ConsumerDeps {
  const policy = webhookUrlPolicy(env);
  return {
    db: backgroundDb(env),
    bindings: env,
    queue: env.WEBHOOKS as unknown as WebhookQueue,
    encryptionKey: env.ENCRYPTION_KEY,
    policy,
    now,
    timeoutMs: TIMEOUT_MS,
    mailer: createMailer(env, backgroundDb(env)),
    send: (req) =>
      !policy.production && policy.devReceiver && isDevReceiver(new URL(req.url), policy.devReceiver) ? Promise.resolve(app.fetch(req, env, ctx)) : fetch(req),
  };
}
