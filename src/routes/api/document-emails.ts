import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { notFound } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import { intId } from "../../services/api/wire";
import { type EmailDeps, emailEstimate, emailInvoice, emailStatement } from "../../services/document-emails/send";
import { tenantMailer } from "../../services/email";
import { logoFetchFor } from "../../services/pdf/logo";

/**
 * Document emails as Invoiced's clients send them (issue 17.1): `invoice.send`,
 * `estimate.send` and `customer.send_statement` POST to `{resource}/{id}/emails` and
 * get an array of email objects back. With an Idempotency-Key a retried request
 * mails nobody twice (it gets the first answer).
 */
export const documentEmailsRoutes = new Hono<ApiEnv>();

const deps = (c: Context<ApiEnv>): EmailDeps => ({
  scope: c.var.scope,
  tenant: c.var.tenant,
  mailer: tenantMailer(c.env, c.var.scope),
  from: c.env.EMAIL_FROM,
  origin: portalOrigin(c.env, c.var.tenant.username),
  write: { now: c.var.now, who: requestActor(c, "api"), tenant: c.var.tenant, env: c.env },
  logoFetch: logoFetchFor(c.env),
});

const idOf = (c: Context<ApiEnv>, what: string) => {
  const id = intId(c.req.param("id"));
  if (id === null) throw notFound(what);
  return id;
};

documentEmailsRoutes.post("/invoices/:id/emails", idempotent, async (c) => c.json(await emailInvoice(deps(c), idOf(c, "invoice"), await readJson(c)), 201));

documentEmailsRoutes.post("/estimates/:id/emails", idempotent, async (c) => c.json(await emailEstimate(deps(c), idOf(c, "estimate"), await readJson(c)), 201));

documentEmailsRoutes.post("/customers/:id/emails", idempotent, async (c) => c.json(await emailStatement(deps(c), idOf(c, "customer"), await readJson(c)), 201));
