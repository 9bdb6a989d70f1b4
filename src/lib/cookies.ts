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
  const same = cookiesByBareName(cookieHeader).get(name.replace(/^__Host-/, "").toLowerCase());
  // a look-alike (bp_session, __Secure-bp_session, __host-bp_session) or a second copy
  if (same?.length !== 1 || same[0]![0] !== name) return null;
  const found = same[0]![1];
  return /^[A-Za-z0-9_-]{16,128}$/.test(found) ? found : null;
}

/**
 * A Cookie header's pairs grouped by name without its `__Host-`/`__Secure-` prefix, in
 * lower case: a name's group must hold exactly the one `__Host-` cookie. Every portal
 * request reads three or four of its cookies from the same header, so the last header
 * parsed is kept (a pure function of the string: safe across interleaved requests).
 */
let last: { header: string; groups: Map<string, [string, string][]> } | undefined;
function cookiesByBareName(header: string): Map<string, [string, string][]> {
  if (last?.header === header) return last.groups;
  const groups = new Map<string, [string, string][]>();
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    const value = eq === -1 ? "" : pair.slice(eq + 1).trim();
    const bare = key.toLowerCase().replace(/^(__host-|__secure-)/, "");
    const group = groups.get(bare);
    if (group) group.push([key, value]);
    else groups.set(bare, [[key, value]]);
  }
  last = { header, groups };
  return groups;
}
