import { Hono } from "hono";
import { z } from "zod";
import type { PortalEnv } from "../../../context";
import { backgroundDb, backgroundScope } from "../../../db/background";
import { requestActor } from "../../../lib/request-meta";
import { createMailer } from "../../../services/email";
import { normalizeEmail } from "../../../services/signin/mask";
import { redeemCode } from "../../../services/signin/redeem";
import { DEFAULT_LANDING, safeNextPath } from "../../../services/signin/redirects";
import { requestEmailLink } from "../../../services/signin/request-link";
import { CheckEmailPage } from "../../../views/pages/signin/check-email";
import { SigninPage } from "../../../views/pages/signin/signin-page";
import { afterSignIn, preauthNonceHash, redeemCtx, str } from "./shared";

/** `/login`: ask for an emailed link, and type its code (S6, S7, S11, S12). */
export const signinFormRoutes = new Hono<PortalEnv>();

const emailSchema = z.email().max(254);

signinFormRoutes.get("/login", async (c) => {
  await preauthNonceHash(c, true);
  const next = safeNextPath(c.req.query("next"));
  return c.html(
    SigninPage({
      tenant: c.var.tenant,
      csrfToken: c.var.csrfToken,
      customer: c.var.customer,
      next: next === DEFAULT_LANDING ? null : next,
      linkInvalid: c.req.query("error") === "link",
    }),
  );
});

/**
 * S11: the answer is the same page, status and headers for every well-formed
 * address. Matching, limits (S12), the token and the mail all happen after the
 * response, through clients that are not the request's counted one.
 */
signinFormRoutes.post("/login", async (c) => {
  const body = await c.req.parseBody();
  const typed = str(body.email).slice(0, 320);
  const email = normalizeEmail(typed);
  const next = safeNextPath(str(body.next));
  if (!emailSchema.safeParse(email).success) {
    const page = SigninPage({
      tenant: c.var.tenant,
      csrfToken: c.var.csrfToken,
      customer: c.var.customer,
      next: next === DEFAULT_LANDING ? null : next,
      email: typed,
      emailError: "Enter an email address like name@example.com",
    });
    return c.html(page, 422);
  }
  const nonceHash = (await preauthNonceHash(c, true))!;
  const { tenant, portalOrigin, now, requestId } = c.var;
  const who = requestActor(c, "customer");
  const env = c.env;
  const work = (async () => {
    const deps = {
      scope: backgroundScope(env, tenant.id),
      kv: env.SIGNIN_TOKENS,
      mailer: createMailer(env, backgroundDb(env)),
      tenant,
      portalOrigin,
    };
    await requestEmailLink(deps, { email, nonceHash, next, who }, now);
  })();
  // S44: the kind of failure and the request id, never the address.
  c.executionCtx.waitUntil(work.catch((err: Error) => console.error(`signin link ${requestId}: ${err.name}`)));
  return c.html(CheckEmailPage({ tenant, csrfToken: c.var.csrfToken, customer: c.var.customer, purpose: "signin" }));
});

signinFormRoutes.post("/login/code", async (c) => {
  const body = await c.req.parseBody();
  const code = str(body.code).slice(0, 64);
  const purpose = body.purpose === "reauth" ? "reauth" : "signin";
  const again = (codeError: string) =>
    c.html(CheckEmailPage({ tenant: c.var.tenant, csrfToken: c.var.csrfToken, customer: c.var.customer, purpose, codeError }), 422);
  if (!code.trim()) return again("Enter the code from the email");
  const outcome = await redeemCode(redeemCtx(c, await preauthNonceHash(c, false)), code);
  if (outcome.kind === "signed_in") return afterSignIn(c, outcome);
  return again("That code is not right, or it has expired. Check the newest email, or ask for a new link.");
});
