import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { findCustomer } from "../../db/queries/customers";
import { findCustomerPaymentSource, PAYMENT_SOURCE_SORT, pagePaymentSources } from "../../db/queries/payment-sources";
import type { Customer } from "../../db/queries/types";
import { customerScope } from "../../db/scope";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { requestActor } from "../../lib/request-meta";
import * as z from "../../lib/zod";
import { getGateway } from "../../services/gateways";
import { addTypedSource } from "../../services/payment-methods/add-source";
import { apiPaymentSource } from "../../services/payment-methods/api-shape";
import type { MethodCtx } from "../../services/payment-methods/context";
import { removeSource } from "../../services/payment-methods/remove-source";
import { TEST_BANK_TOKENS, TEST_CARD_TOKENS, testTokenInput } from "../../services/payment-methods/test-tokens";

/**
 * `/customers/{id}/payment_sources`: a customer's saved cards and bank accounts,
 * shaped like Invoiced's. Another tenant's customer or source is a 404 (S31).
 *
 * POST takes `{method: "credit_card" | "ach", invoiced_token, make_default?}`. On
 * the offline test gateway the token is one of the named test tokens (`tok_visa`,
 * `btok_us_verified`, ...); raw card or account numbers are never accepted, not
 * even in test mode (S41). A Stripe tenant's customers add methods themselves in
 * the portal (Stripe Checkout), so POST answers 400 there.
 */
export const paymentSourcesRoutes = new Hono<ApiEnv>();

type C = Context<ApiEnv>;

const intId = (raw: string | undefined, what: string): number => {
  if (!raw || !/^\d{1,12}$/.test(raw)) throw notFound(what);
  return Number(raw);
};

async function customerOf(c: C): Promise<Customer> {
  const customer = await findCustomer(c.var.scope, intId(c.req.param("id"), "customer"));
  if (!customer) throw notFound("customer");
  return customer;
}

function ctx(c: C, customer: Customer): MethodCtx {
  return { scope: c.var.scope, my: customerScope(c.var.scope, customer.id), who: requestActor(c, "api"), now: c.var.now };
}

async function sourceOf(c: C, customer: Customer) {
  const source = await findCustomerPaymentSource(c.var.scope, customer.id, intId(c.req.param("source_id"), "payment source"));
  if (!source) throw notFound("payment source");
  return source;
}

const createSchema = z.strictObject({
  method: z.enum(["credit_card", "ach"]),
  invoiced_token: z.string().min(1).max(200),
  make_default: z.boolean().optional(),
});

paymentSourcesRoutes.get("/customers/:id/payment_sources", async (c) => {
  const customer = await customerOf(c);
  const q = parseList(c, { sort: PAYMENT_SOURCE_SORT });
  const { rows, total } = await pagePaymentSources(c.var.scope, customer.id, { limit: q.perPage, offset: q.offset, order: q.order });
  setListHeaders(c, q, total);
  return c.json(rows.map(apiPaymentSource));
});

paymentSourcesRoutes.get("/customers/:id/payment_sources/:source_id", async (c) => {
  const customer = await customerOf(c);
  return c.json(apiPaymentSource(await sourceOf(c, customer)));
});

paymentSourcesRoutes.post("/customers/:id/payment_sources", idempotent, async (c) => {
  const customer = await customerOf(c);
  const body = validate(createSchema, await readJson(c));
  const gw = await getGateway(c.var.tenant, c.env, { now: () => c.var.now });
  if (gw.flow !== "direct") {
    throw invalidRequest("This account uses Stripe: customers add payment sources themselves in the billing portal", "method");
  }
  const input = testTokenInput(body.method, body.invoiced_token, c.var.now);
  if (!input) {
    const known = (body.method === "credit_card" ? TEST_CARD_TOKENS : TEST_BANK_TOKENS).join(", ");
    throw invalidRequest(`invoiced_token is not a test token for ${body.method}; use one of: ${known}`, "invoiced_token");
  }
  const r = await addTypedSource(ctx(c, customer), gw, input, { makeDefault: body.make_default ?? false, via: "api" });
  if (!r.ok) throw invalidRequest(r.errors[0]?.message ?? "The payment source was refused", "invoiced_token");
  return c.json(apiPaymentSource(r.source), 201);
});

paymentSourcesRoutes.delete("/customers/:id/payment_sources/:source_id", async (c) => {
  const customer = await customerOf(c);
  const source = await sourceOf(c, customer);
  const r = await removeSource(ctx(c, customer), source, "api");
  if (r === "gone") throw notFound("payment source");
  if (r === "autopay_last") {
    throw conflict("The customer is on AutoPay and this is its only payment source: turn AutoPay off or add another source first");
  }
  return c.body(null, 204);
});
