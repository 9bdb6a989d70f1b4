import { hitAll } from "../../db/queries/rate-limits";
import type { TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { HOUR } from "../../lib/time";

/**
 * Sign-up submissions per IP and per page, counted in D1 like sign-in's (S12): an IP
 * hash, never the address itself (S44). Every post counts, refused ones too.
 */
const SIGNUP_LIMITS = { perIpHour: 30, perPageHour: 500 } as const;

export async function allowSignupPost(scope: TenantScope, pageId: number, ip: string | null, now: number): Promise<boolean> {
  const n = Math.floor(now / HOUR);
  const expiresAt = (n + 1) * HOUR;
  const ipKey = `signup:ip:${(await sha256Hex(ip ?? "unknown")).slice(0, 32)}:${n}`;
  const [perIp, perPage] = await hitAll(
    scope,
    [
      { bucket: ipKey, expiresAt },
      { bucket: `signup:page:${pageId}:${n}`, expiresAt },
    ],
    now,
  );
  return perIp! <= SIGNUP_LIMITS.perIpHour && perPage! <= SIGNUP_LIMITS.perPageHour;
}
