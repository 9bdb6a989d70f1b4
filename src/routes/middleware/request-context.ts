import { createMiddleware } from "hono/factory";
import type { BaseEnv } from "../../context";
import { createDb } from "../../db/client";
import { nowSeconds } from "../../lib/time";

/**
 * Request id (shown on error pages, S30; never taken from the client), one clock,
 * and the D1 client that counts round trips.
 */
export const requestContext = createMiddleware<BaseEnv>(async (c, next) => {
  const id = crypto.randomUUID();
  const queries = { count: 0 };
  c.set("requestId", id);
  c.set("queries", queries);
  c.set("now", nowSeconds());
  c.set("db", createDb(c.env.DB, queries));
  await next();
  c.res.headers.set("X-Request-Id", id);
  // Round trips per request, for the budget tests and the benchmark; never in production.
  if (c.env.ENVIRONMENT !== "production") c.res.headers.set("X-D1-Round-Trips", String(queries.count));
});
