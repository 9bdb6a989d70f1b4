import { createMiddleware } from "hono/factory";
import type { PortalEnv } from "../../context";
import { LaterWrites } from "../../db/later";

/**
 * Sends the writes a request left for after its response (src/db/later.ts: the
 * session touch, a document's view) as ONE batch in `waitUntil`, on the request's D1
 * session but not on its counted client: they are not the page's round trip. Sits
 * inside webhookProducer, which announces a recorded view only once this batch is
 * done (`laterDone`).
 */
export const afterResponseWrites = createMiddleware<PortalEnv>(async (c, next) => {
  const later = new LaterWrites();
  c.set("later", later);
  await next();
  if (!later.size) return;
  const work = later.run(c.get("sessionD1")).catch((err: Error) => console.error(`after-response writes ${c.get("requestId")}: ${err.name}`));
  c.set("laterDone", work);
  // for the budget tests and the benchmark (round trips after the response), never in production
  if (c.env.ENVIRONMENT !== "production") c.res.headers.set("X-D1-Background-Round-Trips", "1");
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no execution context (an in-process call): the promise runs on its own
  }
});
