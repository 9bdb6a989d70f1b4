import type { BatchStatements } from "../../db/batch";
import { insertSigninToken, revokeOlderTokens, type SigninPurpose } from "../../db/queries/signin-tokens";
import type { TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { randomToken, signInCode } from "../../lib/random";
import { MINUTE } from "../../lib/time";
import { maskEmail } from "./mask";

/** S3: emailed links and codes live 10 minutes, checked against the stored time. */
export const EMAIL_LINK_SECONDS = 10 * MINUTE;

/**
 * What the link page may show before any D1 read (tenant-prefixed key, S33).
 * `bound` is the hash of the asking browser's nonce (S6), so the page can tell
 * "Sign in" from "Sign in on this device?"; every decision is made in D1.
 */
export type KvTokenInfo = { purpose: SigninPurpose; masked: string | null; exp: number; bound: string | null };

export const kvKey = (tenantId: number, tokenHash: string) => `t${tenantId}:signin:${tokenHash}`;

/**
 * A new token (S1: 32 random bytes from the CSPRNG), the hash it is stored and keyed under
 * (S2: only hashes are kept) and, `withCode`, the code to type and its hash.
 */
export async function mintToken(withCode: boolean): Promise<{ token: string; id: string; code: string | null; codeHash: string | null }> {
  const token = randomToken(32);
  const id = await sha256Hex(token);
  const code = withCode ? signInCode() : null;
  return { token, id, code, codeHash: code ? await codeHash(id, code) : null };
}

/** What a person typed, as the code is stored: upper case, without spaces or dashes. */
const normalizeCode = (code: string) => code.replace(/[\s-]/g, "").toUpperCase();

/** The code is hashed with the token's id so equal codes of two tokens never collide. */
export const codeHash = (tokenId: string, code: string) => sha256Hex(`${tokenId}:${normalizeCode(code)}`);

/** Emailed tokens are 32 random bytes in base64url: 43 characters. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type IssueInput = {
  purpose: SigninPurpose;
  /** lower-cased address the link was sent to (email links, reauth) */
  email: string | null;
  customerId: number | null;
  /** hash of the pre-auth browser nonce (S6); null for merchant-minted links */
  browserNonceHash: string | null;
  withCode: boolean;
  redirectTo?: string | null;
  lifetime: number;
  /** what the link page shows for a token without an address (merchant-minted links) */
  masked?: string | null;
};

/**
 * Creates a sign-in token (S1: 256 bits from the CSPRNG). Only hashes are kept
 * (S2): the D1 row's id is the SHA-256 of the token and KV is keyed by it.
 * D1 decides (S3, S4, S7, S8); KV only lets the link page be shown without
 * a D1 read, and is never trusted for a decision (it is eventually consistent).
 * `also`: statements that go in the same batch (the caller's event), saving a round trip.
 */
export async function issueSigninToken(
  scope: TenantScope,
  kv: KVNamespace,
  input: IssueInput,
  now: number,
  also: BatchStatements = [],
): Promise<{ token: string; code: string | null; id: string; expiresAt: number }> {
  const { token, id, code, codeHash } = await mintToken(input.withCode);
  const expiresAt = now + input.lifetime;
  const insert = insertSigninToken(scope, {
    id,
    purpose: input.purpose,
    email: input.email,
    customerId: input.customerId,
    browserNonceHash: input.browserNonceHash,
    codeHash,
    redirectTo: input.redirectTo ?? null,
    createdAt: now,
    expiresAt,
  });
  if (input.email) await scope.batch([revokeOlderTokens(scope, input.email, input.purpose, now), insert, ...also]);
  else if (also.length) await scope.batch([insert, ...also]);
  else await insert;
  const masked = input.email ? maskEmail(input.email) : (input.masked ?? null);
  await putTokenInfo(kv, scope, id, { purpose: input.purpose, masked, exp: expiresAt, bound: input.browserNonceHash }, input.lifetime);
  return { token, code, id, expiresAt };
}

/** What the link page may show without D1, once D1 holds the token (`id` is its hash). */
export async function putTokenInfo(kv: KVNamespace, scope: { tenantId: number }, id: string, info: KvTokenInfo, lifetime: number): Promise<void> {
  // KV refuses a TTL under 60 s; the lifetime check itself is in D1 (S3).
  await kv.put(kvKey(scope.tenantId, id), JSON.stringify(info), { expirationTtl: Math.max(60, lifetime) });
}
