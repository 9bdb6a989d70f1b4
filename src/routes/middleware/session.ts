import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { PortalEnv, SignedInEnv } from "../../context";
import { customerScope } from "../../db/scope";
import { readHostCookie, SESSION_COOKIE } from "../../lib/cookies";
import { loadSession, touchLater } from "../../services/signin/sessions";

/** Loads the signed-in customer, if any, onto the context. Never refuses by itself. */
export const loadCustomer = createMiddleware<PortalEnv>(async (c, next) => {
  c.set("session", null);
  c.set("customer", null);
  c.set("my", null);
  const cookie = readHostCookie(c.req.header("Cookie"), SESSION_COOKIE);
  // a signedInPage() route reads the session with its own data (issue 18)
  if (cookie && !c.get("deferredEntry")) {
    // read with the tenant when the host named it (one round trip, issue 7)
    const found = c.get("signedIn") !== undefined ? c.get("signedIn") : await loadSession(c.get("scope"), c.get("tenant"), cookie, c.get("now"));
    if (found) {
      c.set("session", found.session);
      c.set("customer", found.customer);
      c.set("my", customerScope(c.get("scope"), found.customer.id));
      // after the response, when due: the read above stays read-only (issue 18)
      touchLater(c.get("later"), c.get("tenant"), found.session, c.get("now"));
    }
  }
  await next();
});

/** Where a signed-out visitor is sent: the sign-in page, remembering a same-site path to return to. */
export function signinRedirect<E extends PortalEnv>(c: Context<E>) {
  const url = new URL(c.req.url);
  const next = url.pathname + url.search;
  return c.redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, 303);
}

/**
 * Guards customer pages. Narrow sessions (sign-up, single document) reach only
 * the routes that declare they accept them. Handlers after it are typed with
 * `SignedInEnv`: session, customer and `my` are there, no `!` needed.
 */
export function requireCustomer(opts: { allowNarrow?: boolean; allowSignup?: boolean } = {}): MiddlewareHandler<SignedInEnv> {
  // The check below is what makes SignedInEnv true for what follows.
  return createMiddleware<PortalEnv>(async (c, next) => {
    // signedInPage() on this route reads the session later, with the page, and checks it then (issue 18)
    if (c.get("deferredEntry")) return next();
    const session = c.get("session");
    if (!session || !c.get("my") || !c.get("customer")) return signinRedirect(c);
    // S25: a sign-up session reaches only the routes that say so (My Account, reading its methods)
    const allowed = session.scope === "full" || (session.scope === "signup" ? opts.allowSignup : opts.allowNarrow);
    if (!allowed) return signinRedirect(c);
    await next();
  }) as unknown as MiddlewareHandler<SignedInEnv>;
}
