import type { Context } from "hono";
import type { PortalEnv } from "../../context";
import { replicaSession } from "../../db/client";
import { BOOKMARK_COOKIE, hostCookie, readHostCookie, SESSION_COOKIE } from "../../lib/cookies";
import { requestContextOn } from "./request-context";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
/** Long past any replication lag: after that any copy has the write anyway. */
const BOOKMARK_MAX_AGE = 3600;

/**
 * Reads near the customer (issue 18): the portal's database is a D1 session (Sessions
 * API), so reads may be served by a read replica, while a browser always sees its own
 * writes. The bookmark travels in a cookie, not in the session row: it must be known
 * before the first read, and the session row is itself one of the reads it orders.
 * It is set after a signed-in customer's form post (any unsafe method) and after a
 * sign-in or sign-out (an answer that sets the session cookie, SSO's GET included):
 * the writes a customer looks for on the next page. Never for a signed-out post such
 * as the sign-in link request: whether it wrote (a known address) would show in the
 * bookmark (S11). The consistency model: docs/decisions.md.
 */
function replicaSessionDb(c: Context<PortalEnv>) {
  // A state change (POST) starts on the primary: its session check sees a revocation made
  // anywhere at once (S22) and its reads are what its conditional writes judge. A page
  // view (GET) may be served by a replica (the consistency model: docs/decisions.md).
  const replica = replicaSession(c.env.DB, readHostCookie(c.req.header("Cookie"), BOOKMARK_COOKIE), { primary: !SAFE.has(c.req.method) });
  c.set("sessionD1", replica.d1);
  const after = () => {
    const signedInOrOut = c.res.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`));
    if ((c.get("session") && !SAFE.has(c.req.method)) || signedInOrOut) {
      const bookmark = replica.bookmark();
      if (bookmark) c.res.headers.append("Set-Cookie", hostCookie(BOOKMARK_COOKIE, bookmark, { maxAge: BOOKMARK_MAX_AGE }));
    }
  };
  return { d1: replica.d1, after };
}

/** The portal's request context: its database is the request's D1 session. */
export const portalRequestContext = requestContextOn<PortalEnv>(replicaSessionDb);
