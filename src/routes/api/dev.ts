import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { ApiEnv } from "../../context";
import { devOutbox } from "../../db/schema";
import { ApiError } from "../../lib/api-error";
import { apiOrigin, portalOrigin } from "../../lib/origins";
import { SeedApiError } from "../../services/demo/api-client";
import { DEMO_API_KEY, DEMO_CUSTOMER_EMAIL, DEMO_SSO_KEY, DEMO_USERNAME } from "../../services/demo/keys";
import { seedDemo } from "../../services/demo/seed";
import { OutboxPage } from "../../views/pages/dev/outbox";
import { platformAuth } from "../middleware/platform-auth";
import { devWebhooksRoutes } from "./dev-webhooks";

/**
 * Development-only helpers on the api host: the mail outbox (JSON and a page)
 * and the demo seed. Outside development (and tests, for the outbox) they do not
 * exist: the answer is the API's ordinary "Unknown endpoint" 404.
 */
export const devRoutes = new Hono<ApiEnv>();

const onlyIn = (...envs: string[]) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    if (!envs.includes(c.env.ENVIRONMENT)) throw new ApiError(404, "invalid_request_error", "Unknown endpoint");
    await next();
  });

// The seed only in development: tests seed through the service, with their own D1.
devRoutes.use("/_dev/seed", onlyIn("development"));
devRoutes.use("/_dev/*", onlyIn("development", "test"));
devRoutes.route("/", devWebhooksRoutes);

async function readOutbox(c: { var: ApiEnv["Variables"]; req: { query(k: string): string | undefined } }) {
  const to = c.req.query("to")?.trim().toLowerCase() || null;
  const limit = Math.min(Math.max(Number.parseInt(c.req.query("limit") ?? "", 10) || 50, 1), 200);
  const rows = await c.var.db
    .select()
    .from(devOutbox)
    .where(to ? and(eq(devOutbox.to, to)) : undefined)
    .orderBy(desc(devOutbox.id))
    .limit(limit)
    .all();
  return { to, rows };
}

devRoutes.get("/_dev/outbox", async (c) => {
  const { to, rows } = await readOutbox(c);
  if (c.req.query("format") === "html") return c.html(OutboxPage({ messages: rows, to }));
  return c.json(
    rows.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      attachments: m.attachments.map((a) => ({ filename: a.filename, content_type: a.contentType, size: Math.floor((a.content.length * 3) / 4) })),
      created_at: m.createdAt,
    })),
  );
});

/** One attachment of an outbox message, as the recipient would download it. */
devRoutes.get("/_dev/outbox/:id/attachments/:n", async (c) => {
  const id = Number(c.req.param("id"));
  const n = Number(c.req.param("n"));
  const row = Number.isSafeInteger(id) ? await c.var.db.select().from(devOutbox).where(eq(devOutbox.id, id)).get() : undefined;
  const file = row && Number.isInteger(n) ? row.attachments[n] : undefined;
  if (!file) throw new ApiError(404, "invalid_request_error", "No such attachment");
  const bytes = Uint8Array.from(atob(file.content), (ch) => ch.charCodeAt(0));
  return c.body(bytes, 200, { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.filename.replace(/[^\w.-]/g, "_")}"` });
});

devRoutes.get("/_dev/outbox.html", async (c) => {
  const { to, rows } = await readOutbox(c);
  return c.html(OutboxPage({ messages: rows, to }));
});

/**
 * Seeds the demo tenant (idempotent), for `npm run dev`. The data goes through the
 * merchant API in-process with the demo key, so it meets the API's validation and
 * totals. The API app is imported lazily: it mounts this file.
 * The demo's keys are public development values (README); handing them back lets
 * `npm run dev` print them without a copy of keys.ts. A seed the API refuses is
 * reported as such (500 with the API's answer): this route exists only in development.
 */
devRoutes.post("/_dev/seed", platformAuth, async (c) => {
  const { apiApp } = await import("./index");
  const demo = {
    portal_url: portalOrigin(c.env, DEMO_USERNAME),
    api_url: apiOrigin(c.env),
    api_key: DEMO_API_KEY,
    sso_key: DEMO_SSO_KEY,
    customer_email: DEMO_CUSTOMER_EMAIL,
  };
  try {
    const result = await seedDemo({
      db: c.var.db,
      api: (req) => Promise.resolve(apiApp.fetch(req, c.env, c.executionCtx)),
      encryptionKey: c.env.ENCRYPTION_KEY,
      now: c.var.now,
    });
    return c.json({ created: result.created, tenant_id: result.tenantId, ...demo }, result.created ? 201 : 200);
  } catch (err) {
    if (!(err instanceof SeedApiError)) throw err;
    return c.json({ created: false, error: err.message, ...demo }, 500);
  }
});
