import type { Context } from "hono";
import type { Actor } from "../db/events";

/** The client's IP (Cloudflare sets CF-Connecting-IP; nothing else is trusted) and browser. */
export function requestActor(c: Context, actor: Actor["actor"]): Actor {
  return {
    actor,
    ip: c.req.header("CF-Connecting-IP") ?? null,
    userAgent: c.req.header("User-Agent") ?? null,
  };
}

/** A user agent as stored (events, sessions, approvals): kept for the record, never more of it than this. */
export function storedUserAgent(userAgent: string | null | undefined): string | null {
  return userAgent?.slice(0, 400) ?? null;
}
