import { createMiddleware } from "hono/factory";
import type { ApiEnv } from "../../context";
import { claimIdempotencyKey, findIdempotencyKey, releaseIdempotencyKey, storeIdempotentResponse } from "../../db/queries/idempotency-keys";
import { ApiError, invalidRequest } from "../api-error";
import { sha256Hex } from "../crypto";

const PARAM = "Idempotency-Key";

/**
 * `Idempotency-Key` on a POST, as Stripe defines it (Invoiced follows the same practice):
 * - the first request with a key runs; a 2xx answer is stored (status and body);
 * - a retry with the same key and the same method, path and body gets that answer
 *   again (header `Idempotent-Replayed: true`) and changes nothing;
 * - the same key with a different request is a 400 (`param: "Idempotency-Key"`);
 * - the same key while the first request is still running is a 409;
 * - a non-2xx answer is not stored, so a corrected retry may reuse the key.
 * Keys are per tenant and remembered 24 hours.
 */
export const idempotent = idempotentWith();

/**
 * `idempotent`, for answers that carry a secret shown once (a one-time sign-in
 * URL, a new SSO key): `redact` removes it from the copy kept for replays, so
 * the secret is never stored (S2, S42) and a retry still changes nothing.
 */
export function idempotentWith(opts: { redact?: (body: string) => string } = {}) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const key = c.req.header(PARAM);
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw invalidRequest(`${PARAM} must be 1 to 255 visible ASCII characters`, PARAM);
    const scope = c.get("scope");
    const body = await c.req.text();
    const hash = await sha256Hex(`${c.req.method} ${new URL(c.req.url).pathname}\n${body}`);

    if (!(await claimIdempotencyKey(scope, key, hash, c.get("now")))) {
      const row = await findIdempotencyKey(scope, key);
      if (row && row.requestHash !== hash) {
        throw invalidRequest(`${PARAM} was already used with a different request; use a new key for a new request`, PARAM);
      }
      if (!row || row.status === null || row.body === null) {
        throw new ApiError(409, "invalid_request_error", `A request with this ${PARAM} is still being processed; retry later`, PARAM);
      }
      return new Response(row.body, {
        status: row.status,
        headers: { "Content-Type": "application/json; charset=UTF-8", "Idempotent-Replayed": "true" },
      });
    }

    try {
      await next();
    } catch (err) {
      await releaseIdempotencyKey(scope, key, hash);
      throw err;
    }
    if (c.res.status >= 200 && c.res.status < 300) {
      const answer = await c.res.clone().text();
      await storeIdempotentResponse(scope, key, hash, c.res.status, opts.redact ? opts.redact(answer) : answer);
    } else {
      await releaseIdempotencyKey(scope, key, hash);
    }
  });
}
