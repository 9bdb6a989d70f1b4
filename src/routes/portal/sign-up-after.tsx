import { Hono } from "hono";
import type { PortalEnv } from "../../context";
import { backgroundDb, backgroundScope } from "../../db/background";
import { findCustomer } from "../../db/queries/customers";
import { completedSubmissionOfBrowser } from "../../db/queries/sign-up-pages";
import { requestActor } from "../../lib/request-meta";
import { createMailer } from "../../services/email";
import { requestEmailLink } from "../../services/signin/request-link";
import { startSignupSession } from "../../services/signup/session";
import { CheckEmailPage } from "../../views/pages/signin/check-email";
import { SignupThanksPage } from "../../views/pages/signup/thanks-page";
import { renderPage } from "./render-page";
import { browserHash, pageId, pageOf } from "./sign-up-browser";
import { preauthNonceHash, sessionCookie, signedInRedirect } from "./signin/shared";

/**
 * After a sign-up (issue 16): the thank-you page and "Go to My Account", both only for
 * the browser that signed up. Mounted before sign-up.tsx, whose `/pages/:id/:token`
 * would otherwise take these paths.
 */
export const signUpAfterRoutes = new Hono<PortalEnv>();

/** The thank-you page: only for the browser that signed up (its cookie). */
signUpAfterRoutes.get("/pages/:id/thanks", async (c) => {
  const id = pageId(c);
  const hash = await browserHash(c, false);
  const done = hash ? await completedSubmissionOfBrowser(c.var.scope, id, hash) : undefined;
  if (!done?.customerId) return c.redirect(`/pages/${id}`, 303);
  const customer = await findCustomer(c.var.scope, done.customerId);
  c.header("Cache-Control", "no-store");
  return renderPage(c, SignupThanksPage, { pageId: id, name: customer?.name ?? "" });
});

/**
 * "Go to My Account" (S25): the short, narrow session for a new customer; for an
 * address that already had an account, a sign-in link by mail instead.
 */
signUpAfterRoutes.post("/pages/:id/account", async (c) => {
  const page = await pageOf(c);
  if (c.var.session?.scope === "full") return c.redirect("/account", 303);
  const hash = await browserHash(c, false);
  const done = hash ? await completedSubmissionOfBrowser(c.var.scope, page.id, hash) : undefined;
  if (!done?.customerId) return c.redirect("/login", 303);
  const customer = await findCustomer(c.var.scope, done.customerId);
  if (!customer?.email) return c.redirect("/login", 303);
  const who = requestActor(c, "customer");
  if (done.emailExisted) {
    const nonceHash = (await preauthNonceHash(c, true))!;
    const { tenant, portalOrigin, now, requestId } = c.var;
    const env = c.env;
    const email = customer.email.toLowerCase();
    const work = requestEmailLink(
      { scope: backgroundScope(env, tenant.id), kv: env.SIGNIN_TOKENS, mailer: createMailer(env, backgroundDb(env)), tenant, portalOrigin },
      { email, nonceHash, next: "/account", who },
      now,
    );
    c.executionCtx.waitUntil(work.catch((err: Error) => console.error(`signup link ${requestId}: ${err.name}`)));
    return renderPage(c, CheckEmailPage, { purpose: "signin" });
  }
  const made = await startSignupSession(c.var.scope, c.var.tenant, done, {
    now: c.var.now,
    email: customer.email,
    previousCookie: sessionCookie(c),
    ip: who.ip ?? null,
    userAgent: who.userAgent ?? null,
  });
  if (!made) return c.redirect("/login", 303);
  return signedInRedirect(c, made.cookie, made.expiresAt, "/account");
});
