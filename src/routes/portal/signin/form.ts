import { Hono } from "hono";
import type { PortalEnv } from "../../../context";
import { backgroundDb, backgroundScope } from "../../../db/background";
import { requestActor } from "../../../lib/request-meta";
import { createMailer } from "../../../services/email";
import { redeemCode } from "../../../services/signin/redeem";
import { DEFAULT_LANDING, safeNextPath } from "../../../services/signin/redirects";
import { requestEmailLink } from "../../../services/signin/request-link";
import { CheckEmailPage } from "../../../views/pages/signin/check-email";
import { SigninPage } from "../../../views/pages/signin/signin-page";
import { parseForm } from "../forms/parse-form";
import { codeForm, emailForm } from "../forms/signin";
import { renderPage } from "../render-page";
import { afterSignIn, ensurePreauthNonce, preauthNonceHash, redeemCtx } from "./shared";

/** `/login`: ask for an emailed link, and type its code (S6, S7, S11, S12). */
export const signinFormRoutes = new Hono<PortalEnv>();

signinFormRoutes.get("/login", async (c) => {
  ensurePreauthNonce(c);
  const next = safeNextPath(c.req.query("next"));
  return renderPage(c, SigninPage, {
    next: next === DEFAULT_LANDING ? null : next,
    linkInvalid: c.req.query("error") === "link",
    signedOut: c.req.query("signed_out") === "1",
  });
});

/**
 * S11: the answer is the same page, status and headers for every well-formed
 * address. Matching, limits (S12), the token and the mail all happen after the
 * response, through clients that are not the request's counted one.
 */
signinFormRoutes.post("/login", async (c) => {
  const parsed = parseForm(emailForm(), await c.req.parseBody());
  const next = safeNextPath(parsed.form.next);
  if (!parsed.ok) {
    return renderPage(
      c,
      SigninPage,
      { next: next === DEFAULT_LANDING ? null : next, email: parsed.form.email.slice(0, 320), emailError: parsed.errors.email },
      422,
    );
  }
  const email = parsed.value.email;
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
  return renderPage(c, CheckEmailPage, { purpose: "signin" });
});

signinFormRoutes.post("/login/code", async (c) => {
  const parsed = parseForm(codeForm(), await c.req.parseBody());
  const purpose = parsed.form.purpose === "reauth" ? "reauth" : "signin";
  const again = (codeError: string) => renderPage(c, CheckEmailPage, { purpose, codeError }, 422);
  if (!parsed.ok) return again(parsed.errors.code ?? "Enter the code from the email");
  const outcome = await redeemCode(redeemCtx(c, await preauthNonceHash(c, false)), parsed.value.code);
  if (outcome.kind === "signed_in") return afterSignIn(c, outcome);
  return again("That code is not right, or it has expired. Check the newest email, or ask for a new link.");
});
