import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { recordEvent } from "../../db/events";
import { readJson } from "../../lib/api/body";
import { idempotentWith } from "../../lib/api/idempotency";
import { validate } from "../../lib/api/validate";
import { requestActor } from "../../lib/request-meta";
import * as z from "../../lib/zod";
import { MAX_GRACE_SECONDS, rotateSsoKey } from "../../services/signin/sso-keys";

/**
 * `POST /sso_keys`: rotates the tenant's SSO key (S13, S14, S42). The new key
 * is in this answer only (a replay of the Idempotency-Key gets the answer
 * without it); the previous key keeps verifying for `grace_period` seconds
 * (default 0: at once; at most 7 days).
 */
export const ssoKeysRoutes = new Hono<ApiEnv>();

const body = z.strictObject({
  grace_period: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional(),
});

const withoutKey = (answer: string) => JSON.stringify({ ...JSON.parse(answer), key: null });

ssoKeysRoutes.post("/sso_keys", idempotentWith({ redact: withoutKey }), async (c) => {
  const input = validate(body, await readJson(c));
  const rotated = await rotateSsoKey(c.var.scope, c.env.ENCRYPTION_KEY, input.grace_period ?? 0, c.var.now);
  await recordEvent(
    c.var.scope,
    {
      type: "sso_key.rotated",
      objectType: "sso_key",
      objectId: rotated.id,
      // the answer below without its key (S42: the key is shown once, in this answer only)
      data: { object: { id: rotated.id, object: "sso_key", created_at: rotated.createdAt, previous_key_expires_at: rotated.previousExpiresAt } },
    },
    requestActor(c, "api"),
    c.var.now,
  );
  return c.json(
    {
      object: "sso_key",
      id: rotated.id,
      key: rotated.key,
      created_at: rotated.createdAt,
      previous_key_expires_at: rotated.previousExpiresAt,
    },
    201,
  );
});
