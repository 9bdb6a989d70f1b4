import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { type Actor, eventStatement, recordEvent } from "../../db/events";
import { findActiveCustomer } from "../../db/queries/signin-tokens";
import { purgeReplays, replayInsert } from "../../db/queries/sso-keys";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { sessionStatements } from "./sessions";
import { type SsoPolicy, verifySsoToken } from "./sso";
import { liveSsoKeys } from "./sso-keys";

export type SsoCtx = {
  scope: TenantScope;
  tenant: Tenant;
  encryptionKey: string;
  /** origins a present `aud` may name */
  audiences: string[];
  who: Actor;
  previousCookie: string | null;
  now: number;
};

export type SsoOutcome = { kind: "signed_in"; cookie: string; expiresAt: number; customerId: number } | { kind: "invalid" };

/**
 * `GET /login/{token}`: the key comes from the host's tenant, never from the
 * token (S14). The replay record (S16), the new session (S17, S20) and the
 * audit event are one atomic batch: of twenty uses of one token, one signs in.
 */
export async function signInWithSso(ctx: SsoCtx, token: string): Promise<SsoOutcome> {
  const { scope, tenant, now } = ctx;
  const keys = await liveSsoKeys(scope, ctx.encryptionKey, now);
  const policy: SsoPolicy = { audiences: ctx.audiences, maxLifetime: tenant.ssoMaxLifetimeSeconds, issuer: tenant.ssoIssuer };
  const verified = await verifySsoToken(token, keys, policy, now);
  if (!verified) return fail(ctx, null, "invalid_token");
  const customer = await findActiveCustomer(scope, verified.customerId);
  if (!customer) return fail(ctx, null, "no_active_customer");

  const session = await sessionStatements(
    scope,
    tenant,
    { customerId: customer.id, method: "sso", previousCookie: ctx.previousCookie, ip: ctx.who.ip, userAgent: ctx.who.userAgent },
    now,
  );
  try {
    const statements = [
      replayInsert(scope, verified.replayKey, verified.keepUntil),
      assertOneRowChanged(scope),
      ...session.statements,
      eventStatement(scope, { type: "signin.succeeded", customerId: customer.id, data: { method: "sso" } }, ctx.who, now),
      purgeReplays(scope, now),
    ];
    await scope.batch(statements);
  } catch (err) {
    if (isGuardFailure(err)) return fail(ctx, customer.id, "replay");
    throw err;
  }
  return { kind: "signed_in", cookie: session.cookie, expiresAt: session.expiresAt, customerId: customer.id };
}

async function fail(ctx: SsoCtx, customerId: number | null, reason: string): Promise<SsoOutcome> {
  await recordEvent(ctx.scope, { type: "signin.failed", customerId, data: { method: "sso", reason } }, ctx.who, ctx.now);
  return { kind: "invalid" };
}
