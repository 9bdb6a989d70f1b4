import { Hono } from "hono";
import type { PortalEnv } from "../../../context";
import { sha256Hex, timingSafeEqual } from "../../../lib/crypto";
import { linkPageInfo } from "../../../services/signin/link-page";
import { redeemLink } from "../../../services/signin/redeem";
import { emailLinkPath } from "../../../services/signin/request-link";
import { TOKEN_SHAPE } from "../../../services/signin/tokens";
import { SignInLinkPage } from "../../../views/pages/signin/link";
import { parseForm } from "../forms/parse-form";
import { linkForm } from "../forms/signin";
import { renderPage } from "../render-page";
import { afterSignIn, invalidLinkRedirect, preauthNonceHash, redeemCtx, tokenPageHeaders } from "./shared";

/**
 * The page an emailed (or merchant-minted) link opens. A GET or HEAD shows a
 * button and changes nothing (S5); the button's POST signs in (S4, S6). Both
 * carry the token in the URL, so both send S10's headers, and the POST ends
 * with a 303 to a clean URL.
 */
export const emailLinkRoutes = new Hono<PortalEnv>();

emailLinkRoutes.get("/login/email/:token", async (c) => {
  tokenPageHeaders(c);
  const token = c.req.param("token");
  if (!TOKEN_SHAPE.test(token)) return invalidLinkRedirect(c);
  const info = await linkPageInfo(c.var.scope, c.env.SIGNIN_TOKENS, await sha256Hex(token), c.var.now);
  if (!info) return invalidLinkRedirect(c);
  const nonceHash = await preauthNonceHash(c, false);
  const sameBrowser = info.bound !== null && nonceHash !== null && timingSafeEqual(info.bound, nonceHash);
  return renderPage(c, SignInLinkPage, {
    action: emailLinkPath(token),
    masked: info.masked,
    purpose: info.purpose,
    sameBrowser,
  });
});

emailLinkRoutes.post("/login/email/:token", async (c) => {
  tokenPageHeaders(c);
  const token = c.req.param("token");
  if (!TOKEN_SHAPE.test(token)) return invalidLinkRedirect(c);
  const { form } = parseForm(linkForm(), await c.req.parseBody());
  const outcome = await redeemLink(redeemCtx(c, await preauthNonceHash(c, false)), await sha256Hex(token), form.confirm_device === "yes");
  if (outcome.kind === "signed_in") return afterSignIn(c, outcome);
  if (outcome.kind === "confirm_device") {
    return renderPage(c, SignInLinkPage, { action: emailLinkPath(token), masked: outcome.masked, purpose: outcome.purpose, sameBrowser: false });
  }
  return invalidLinkRedirect(c);
});
