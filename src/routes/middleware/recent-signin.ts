import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { PortalEnv } from "../../context";
import { maskEmail } from "../../services/signin/mask";
import { DEFAULT_LANDING, safeNextPath } from "../../services/signin/redirects";
import { isRecentSignin } from "../../services/signin/sessions";
import { ConfirmItsYouPage } from "../../views/pages/signin/confirm";
import { renderPage } from "../portal/render-page";
import { signinRedirect } from "./session";

/**
 * Where to come back to after confirming. A GET returns to itself. A POST is
 * never replayed (its body could be stale, and replaying it would be a CSRF
 * gadget): it returns to the same-origin page the form was on, else My Account.
 */
function returnPath<E extends PortalEnv>(c: Context<E>): string {
  if (c.req.method === "GET" || c.req.method === "HEAD") {
    const url = new URL(c.req.url);
    return safeNextPath(url.pathname + url.search);
  }
  const referer = c.req.header("Referer");
  if (!referer) return DEFAULT_LANDING;
  try {
    const from = new URL(referer);
    if (from.origin !== c.get("requestOrigin")) return DEFAULT_LANDING;
    return safeNextPath(from.pathname + from.search);
  } catch {
    return DEFAULT_LANDING;
  }
}

/**
 * S23 as a plain function for use inside a handler: returns the "Confirm it's
 * you" response when the sign-in is older than 15 minutes, or null to go on.
 *
 *   const gate = recentSigninGate(c); if (gate) return gate;
 */
export function recentSigninGate<E extends PortalEnv>(c: Context<E>): Response | Promise<Response> | null {
  const session = c.get("session");
  const customer = c.get("customer");
  if (!session || !customer || session.scope !== "full") return signinRedirect(c);
  if (isRecentSignin(session, c.get("now"))) return null;
  const email = session.email ?? customer.email;
  c.header("Cache-Control", "no-store");
  return renderPage(
    c,
    ConfirmItsYouPage,
    {
      maskedEmail: email ? maskEmail(email) : null,
      next: returnPath(c),
    },
    // 200 on purpose: the page is a normal step, and htmx swaps it in place.
    200,
  );
}

/**
 * S23 as middleware, for routes that add or remove a payment method, change
 * AutoPay or the billing email. Put it after requireCustomer():
 *
 *   routes.post("/payment-methods", requireCustomer(), requireRecentSignin(), handler)
 */
export function requireRecentSignin() {
  return createMiddleware<PortalEnv>(async (c, next) => {
    const gate = recentSigninGate(c);
    if (gate) return gate;
    await next();
  });
}
