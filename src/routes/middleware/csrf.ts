import { createMiddleware } from "hono/factory";
import type { PortalEnv } from "../../context";
import { CSRF_COOKIE, hostCookie, readHostCookie } from "../../lib/cookies";
import { timingSafeEqual } from "../../lib/crypto";
import { randomToken } from "../../lib/random";
import { errorPage } from "../../views/pages/errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * S26. A state change must come from this very origin: `Origin` equal to the
 * origin the request came in on or, without it, `Sec-Fetch-Site: same-origin`
 * (`same-site` is not enough: sibling tenants are the same site). Form posts
 * also carry a double-submit token tied to a `__Host-` cookie, which a sibling
 * subdomain cannot set. JSON bodies must say `application/json`.
 *
 * `Origin: null` counts as no Origin: browsers send it for a form posted from a
 * page with `Referrer-Policy: no-referrer`, which every token page has (S10), so
 * the emailed link's Sign in button would otherwise always be refused. Such a post
 * still needs `Sec-Fetch-Site: same-origin` (a cross-site or sibling page with the
 * same policy sends `cross-site` / `same-site`) and the double-submit token.
 */
export const csrf = createMiddleware<PortalEnv>(async (c, next) => {
  let token = readHostCookie(c.req.header("Cookie"), CSRF_COOKIE);
  const fresh = !token;
  if (!token) token = randomToken(24);
  c.set("csrfToken", token);

  if (!SAFE.has(c.req.method)) {
    const refuse = () => c.html(errorPage(c.get("requestId"), 403, "This form has expired. Reload the page and try again."), 403);
    const originHeader = c.req.header("Origin");
    const origin = originHeader === "null" ? undefined : originHeader;
    const site = c.req.header("Sec-Fetch-Site");
    if (origin !== undefined ? origin !== c.get("requestOrigin") : site !== "same-origin") return refuse();

    const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (FORM_TYPES.includes(type)) {
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody();
      } catch {
        // S29: a malformed multipart body (no boundary, cut short) is the sender's error, not a 500.
        return c.html(errorPage(c.get("requestId"), 400, "The form could not be read. Reload the page and try again."), 400);
      }
      const sent = typeof body._csrf === "string" ? body._csrf : (c.req.header("X-CSRF-Token") ?? "");
      if (fresh || !timingSafeEqual(sent, token)) return refuse();
    } else if (type === "application/json") {
      if (fresh || !timingSafeEqual(c.req.header("X-CSRF-Token") ?? "", token)) return refuse();
    } else if (c.req.header("Content-Length") !== "0" && c.req.raw.body !== null) {
      return refuse(); // text/plain and friends: the shapes of a cross-site "simple request"
    } else if (fresh || !timingSafeEqual(c.req.header("X-CSRF-Token") ?? "", token)) {
      return refuse();
    }
  }

  await next();
  // Not on an answer shared caches may keep (theme.css): it would hand this one token to every later visitor.
  const shared = /(^|,)\s*public\b/i.test(c.res.headers.get("Cache-Control") ?? "");
  if (fresh && !shared) c.res.headers.append("Set-Cookie", hostCookie(CSRF_COOKIE, token));
});
