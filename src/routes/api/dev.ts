import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { ApiEnv } from "../../context";
import { devOutbox } from "../../db/schema";
import { ApiError } from "../../lib/api-error";
import { OutboxPage } from "../../views/pages/dev/outbox";

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

devRoutes.use("/_dev/*", onlyIn("development", "test"));

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
    rows.map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, html: m.html, created_at: m.createdAt })),
  );
});

devRoutes.get("/_dev/outbox.html", async (c) => {
  const { to, rows } = await readOutbox(c);
  return c.html(OutboxPage({ messages: rows, to }));
});
