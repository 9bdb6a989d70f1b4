import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { BaseEnv } from "../../context";

/**
 * S28 on every response. Routes that post to a payment provider widen
 * `form-action` themselves with `allowFormAction()`, by exactly that origin.
 */
export const securityHeaders = [
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

/** Adds an origin to the CSP's form-action of this response (Stripe Checkout redirects). */
export function allowFormAction(res: Response, origin: string): void {
  const csp = res.headers.get("Content-Security-Policy");
  if (csp) res.headers.set("Content-Security-Policy", csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
}
