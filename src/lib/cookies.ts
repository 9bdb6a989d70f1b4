/**
 * Cookies of the portal. All are `__Host-` (S18): Secure, Path=/, no Domain, so a
 * sibling tenant (same registrable domain) can neither read nor overwrite them.
 */

export const SESSION_COOKIE = "__Host-bp_session";
export const CSRF_COOKIE = "__Host-bp_csrf";
/** the D1 bookmark of this browser's last write: its next pages read a copy at least that new (issue 18) */
export const BOOKMARK_COOKIE = "__Host-bp_db";
/** the browser nonce that binds an emailed link to the browser that asked (S6) */
export const PREAUTH_COOKIE = "__Host-bp_preauth";

type CookieOptions = { maxAge?: number; httpOnly?: boolean };

/** Serialises a `__Host-` cookie with every attribute S18 asks for. */
export function hostCookie(name: string, value: string, opts: CookieOptions = {}): string {
  if (!name.startsWith("__Host-")) throw new Error("portal cookies are __Host- cookies");
  const parts = [`${name}=${value}`, "Path=/", "Secure", "SameSite=Lax"];
  if (opts.httpOnly !== false) parts.push("HttpOnly");
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  return parts.join("; ");
}

export function clearCookie(name: string): string {
  return hostCookie(name, "", { maxAge: 0 });
}

/**
 * Reads a `__Host-` cookie strictly (S24): if the name appears twice, or an
 * unprefixed or differently prefixed look-alike is present (a sibling could have
 * planted it), the answer is "absent".
 */
export function readHostCookie(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  const bare = name.replace(/^__Host-/, "").toLowerCase();
  let found: string | null = null;
  let seen = 0;
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    const value = eq === -1 ? "" : pair.slice(eq + 1).trim();
    if (key === name) {
      seen++;
      found = value;
    } else if (key.toLowerCase().endsWith(bare) && key.toLowerCase().replace(/^(__host-|__secure-)/, "") === bare) {
      return null; // a look-alike: bp_session, __Secure-bp_session, __host-bp_session
    }
  }
  if (seen !== 1 || !found) return null;
  return /^[A-Za-z0-9_-]{16,128}$/.test(found) ? found : null;
}
