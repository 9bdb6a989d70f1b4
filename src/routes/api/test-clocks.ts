import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { deleteTestClockStmt } from "../../db/queries/test-clocks";
import { readJson } from "../../lib/api/body";
import { validate } from "../../lib/api/validate";
import { nowSeconds } from "../../lib/time";
import * as z from "../../lib/zod";
import { unixTime } from "../../services/api/wire";
import { advanceClock, assertClocksAllowed, clockToWire, getClock, setClock } from "../../services/subscriptions/test-clock";

/** `/test_clocks` (ours, outside production): freeze the tenant's time, then advance it through renewals and dunning. */
export const testClocksRoutes = new Hono<ApiEnv>();

const createSchema = z.strictObject({ frozen_time: unixTime().optional() });
const advanceSchema = z.strictObject({ frozen_time: unixTime() });

testClocksRoutes.use("/test_clocks", async (c, next) => {
  assertClocksAllowed(c.env, c.var.tenant);
  await next();
});
testClocksRoutes.use("/test_clocks/*", async (c, next) => {
  assertClocksAllowed(c.env, c.var.tenant);
  await next();
});

testClocksRoutes.post("/test_clocks", async (c) => {
  const body = validate(createSchema, await readJson(c));
  // a new clock starts now (real time), or where the merchant puts it
  return c.json(clockToWire(await setClock(c.var.scope, body.frozen_time ?? nowSeconds(), nowSeconds())), 201);
});

testClocksRoutes.get("/test_clocks", async (c) => c.json(clockToWire(await getClock(c.var.scope))));

testClocksRoutes.post("/test_clocks/advance", async (c) => {
  const body = validate(advanceSchema, await readJson(c));
  const { clock, counts } = await advanceClock(c.env, c.var.scope, body.frozen_time, nowSeconds());
  return c.json({ ...clockToWire(clock), run: counts });
});

testClocksRoutes.delete("/test_clocks", async (c) => {
  await getClock(c.var.scope);
  await deleteTestClockStmt(c.var.scope).run();
  return c.body(null, 204);
});
