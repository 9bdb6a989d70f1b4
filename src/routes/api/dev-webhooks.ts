import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { listDevWebhooks, storeDevWebhook } from "../../db/queries/dev-webhooks";
import { ApiError } from "../../lib/api-error";
import { devReceiverUrl } from "../../lib/webhook-url";
import { DevWebhooksPage } from "../../views/pages/dev/webhooks";

/**
 * The development webhook receiver, like the mail outbox: a webhook pointed at
 * `<api origin>/_dev/webhooks` delivers here (in-process, see webhooks-runtime.ts)
 * and the deliveries are listed as JSON and on a page. Only in development and
 * tests (dev.ts guards `/_dev/*`).
 */
export const devWebhooksRoutes = new Hono<ApiEnv>();

const MAX_BODY = 64 * 1024;

devWebhooksRoutes.post("/_dev/webhooks", async (c) => {
  const body = await c.req.text();
  if (body.length > MAX_BODY) throw new ApiError(413, "invalid_request_error", "Request body is too large");
  await storeDevWebhook(c.var.db, {
    webhookId: c.req.header("webhook-id") ?? null,
    timestamp: c.req.header("webhook-timestamp") ?? null,
    signature: c.req.header("webhook-signature") ?? null,
    body,
    createdAt: c.var.now,
  });
  return c.json({ received: true });
});

const limitOf = (raw: string | undefined) => Math.min(Math.max(Number.parseInt(raw ?? "", 10) || 50, 1), 200);

devWebhooksRoutes.get("/_dev/webhooks", async (c) => {
  const rows = await listDevWebhooks(c.var.db, limitOf(c.req.query("limit")));
  return c.json(
    rows.map((w) => ({
      id: w.id,
      webhook_id: w.webhookId,
      webhook_timestamp: w.timestamp,
      webhook_signature: w.signature,
      body: w.body,
      received_at: w.createdAt,
    })),
  );
});

devWebhooksRoutes.get("/_dev/webhooks.html", async (c) => {
  const rows = await listDevWebhooks(c.var.db, limitOf(c.req.query("limit")));
  return c.html(DevWebhooksPage({ received: rows, url: devReceiverUrl(c.env) }));
});
