import { Hono } from "hono";
import type { PortalEnv } from "../../../context";
import { backgroundDb } from "../../../db/background";
import { findCustomersByEmail } from "../../../db/queries/signin-tokens";
import { requestActor } from "../../../lib/request-meta";
import { createMailer } from "../../../services/email";
import { maskEmail, normalizeEmail } from "../../../services/signin/mask";
import { requestReauth } from "../../../services/signin/reauth";
import { safeNextPath } from "../../../services/signin/redirects";
import { CheckEmailPage } from "../../../views/pages/signin/check-email";
import { ConfirmItsYouPage } from "../../../views/pages/signin/confirm";
import { requireCustomer } from "../../middleware/session";
import { parseForm } from "../forms/parse-form";
import { nextForm } from "../forms/signin";
import { renderPage } from "../render-page";
import { preauthNonceHash } from "./shared";

/**
 * S23 "Confirm it's you": the button on the page requireRecentSignin() shows.
 * Mails a fresh link and code to the address this session signed in with (if
 * it still reaches this customer), else to the customer's own address.
 */
export const reauthRoutes = new Hono<PortalEnv>();

reauthRoutes.post("/login/reauth", requireCustomer(), async (c) => {
  const { scope, tenant, session, customer } = c.var;
  const next = safeNextPath(parseForm(nextForm(), await c.req.parseBody()).form.next);
  let email = session.email;
  if (email && !(await findCustomersByEmail(scope, email)).some((m) => m.id === customer.id)) email = null;
  email ??= customer.email ? normalizeEmail(customer.email) : null;
  if (!email) {
    return renderPage(c, ConfirmItsYouPage, { maskedEmail: null, next }, 422);
  }
  const deps = {
    scope,
    kv: c.env.SIGNIN_TOKENS,
    mailer: createMailer(c.env, backgroundDb(c.env)),
    tenant,
    portalOrigin: c.var.portalOrigin,
  };
  const nonceHash = (await preauthNonceHash(c, true))!;
  const result = await requestReauth(deps, { customerId: customer.id, email, nonceHash, next, who: requestActor(c, "customer") }, c.var.now);
  return renderPage(c, CheckEmailPage, {
    purpose: "reauth",
    maskedEmail: maskEmail(email),
    limited: result === "limited",
  });
});
