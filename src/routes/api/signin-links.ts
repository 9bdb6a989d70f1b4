import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { recordEvent } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import { readJson } from "../../lib/api/body";
import { idempotentWith } from "../../lib/api/idempotency";
import { validate } from "../../lib/api/validate";
import { invalidRequest, notFound } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import * as z from "../../lib/zod";
import { customersToWire } from "../../services/api/customers";
import { API_LINK_DEFAULT_SECONDS, API_LINK_MAX_SECONDS, mintApiSignInLink } from "../../services/signin/api-links";
import { PAGE_ID_NAMES } from "../../services/signin/redirects";

/**
 * `POST /customers/{id}/sign_in_link`: a one-time sign-in URL for merchants
 * who email links themselves (issue 3). The URL is shown once: a replay of the
 * same Idempotency-Key gets the answer without it, since keeping it would keep
 * the token (S2).
 */
export const signInLinksRoutes = new Hono<ApiEnv>();

const body = z.strictObject({
  /** seconds the link stays valid: 7 days unless said, at most 30 */
  ttl: z.number().int().min(60).max(API_LINK_MAX_SECONDS).optional(),
  /** a page id as in SSO's `redirect_to` */
  redirect_to: z.enum(PAGE_ID_NAMES).optional(),
});

const withoutUrl = (answer: string) => JSON.stringify({ ...JSON.parse(answer), url: null });

signInLinksRoutes.post("/customers/:id/sign_in_link", idempotentWith({ redact: withoutUrl }), async (c) => {
  const id = c.req.param("id");
  if (!/^[1-9][0-9]{0,14}$/.test(id)) throw notFound("customer");
  const input = validate(body, await readJson(c));
  const customer = await findCustomer(c.var.scope, Number(id));
  if (!customer) throw notFound("customer");
  if (!customer.active) throw invalidRequest("This customer is disabled and cannot sign in", "id");
  const { url, expiresAt } = await mintApiSignInLink(
    c.var.scope,
    c.env.SIGNIN_TOKENS,
    portalOrigin(c.env, c.var.tenant.username),
    customer,
    { lifetime: input.ttl ?? API_LINK_DEFAULT_SECONDS, redirectTo: input.redirect_to ?? null },
    c.var.now,
  );
  await recordEvent(
    c.var.scope,
    {
      type: "customer.sign_in_link_created",
      customerId: customer.id,
      objectType: "customer",
      objectId: customer.id,
      // the customer as the API shows it; never the link (it signs in whoever holds it)
      data: { expires_at: expiresAt, object: (await customersToWire(c.var.scope, [customer]))[0] },
    },
    requestActor(c, "api"),
    c.var.now,
  );
  return c.json({ object: "sign_in_link", customer: customer.id, url, expires_at: expiresAt, created_at: c.var.now }, 201);
});
