import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { BaseEnv } from "../../context";

/**
 * S28 on every response. Routes that post to a payment provider widen
 * `form-action` themselves with `allowFormAction()`, by exactly that origin.
 */
export const securityHeaders = [
  // Outermost, so it runs after secureHeaders has written the CSP (which overwrites
  // anything a handler set): applies the origins routes asked for, then drops the marker.
  createMiddleware<BaseEnv>(async (c, next) => {
    await next();
    const extra = c.res.headers.get(FORM_ACTION_MARKER);
    if (extra === null) return;
    c.res.headers.delete(FORM_ACTION_MARKER);
    const csp = c.res.headers.get("Content-Security-Policy");
    const origins = extra.split(",").map((o) => o.trim()).filter((o) => /^https:\/\/[a-z0-9.-]+$/.test(o));
    if (csp && origins.length) c.res.headers.set("Content-Security-Policy", csp.replace("form-action 'self'", `form-action 'self' ${origins.join(" ")}`));
  }),
  secureHeaders({
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    xFrameOptions: "DENY",
    // Set below instead, only when a route has not: pages carrying a sign-in token need `no-referrer` (S10).
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
  createMiddleware<BaseEnv>(async (c, next) => {
    await next();
    // Personal pages and API answers are never cached (S28, S33).
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
    if (!c.res.headers.has("Referrer-Policy")) c.res.headers.set("Referrer-Policy", "same-origin");
  }),
] as const;

/** Internal response header carrying a route's extra form-action origins to the outer middleware. */
const FORM_ACTION_MARKER = "X-Form-Action-Allow";

/**
 * Adds an origin (https only) to the CSP's form-action of this response: the page
 * whose form is answered by a redirect to Stripe Checkout needs it (browsers check
 * form-action on redirects too). The marker header never leaves the worker.
 */
export function allowFormAction(res: Response, origin: string): void {
  res.headers.append(FORM_ACTION_MARKER, origin);
}
