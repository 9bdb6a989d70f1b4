import { Hono } from "hono";
import type { PortalEnv } from "../../../context";
import { requestActor } from "../../../lib/request-meta";
import { pagePath } from "../../../services/signin/redirects";
import { signInWithSso } from "../../../services/signin/sso-signin";
import { invalidLinkRedirect, sessionCookie, signedInRedirect, tokenPageHeaders } from "./shared";

/**
 * `GET /login/{token}`: Invoiced-compatible SSO (S13 to S17). A GET by
 * necessity (merchants redirect to it), but a HEAD, as link checkers send,
 * uses nothing. `redirect_to` is a page id, never a URL (S27).
 */
export const ssoRoutes = new Hono<PortalEnv>();

ssoRoutes.get("/login/:token", async (c) => {
  tokenPageHeaders(c);
  if (c.req.method === "HEAD") return c.body(null, 200);
  const outcome = await signInWithSso(
    {
      scope: c.var.scope,
      tenant: c.var.tenant,
      encryptionKey: c.env.ENCRYPTION_KEY,
      audiences: [...new Set([c.var.portalOrigin, c.var.requestOrigin])],
      who: requestActor(c, "customer"),
      previousCookie: sessionCookie(c),
      now: c.var.now,
    },
    c.req.param("token"),
  );
  if (outcome.kind !== "signed_in") return invalidLinkRedirect(c);
  return signedInRedirect(c, outcome.cookie, outcome.expiresAt, pagePath(c.req.query("redirect_to")));
});
