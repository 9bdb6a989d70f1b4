import type { Context } from "hono";
import type { PortalEnv } from "../../../context";
import { hostCookie, PREAUTH_COOKIE, readHostCookie, SESSION_COOKIE } from "../../../lib/cookies";
import { sha256Hex } from "../../../lib/crypto";
import { randomToken } from "../../../lib/random";
import { requestActor } from "../../../lib/request-meta";
import type { RedeemCtx, SignedIn } from "../../../services/signin/redeem";

/** The pre-auth nonce outlives the 10-minute link comfortably. */
const PREAUTH_MAX_AGE = 24 * 3600;

/**
 * S6: this browser's pre-auth nonce, created (and set as a `__Host-` cookie)
 * when `create` and the browser has none. Only its hash is ever stored.
 */
function preauthNonce<E extends PortalEnv>(c: Context<E>, create: boolean): string | null {
  const existing = readHostCookie(c.req.header("Cookie"), PREAUTH_COOKIE);
  if (existing || !create) return existing;
  const nonce = randomToken(32);
  c.header("Set-Cookie", hostCookie(PREAUTH_COOKIE, nonce, { maxAge: PREAUTH_MAX_AGE }), { append: true });
  return nonce;
}

/** The sign-in form's page only makes sure the browser has its nonce (S6): the hash is for requests that use it. */
export function ensurePreauthNonce<E extends PortalEnv>(c: Context<E>): void {
  preauthNonce(c, true);
}

export async function preauthNonceHash<E extends PortalEnv>(c: Context<E>, create: boolean): Promise<string | null> {
  const nonce = preauthNonce(c, create);
  return nonce ? sha256Hex(nonce) : null;
}

/** The session cookie this request came with, read strictly (S24). */
export const sessionCookie = <E extends PortalEnv>(c: Context<E>) => readHostCookie(c.req.header("Cookie"), SESSION_COOKIE);

/** S10: a page whose URL carries a token leaks it to nobody and is kept by nobody. */
export function tokenPageHeaders<E extends PortalEnv>(c: Context<E>): void {
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
}

/** Everything a redemption needs from the request. */
export function redeemCtx<E extends PortalEnv>(c: Context<E>, nonceHash: string | null): RedeemCtx {
  return {
    scope: c.var.scope,
    tenant: c.var.tenant,
    kv: c.env.SIGNIN_TOKENS,
    who: requestActor(c, "customer"),
    nonceHash,
    previousCookie: sessionCookie(c),
    now: c.var.now,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  };
}

/** Sets the new session's cookie (S18) and sends the browser on with a 303 to a clean URL (S10). */
export function signedInRedirect<E extends PortalEnv>(c: Context<E>, cookie: string, expiresAt: number, location: string) {
  c.header("Set-Cookie", hostCookie(SESSION_COOKIE, cookie, { maxAge: Math.max(0, expiresAt - c.var.now) }), { append: true });
  return c.redirect(location, 303);
}

/** After a link or code: the picker first when the address has several customers. */
export function afterSignIn<E extends PortalEnv>(c: Context<E>, s: SignedIn) {
  const location = s.choose ? `/switch?next=${encodeURIComponent(s.landing)}` : s.landing;
  return signedInRedirect(c, s.cookie, s.expiresAt, location);
}

/** Where every failed link or SSO token goes: the sign-in page with its one message. */
export const invalidLinkRedirect = <E extends PortalEnv>(c: Context<E>) => c.redirect("/login?error=link", 303);
