import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { setListHeaders } from "../../lib/api/pagination";
import { notFound } from "../../lib/api-error";
import { requestActor } from "../../lib/request-meta";
import { intId } from "../../services/api/wire";
import {
  createPendingItem,
  deletePendingItem,
  getPendingItem,
  listPendingItems,
  type PendingCtx,
  updatePendingItem,
} from "../../services/subscriptions/pending-items";

/** `/customers/{id}/line_items`: a customer's pending line items (swept into the next subscription invoice). */
export const customerLineItemsRoutes = new Hono<ApiEnv>();

const ctxOf = (c: Context<ApiEnv>): PendingCtx => ({ scope: c.var.scope, tenant: c.var.tenant, now: c.var.now, who: requestActor(c, "api") });
const ids = (c: Context<ApiEnv>, withItem: boolean) => {
  const customer = intId(c.req.param("id"));
  if (customer === null) throw notFound("customer");
  const item = withItem ? intId(c.req.param("item")) : 0;
  if (item === null) throw notFound("line item");
  return { customer, item };
};

customerLineItemsRoutes.get("/customers/:id/line_items", async (c) => {
  const items = await listPendingItems(ctxOf(c), ids(c, false).customer);
  // at most 100 wait on a customer: one page
  setListHeaders(c, { page: 1, perPage: 100 }, items.length);
  return c.json(items);
});

customerLineItemsRoutes.post("/customers/:id/line_items", idempotent, async (c) => {
  return c.json(await createPendingItem(ctxOf(c), ids(c, false).customer, await readJson(c)), 201);
});

customerLineItemsRoutes.get("/customers/:id/line_items/:item", async (c) => {
  const { customer, item } = ids(c, true);
  return c.json(await getPendingItem(ctxOf(c), customer, item));
});

customerLineItemsRoutes.patch("/customers/:id/line_items/:item", async (c) => {
  const { customer, item } = ids(c, true);
  return c.json(await updatePendingItem(ctxOf(c), customer, item, await readJson(c)));
});

customerLineItemsRoutes.delete("/customers/:id/line_items/:item", async (c) => {
  const { customer, item } = ids(c, true);
  await deletePendingItem(ctxOf(c), customer, item);
  return c.body(null, 204);
});
