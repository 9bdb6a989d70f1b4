import { createMiddleware } from "hono/factory";
import type { BaseEnv } from "../../context";
import { ApiError } from "../../lib/api-error";
import { sha256Hex, timingSafeEqual } from "../../lib/crypto";

/**
 * Platform administration: `Authorization: Bearer <PLATFORM_ADMIN_TOKEN>`.
 * Both sides are hashed first so the comparison runs over equal lengths in
 * constant time and leaks neither the token nor its length. An unset or empty
 * secret refuses everyone rather than accepting an empty bearer.
 */
export const platformAuth = createMiddleware<BaseEnv>(async (c, next) => {
  const expected = c.env.PLATFORM_ADMIN_TOKEN ?? "";
  const m = /^Bearer[ ]+(\S+)$/i.exec(c.req.header("Authorization") ?? "");
  const given = m?.[1] ?? "";
  const ok = expected !== "" && given !== "" && timingSafeEqual(await sha256Hex(given), await sha256Hex(expected));
  if (!ok) {
    c.header("WWW-Authenticate", 'Bearer realm="platform"');
    throw new ApiError(401, "authentication_error", "Platform routes need Authorization: Bearer <PLATFORM_ADMIN_TOKEN>");
  }
  await next();
});
