import { and, desc, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { ssoKeys, ssoReplays } from "../schema";
import type { TenantScope } from "../scope";

/**
 * SSO signing keys that still verify at `now`, newest first: the active one and,
 * during a rotation, the previous one until its grace period ends (S14).
 */
export function listLiveSsoKeys(scope: TenantScope, now: number) {
  return scope
    .select(ssoKeys, or(isNull(ssoKeys.expiresAt), gt(ssoKeys.expiresAt, now)))
    .orderBy(desc(ssoKeys.createdAt), desc(ssoKeys.id))
    .all();
}

/**
 * A rotation, as statements for one atomic batch: a key still in an earlier
 * grace period retires now (so no more than two keys ever verify), the active
 * key retires at the end of the new grace period, and the new key is active.
 */
export function rotateSsoKeyStatements(scope: TenantScope, keyEnc: string, graceSeconds: number, now: number) {
  return [
    scope.update(ssoKeys, { expiresAt: now }, and(isNotNull(ssoKeys.expiresAt), gt(ssoKeys.expiresAt, now))),
    scope.update(ssoKeys, { expiresAt: now + graceSeconds }, isNull(ssoKeys.expiresAt)),
    scope.insert(ssoKeys, { keyEnc, createdAt: now, expiresAt: null }).returning({ id: ssoKeys.id }),
  ] as const;
}

/**
 * S16: remembers a used token. `ON CONFLICT DO NOTHING` changes no row for a
 * replay, so an assertOneRowChanged() right after it undoes the sign-in batch.
 */
export function replayInsert(scope: TenantScope, replayKey: string, expiresAt: number) {
  return scope.insert(ssoReplays, { replayKey, expiresAt }).onConflictDoNothing();
}

/** Housekeeping: used tokens past their exp plus tolerance cannot verify any more. */
export function purgeReplays(scope: TenantScope, now: number) {
  return scope.delete(ssoReplays, lt(ssoReplays.expiresAt, now));
}
