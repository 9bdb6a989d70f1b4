import { listLiveSsoKeys, rotateSsoKeyStatements } from "../../db/queries/sso-keys";
import type { TenantScope } from "../../db/scope";
import { decryptSecret, encryptSecret } from "../../lib/crypto";
import { DAY } from "../../lib/time";
import { newSsoKey } from "../tenants";

/** The longest grace period a rotated-out key may keep working. */
export const MAX_GRACE_SECONDS = 7 * DAY;

/** The tenant's keys that verify at `now` (S14), decrypted, newest first. */
export async function liveSsoKeys(scope: TenantScope, encryptionKey: string, now: number): Promise<string[]> {
  const rows = await listLiveSsoKeys(scope, now);
  return Promise.all(rows.map((r) => decryptSecret(encryptionKey, r.keyEnc)));
}

export type RotatedKey = { id: number; key: string; createdAt: number; previousExpiresAt: number };

/**
 * A new SSO key from the CSPRNG (S13), stored encrypted (S42) and returned once.
 * The key it replaces keeps working for `graceSeconds` (at most 7 days); a key
 * still in an earlier grace period stops now, so at most two keys verify.
 */
export async function rotateSsoKey(scope: TenantScope, encryptionKey: string, graceSeconds: number, now: number): Promise<RotatedKey> {
  const grace = Math.max(0, Math.min(graceSeconds, MAX_GRACE_SECONDS));
  const key = newSsoKey();
  const [, , inserted] = await scope.batch(rotateSsoKeyStatements(scope, await encryptSecret(encryptionKey, key), grace, now));
  return { id: inserted[0]!.id, key, createdAt: now, previousExpiresAt: now + grace };
}
