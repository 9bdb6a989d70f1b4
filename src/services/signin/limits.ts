import { hitAll, readCount, resetStatement } from "../../db/queries/rate-limits";
import type { TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { DAY, HOUR } from "../../lib/time";

/**
 * Rate limits of sign-in (S7, S12), counted in D1. Buckets name a hash of the
 * address or IP, never the value itself (S44).
 */
export const LINK_LIMITS = { perEmailHour: 5, perEmailDay: 20, perIpHour: 30 } as const;
/** S7: consecutive wrong codes per address before codes stop working (a link still works and resets it). */
const CODE_FAILURE_LIMIT = 100;
const CODE_FAILURE_WINDOW = 30 * DAY;

const keyOf = async (kind: string, value: string) => `${kind}:${(await sha256Hex(value)).slice(0, 32)}`;

function windowed(bucket: string, size: number, now: number) {
  const n = Math.floor(now / size);
  return { bucket: `${bucket}:${size}:${n}`, expiresAt: (n + 1) * size };
}

/**
 * Counts one link request (email link or "confirm it's you") and says whether
 * it may send mail: at most 5 per address an hour, 20 a day, and 30 an hour per IP.
 * Every request counts, also those over the limit, so a burst stays refused.
 */
export async function allowLinkRequest(scope: TenantScope, email: string, ip: string | null, now: number): Promise<boolean> {
  const [hour, day, perIp] = await hitAll(scope, await linkBuckets(email, ip, now), now);
  return linkAllowed([hour!, day!, perIp!]);
}

/** The three windows a link request counts in: address per hour, per day, IP per hour. */
export async function linkBuckets(email: string, ip: string | null, now: number) {
  const [emailKey, ipKey] = await Promise.all([keyOf("link:email", email), keyOf("link:ip", ip ?? "unknown")]);
  return [windowed(emailKey, HOUR, now), windowed(emailKey, DAY, now), windowed(ipKey, HOUR, now)];
}

/** Whether the counts after this request ([address per hour, per day, IP per hour]) allow mail. */
function linkAllowed([hour, day, perIp]: readonly number[]): boolean {
  return hour! <= LINK_LIMITS.perEmailHour && day! <= LINK_LIMITS.perEmailDay && perIp! <= LINK_LIMITS.perIpHour;
}

const codeFailureBucket = (email: string) => keyOf("code:fail", email);

/** True while the address is under its limit of consecutive wrong codes (S7). */
export async function codesAllowed(scope: TenantScope, email: string, now: number): Promise<boolean> {
  return (await readCount(scope, await codeFailureBucket(email), now)) < CODE_FAILURE_LIMIT;
}

/** Counts one wrong code for the address. */
export async function countCodeFailure(scope: TenantScope, email: string, now: number): Promise<void> {
  await hitAll(scope, [{ bucket: await codeFailureBucket(email), expiresAt: now + CODE_FAILURE_WINDOW }], now);
}

/**
 * A successful sign-in ends the run of failures: the statement, for the sign-in
 * batch (in an array: a bare drizzle query returned from an async function
 * would be awaited, which runs it).
 */
export async function resetCodeFailures(scope: TenantScope, email: string) {
  return [resetStatement(scope, await codeFailureBucket(email))] as const;
}
