import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { findCustomer } from "../../db/queries/customers";
import { findInvoice } from "../../db/queries/documents";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import { emptySchema } from "../../services/api/document-schemas";
import { readInvoice } from "../../services/api/invoices";
import { intId } from "../../services/api/wire";
import { chargeInvoice } from "../../services/autopay/charge";
import { tenantMailer } from "../../services/email";
import { getGateway } from "../../services/gateways";

/**
 * `POST /invoices/{id}/pay` (Invoiced's `invoice.pay`): charge the customer's
 * saved default payment method now, through the same attempt, idempotency key
 * (invoice, attempt number) and lock as AutoPay, so a merchant's click and a
 * scheduled run at the same moment charge once.
 */
export const invoicePayRoutes = new Hono<ApiEnv>();

invoicePayRoutes.post("/invoices/:id/pay", idempotent, async (c) => {
  const id = intId(c.req.param("id"));
  validate(emptySchema(), await readJson(c));
  const invoice = id === null ? undefined : await findInvoice(c.get("scope"), id);
  if (!invoice) throw notFound("invoice");
  if (invoice.voided || invoice.draft) throw invalidRequest("Only an issued, open invoice can be paid");
  if (invoice.paid || invoice.balance <= 0) throw invalidRequest("This invoice has already been paid");
  const customer = (await findCustomer(c.get("scope"), invoice.customerId))!;
  const tenant = c.get("tenant");
  const outcome = await chargeInvoice(
    {
      scope: c.get("scope"),
      tenant,
      gateway: await getGateway(tenant, c.env, { now: () => c.get("now") }),
      mailer: tenantMailer(c.env, c.get("scope")),
      portalOrigin: portalOrigin(c.env, tenant.username),
      now: c.get("now"),
      who: requestActor(c, "api"),
    },
    invoice,
    customer,
  );
  if (outcome === "skipped") throw conflict("A payment of this invoice is in progress; retrieve it and try again");
  if (outcome === "failed") {
    throw invalidRequest("The payment was declined or no saved payment method could be charged", "payment_source");
  }
  const body = await readInvoice(c.get("scope"), invoice.id, { env: c.env, username: tenant.username, now: c.get("now") });
  return c.json(body);
});
