import { findSigninToken, isLive } from "../../db/queries/signin-tokens";
import type { TenantScope } from "../../db/scope";
import { maskEmail } from "./mask";
import { type KvTokenInfo, kvKey } from "./tokens";

/**
 * What the link page shows (S5): read from KV, which holds nothing but hashes
 * and the masked address. KV is eventually consistent, so a miss (a link opened
 * in another region seconds after it was issued) falls back to D1. Nothing is
 * decided here: the button's POST decides in D1.
 */
export async function linkPageInfo(scope: TenantScope, kv: KVNamespace, tokenId: string, now: number): Promise<KvTokenInfo | null> {
  let info = await kv.get<KvTokenInfo>(kvKey(scope.tenantId, tokenId), "json");
  if (!info) {
    const row = await findSigninToken(scope, tokenId);
    if (!row || !isLive(row, now)) return null;
    info = { purpose: row.purpose, masked: row.email ? maskEmail(row.email) : null, exp: row.expiresAt, bound: row.browserNonceHash };
  }
  return info.exp > now ? info : null;
}
