import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { BaseEnv } from "../../context";
import { createDb } from "../../db/client";
import { nowSeconds } from "../../lib/time";

/**
 * Where a request's database comes from: the binding itself (the API), or a D1 session
 * opened for the request (the portal: replica-session.ts), with what to do once the
 * answer exists.
 */
export type RequestDatabase<E extends BaseEnv> = (c: Context<E>) => { d1: D1Database; after?: () => void };

const binding = (c: Context<BaseEnv>) => ({ d1: c.env.DB });

/**
 * Request id (shown on error pages, S30; never taken from the client), one clock,
 * and the D1 client that counts round trips, built once on the request's database
 * (issue 18: a drizzle client per request is a measurable share of a page's CPU).
 */
export const requestContextOn = <E extends BaseEnv>(database: RequestDatabase<E>) =>
  createMiddleware<E>(async (c, next) => {
    const id = crypto.randomUUID();
    const queries = { count: 0 };
    c.set("requestId", id);
    c.set("queries", queries);
    c.set("now", nowSeconds());
    const { d1, after } = database(c);
    c.set("db", createDb(d1, queries));
    await next();
    after?.();
    c.res.headers.set("X-Request-Id", id);
    // Round trips per request, for the budget tests and the benchmark; never in production.
    if (c.env.ENVIRONMENT !== "production") c.res.headers.set("X-D1-Round-Trips", String(queries.count));
  });

/** The API's: statements go to the binding itself. */
export const requestContext = requestContextOn<BaseEnv>(binding);
