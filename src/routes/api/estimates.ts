import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { ApiError, conflict, notFound } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import { estimateListSpec } from "../../services/api/document-lists";
import { emptySchema, estimateCreateSchema, estimateUpdateSchema } from "../../services/api/document-schemas";
import { createEstimate, deleteEstimate, sendEstimate, updateEstimate, voidEstimate } from "../../services/api/estimate-writes";
import { readEstimate, readEstimates } from "../../services/api/estimates";
import type { WriteCtx } from "../../services/api/invoice-writes";
import { readInvoice } from "../../services/api/invoices";
import { convertEstimateToInvoice } from "../../services/estimates/convert";

/**
 * Merchant API: estimates. Once the customer has answered, the content is frozen
 * (409; see src/services/api/estimate-writes.ts); `POST /estimates/{id}/invoice`
 * converts through the same service as the portal's automatic conversion.
 */
export const estimatesRoutes = new Hono<ApiEnv>();

const idOf = (c: Context<ApiEnv>) => {
  const id = c.req.param("id") ?? "";
  if (!/^\d{1,15}$/.test(id)) throw notFound("estimate");
  return Number(id);
};

const writeCtx = (c: Context<ApiEnv>): WriteCtx => ({ now: c.var.now, who: requestActor(c, "api"), tenant: c.var.tenant, env: c.env });
const readCtx = (c: Context<ApiEnv>) => ({ env: c.env, username: c.var.tenant.username, now: c.var.now });

async function respond(c: Context<ApiEnv>, id: number, status: 200 | 201 = 200) {
  const body = await readEstimate(c.var.scope, id, readCtx(c));
  if (!body) throw notFound("estimate");
  return c.json(body, status);
}

estimatesRoutes.get("/estimates", async (c) => {
  const q = parseList(c, estimateListSpec(c.var.now));
  const { total, data } = await readEstimates(c.var.scope, q, readCtx(c));
  setListHeaders(c, q, total);
  return c.json(data);
});

estimatesRoutes.post("/estimates", idempotent, async (c) => {
  const body = validate(estimateCreateSchema(), await readJson(c));
  return respond(c, await createEstimate(c.var.scope, body, writeCtx(c)), 201);
});

estimatesRoutes.get("/estimates/:id", (c) => respond(c, idOf(c)));

estimatesRoutes.patch("/estimates/:id", async (c) => {
  const id = idOf(c);
  await updateEstimate(c.var.scope, id, validate(estimateUpdateSchema(), await readJson(c)), writeCtx(c));
  return respond(c, id);
});

estimatesRoutes.delete("/estimates/:id", async (c) => {
  await deleteEstimate(c.var.scope, idOf(c), writeCtx(c));
  return c.body(null, 204);
});

estimatesRoutes.post("/estimates/:id/send", idempotent, async (c) => {
  const id = idOf(c);
  validate(emptySchema(), await readJson(c));
  await sendEstimate(c.var.scope, id, writeCtx(c));
  return respond(c, id);
});

estimatesRoutes.post("/estimates/:id/void", idempotent, async (c) => {
  const id = idOf(c);
  validate(emptySchema(), await readJson(c));
  await voidEstimate(c.var.scope, id, writeCtx(c));
  return respond(c, id);
});

/** Converts it; answers with the new invoice (201), as Invoiced does. */
estimatesRoutes.post("/estimates/:id/invoice", idempotent, async (c) => {
  const id = idOf(c);
  validate(emptySchema(), await readJson(c));
  const ctx = writeCtx(c);
  const r = await convertEstimateToInvoice(c.var.scope, id, { now: ctx.now, who: ctx.who, origin: portalOrigin(c.env, c.var.tenant.username) });
  if (!r.ok) throw r.code === "not_found" ? notFound("estimate") : conflict(r.message);
  const invoice = await readInvoice(c.var.scope, r.invoiceId, readCtx(c));
  if (!invoice) throw new ApiError(500, "api_error", "The invoice was created but could not be read back");
  return c.json(invoice, 201);
});
