import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { type Actor, eventStatement, recordEvent } from "../../db/events";
import {
  consumeStatement,
  countCodeTry,
  findActiveCustomer,
  findCustomersByEmail,
  findSigninToken,
  isLive,
  revokeAllEmailTokens,
  revokeToken,
  type SigninToken,
} from "../../db/queries/signin-tokens";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { timingSafeEqual } from "../../lib/crypto";
import { codesAllowed, countCodeFailure, resetCodeFailures } from "./limits";
import { maskEmail } from "./mask";
import { safeNextPath } from "./redirects";
import { sessionStatements } from "./sessions";
import { codeHash, kvKey } from "./tokens";

/** Tries per code (S7): the 6th fails even with the right code. */
const CODE_TRIES = 5;

export type RedeemCtx = {
  scope: TenantScope;
  tenant: Tenant;
  kv: KVNamespace;
  who: Actor;
  /** hash of this browser's pre-auth nonce, if it has one (S6) */
  nonceHash: string | null;
  /** the session cookie the browser had: it stops working (S20) */
  previousCookie: string | null;
  now: number;
  waitUntil: (p: Promise<unknown>) => void;
};

export type SignedIn = {
  kind: "signed_in";
  cookie: string;
  expiresAt: number;
  customerId: number;
  /** safe same-origin path (S27) */
  landing: string;
  /** the address matches several customers: offer the picker */
  choose: boolean;
};

export type RedeemOutcome =
  | SignedIn
  /** opened in another browser than the one that asked: ask first (S6) */
  | { kind: "confirm_device"; masked: string | null; purpose: SigninToken["purpose"] }
  | { kind: "invalid" }
  | { kind: "wrong_code" };

/**
 * The Sign in button of an emailed or merchant-minted link. Nothing happens
 * unless the browser is the one that asked or the person confirmed this device
 * (S6); then one conditional write consumes the token (S4) in the same atomic
 * batch that creates the session, so fifty presses make one session.
 */
export async function redeemLink(ctx: RedeemCtx, tokenId: string, deviceConfirmed: boolean): Promise<RedeemOutcome> {
  const row = await findSigninToken(ctx.scope, tokenId);
  if (!row || !isLive(row, ctx.now)) return fail(ctx, row, "email_link", "invalid_or_expired");
  const bound = row.browserNonceHash !== null && ctx.nonceHash !== null && timingSafeEqual(row.browserNonceHash, ctx.nonceHash);
  if (!bound && !deviceConfirmed) {
    return { kind: "confirm_device", masked: row.email ? maskEmail(row.email) : null, purpose: row.purpose };
  }
  const method = row.purpose === "api_link" ? "api_link" : "email_link";
  return finish(ctx, row, method, bound ? row.browserNonceHash : null);
}

/**
 * The typed code (S7), entered in the browser that asked: it belongs to that
 * browser's newest live token, 5 tries each, and at most 100 consecutive wrong
 * codes per address.
 */
export async function redeemCode(ctx: RedeemCtx, code: string): Promise<RedeemOutcome> {
  if (!ctx.nonceHash) return fail(ctx, undefined, "email_code", "no_browser_nonce", "wrong_code");
  const row = await countCodeTry(ctx.scope, ctx.nonceHash, ctx.now);
  if (!row?.codeHash || !row.email) return fail(ctx, row, "email_code", "no_live_code", "wrong_code");
  if (!(await codesAllowed(ctx.scope, row.email, ctx.now))) return fail(ctx, row, "email_code", "account_code_limit", "wrong_code");
  if (!timingSafeEqual(await codeHash(row.id, code), row.codeHash)) {
    await countCodeFailure(ctx.scope, row.email, ctx.now);
    if (row.codeAttempts >= CODE_TRIES) await revokeToken(ctx.scope, row.id, ctx.now);
    return fail(ctx, row, "email_code", "wrong_code", "wrong_code");
  }
  return finish(ctx, row, "email_code", ctx.nonceHash);
}

async function finish(ctx: RedeemCtx, row: SigninToken, method: "email_link" | "email_code" | "api_link", nonceHash: string | null): Promise<RedeemOutcome> {
  const { scope, now } = ctx;
  const candidates = await customersFor(scope, row);
  const chosen = candidates[0];
  if (!chosen) return fail(ctx, row, method, "no_active_customer");

  const session = await sessionStatements(
    scope,
    ctx.tenant,
    { customerId: chosen, method, email: row.email, previousCookie: ctx.previousCookie, ip: ctx.who.ip, userAgent: ctx.who.userAgent },
    now,
  );
  const event = eventStatement(scope, { type: "signin.succeeded", customerId: chosen, data: { method, purpose: row.purpose } }, ctx.who, now);
  const byEmail = row.email ? [revokeAllEmailTokens(scope, row.email, now), ...(await resetCodeFailures(scope, row.email))] : [];
  try {
    const statements = [consumeStatement(scope, row.id, now, nonceHash), assertOneRowChanged(scope), ...session.statements, ...byEmail, event];
    await scope.batch(statements);
  } catch (err) {
    if (isGuardFailure(err)) return fail(ctx, row, method, "already_used");
    throw err;
  }
  // KV only served the link page; the D1 row is what refuses a second use.
  ctx.waitUntil(ctx.kv.delete(kvKey(scope.tenantId, row.id)).catch(() => undefined));
  return {
    kind: "signed_in",
    cookie: session.cookie,
    expiresAt: session.expiresAt,
    customerId: chosen,
    landing: safeNextPath(row.redirectTo),
    choose: row.purpose === "email_link" && candidates.length > 1,
  };
}

/**
 * Who the token signs in, looked up again now (a customer disabled since, or an
 * address removed since, signs in nobody): merchant links name their customer;
 * emailed links match the address; "confirm it's you" links must still match
 * the customer they were sent for.
 */
async function customersFor(scope: TenantScope, row: SigninToken): Promise<number[]> {
  if (row.purpose === "api_link") {
    const c = row.customerId === null ? undefined : await findActiveCustomer(scope, row.customerId);
    return c ? [c.id] : [];
  }
  if (!row.email) return [];
  const ids = (await findCustomersByEmail(scope, row.email)).map((m) => m.id);
  return row.purpose === "reauth" ? ids.filter((id) => id === row.customerId) : ids;
}

async function fail(
  ctx: RedeemCtx,
  row: SigninToken | undefined,
  method: string,
  reason: string,
  kind: "invalid" | "wrong_code" = "invalid",
): Promise<RedeemOutcome> {
  await recordEvent(ctx.scope, { type: "signin.failed", customerId: row?.customerId ?? null, data: { method, reason } }, ctx.who, ctx.now);
  return { kind };
}
