import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { BaseEnv } from "../../context";

/** Internal marker a route sets to widen `form-action`; turned into CSP and removed before the response leaves. */
const FORM_ACTION_MARKER = "X-Internal-Form-Action";
const ORIGIN_RE = /^https:\/\/[a-z0-9.-]+(?::\d{1,5})?$/;

/**
 * S28 on every response. Routes that post to a payment provider widen
 * `form-action` themselves with `allowFormAction()`, by exactly that origin.
 *
 * Order matters: middleware "after" code runs in reverse order, and hono's
 * secureHeaders writes (and overwrites) the CSP after the handler. The finishing
 * middleware is therefore listed FIRST so that it runs LAST, when the CSP exists.
 */
export const securityHeaders = [
  createMiddleware<BaseEnv>(async (c, next) => {
    await next();
    const extra = c.res.headers.get(FORM_ACTION_MARKER);
    if (extra !== null) {
      c.res.headers.delete(FORM_ACTION_MARKER);
      const csp = c.res.headers.get("Content-Security-Policy");
      const origins = extra.split(" ").filter((o) => ORIGIN_RE.test(o));
      if (csp && origins.length) c.res.headers.set("Content-Security-Policy", csp.replace("form-action 'self'", `form-action 'self' ${origins.join(" ")}`));
    }
    // Personal pages and API answers are never cached (S28, S33).
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
    if (!c.res.headers.has("Referrer-Policy")) c.res.headers.set("Referrer-Policy", "same-origin");
  }),
  secureHeaders({
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    xFrameOptions: "DENY",
    // Set above instead, only when a route has not: pages carrying a sign-in token need `no-referrer` (S10).
    referrerPolicy: false,
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "https:"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  }),
] as const;

/**
 * Lets the page in `res` submit forms to `origin` (an https origin, e.g. Stripe
 * Checkout's), on this response only. CSP `form-action` is enforced by the page
 * holding the form, including redirects after the POST, so call it on the page
 * whose form leads to the provider.
 *
 * @example const res = c.html(page); allowFormAction(res, "https://checkout.stripe.com"); return res;
 */
export function allowFormAction(res: Response, origin: string): void {
  if (!ORIGIN_RE.test(origin)) throw new Error("allowFormAction takes an https origin");
  const current = res.headers.get(FORM_ACTION_MARKER);
  res.headers.set(FORM_ACTION_MARKER, current ? `${current} ${origin}` : origin);
}
