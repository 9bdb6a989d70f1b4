import { createMiddleware } from "hono/factory";
import type { ApiEnv } from "../../context";
import { findTestClock } from "../../db/queries/test-clocks";

/**
 * Outside production, a tenant with a test clock lives at its frozen time: every
 * API request of that tenant takes `now` from the clock, so invoices, due dates
 * and subscription periods made through the API agree with the rehearsed run.
 */
export const testClockTime = createMiddleware<ApiEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== "production") {
    const clock = await findTestClock(c.get("scope"));
    if (clock) c.set("now", clock.frozenTime);
  }
  await next();
});
