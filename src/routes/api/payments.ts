import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { listPaymentsPage } from "../../db/queries/payments";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import { paymentListSpec } from "../../services/api/list-specs";
import { getPayment, paymentsToWire, recordPayment, updatePayment, voidPayment } from "../../services/api/payments";
import { intId } from "../../services/api/wire";

/** Payments: record an offline payment and apply it, list, retrieve, annotate, void (DELETE). */
export const paymentsRoutes = new Hono<ApiEnv>();

const wire = async (c: { var: ApiEnv["Variables"]; env: ApiEnv["Bindings"] }, rows: Parameters<typeof paymentsToWire>[1]) =>
  paymentsToWire(c.var.scope, rows, portalOrigin(c.env, c.var.tenant.username));

paymentsRoutes.get("/payments", async (c) => {
  const q = parseList(c, paymentListSpec);
  const { rows, total } = await listPaymentsPage(c.var.scope, q.where, q.order, q.perPage, q.offset);
  setListHeaders(c, q, total);
  return c.json(await wire(c, rows));
});

paymentsRoutes.post("/payments", idempotent, async (c) => {
  const row = await recordPayment(c.var.scope, c.var.tenant, await readJson(c), c.var.now, requestActor(c, "api"), portalOrigin(c.env, c.var.tenant.username));
  return c.json((await wire(c, [row]))[0], 201);
});

paymentsRoutes.get("/payments/:id", async (c) => {
  const row = await getPayment(c.var.scope, intId(c.req.param("id")));
  return c.json((await wire(c, [row]))[0]);
});

paymentsRoutes.patch("/payments/:id", async (c) => {
  const row = await updatePayment(
    c.var.scope,
    intId(c.req.param("id")),
    await readJson(c),
    c.var.now,
    requestActor(c, "api"),
    portalOrigin(c.env, c.var.tenant.username),
  );
  return c.json((await wire(c, [row]))[0]);
});

/** Invoiced voids a payment with DELETE and answers with the voided payment. */
paymentsRoutes.delete("/payments/:id", async (c) => {
  const row = await voidPayment(c.var.scope, intId(c.req.param("id")), c.var.now, requestActor(c, "api"), portalOrigin(c.env, c.var.tenant.username));
  return c.json((await wire(c, [row]))[0]);
});
