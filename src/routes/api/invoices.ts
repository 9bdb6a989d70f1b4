import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { notFound } from "../../lib/api-error";
import { requestActor } from "../../lib/request-meta";
import { invoiceListSpec } from "../../services/api/document-lists";
import { emptySchema, invoiceCreateSchema, invoiceUpdateSchema } from "../../services/api/document-schemas";
import { deleteInvoice, sendInvoice, voidInvoice } from "../../services/api/invoice-transitions";
import { createInvoice, updateInvoice, type WriteCtx } from "../../services/api/invoice-writes";
import { readInvoice, readInvoices } from "../../services/api/invoices";

/**
 * Merchant API: invoices (Invoiced's shapes). Every POST takes an Idempotency-Key;
 * the rules for draft, send, void and changes with payments are in
 * src/services/api/invoice-writes.ts.
 */
export const invoicesRoutes = new Hono<ApiEnv>();

const idOf = (c: Context<ApiEnv>) => {
  const id = c.req.param("id") ?? "";
  if (!/^\d{1,15}$/.test(id)) throw notFound("invoice");
  return Number(id);
};

const writeCtx = (c: Context<ApiEnv>): WriteCtx => ({ now: c.var.now, who: requestActor(c, "api"), tenant: c.var.tenant, env: c.env });
const readCtx = (c: Context<ApiEnv>) => ({ env: c.env, username: c.var.tenant.username, now: c.var.now });

async function respond(c: Context<ApiEnv>, id: number, status: 200 | 201 = 200) {
  const body = await readInvoice(c.var.scope, id, readCtx(c));
  if (!body) throw notFound("invoice");
  return c.json(body, status);
}

invoicesRoutes.get("/invoices", async (c) => {
  const q = parseList(c, invoiceListSpec(c.var.now));
  const { total, data } = await readInvoices(c.var.scope, q, readCtx(c));
  setListHeaders(c, q, total);
  return c.json(data);
});

invoicesRoutes.post("/invoices", idempotent, async (c) => {
  const body = validate(invoiceCreateSchema(), await readJson(c));
  return respond(c, await createInvoice(c.var.scope, body, writeCtx(c)), 201);
});

invoicesRoutes.get("/invoices/:id", (c) => respond(c, idOf(c)));

invoicesRoutes.patch("/invoices/:id", async (c) => {
  const id = idOf(c);
  await updateInvoice(c.var.scope, id, validate(invoiceUpdateSchema(), await readJson(c)), writeCtx(c));
  return respond(c, id);
});

invoicesRoutes.delete("/invoices/:id", async (c) => {
  await deleteInvoice(c.var.scope, idOf(c), writeCtx(c));
  return c.body(null, 204);
});

invoicesRoutes.post("/invoices/:id/send", idempotent, async (c) => {
  const id = idOf(c);
  validate(emptySchema(), await readJson(c));
  await sendInvoice(c.var.scope, id, writeCtx(c));
  return respond(c, id);
});

invoicesRoutes.post("/invoices/:id/void", idempotent, async (c) => {
  const id = idOf(c);
  validate(emptySchema(), await readJson(c));
  await voidInvoice(c.var.scope, id, writeCtx(c));
  return respond(c, id);
});
