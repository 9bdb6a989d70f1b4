import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Bindings, PortalEnv, SignedInEnv } from "../../context";
import { type PageReads, runPageReads } from "../../db/queries/page-entry";
import { findTenantByUsername } from "../../db/queries/tenants";
import { type CustomerScope, customerScope } from "../../db/scope";
import { readHostCookie, SESSION_COOKIE } from "../../lib/cookies";
import { loadPageEntry, touchLater } from "../../services/signin/sessions";
import { registerPageLoader } from "./page-loaders";
import { requireCustomer } from "./session";
import { useTenant } from "./tenant";

/** A signed-in page's context: what requireCustomer() gives, plus the page's data. */
export type PageEnv<T> = { Bindings: Bindings; Variables: SignedInEnv["Variables"] & { page: T } };

/**
 * A signed-in page in ONE D1 round trip (issue 18). The page declares what it reads as
 * statements built on `my` (a scope keyed on the session row, see
 * src/db/queries/page-entry.ts); this guard reads tenant, session, customer and those
 * statements in one read-only batch (the touch, when due, follows after the response:
 * src/db/later.ts), then checks the session exactly as
 * requireCustomer() does (S19 to S22, narrow sessions) and puts the result on
 * `c.var.page`. `reads` must only build statements: it runs before the tenant and the
 * session are known, so it may use the request (`c.req`, `c.var.now`) but not
 * `c.var.tenant` or `c.var.customer`.
 */
export function signedInPage<T>(
  reads: (my: CustomerScope, c: Context<PortalEnv>) => PageReads<T>,
  opts: { allowNarrow?: boolean; allowSignup?: boolean; guard?: MiddlewareHandler } = {},
): MiddlewareHandler<PageEnv<T>> {
  // another guard (customerOrDocument: a signed-out document link) may let a visitor in without the batch below
  const guard = (opts.guard ?? requireCustomer(opts)) as unknown as MiddlewareHandler<PortalEnv>;
  const handler = createMiddleware<PortalEnv>(async (c, next) => {
    let read = false;
    // past the guard: the page's data, read apart when the batch below did not (or could not) read it
    const inner = async () => {
      if (!read) {
        const my = c.get("my")!;
        setPage(c, await runPageReads(my, reads(my, c)));
      }
      await next();
    };
    const deferred = c.get("deferredEntry");
    // reached without resolveTenant's deferral: the session is loaded already, read apart
    if (!deferred) return guard(c, inner);
    // read from here on: requireCustomer() (the guard below) checks again instead of waiting
    c.set("deferredEntry", undefined);
    const cookie = readHostCookie(c.req.header("Cookie"), SESSION_COOKIE);
    const known = deferred.username === null ? c.get("tenant") : { username: deferred.username };
    if (!cookie) {
      // signed out: the tenant alone decides between the 404 page and the sign-in page
      if (deferred.username !== null) useTenant(c, await findTenantByUsername(c.get("db"), deferred.username));
      return guard(c, inner);
    }
    const entry = await loadPageEntry(c.get("db"), known, cookie, c.get("now"), (my) => reads(my, c));
    if (deferred.username !== null) useTenant(c, entry.tenant);
    if (entry.signedIn) {
      const { session, customer, page } = entry.signedIn;
      c.set("session", session);
      c.set("customer", customer);
      c.set("my", customerScope(c.get("scope"), customer.id));
      touchLater(c.get("later"), c.get("tenant"), session, c.get("now"));
      setPage(c, page);
      read = true;
    }
    return guard(c, inner);
  });
  registerPageLoader(handler);
  return handler as unknown as MiddlewareHandler<PageEnv<T>>;
}

/** `c.get("page")`, which PortalEnv does not declare (only the routes after signedInPage see it). */
function setPage<T>(c: Context<PortalEnv>, page: T): void {
  (c as unknown as Context<{ Variables: { page: T } }>).set("page", page);
}
