import type { JWTPayload, ProtectedHeaderParameters } from "jose";
import { hex, sha256Hex } from "../../lib/crypto";
import { SSO_LIFETIME_MAX } from "../../lib/platform-limits";

/**
 * Verification of SSO tokens minted by a merchant's server (S13 to S16), so
 * that tokens from Invoiced's official clients keep working: HS256 over
 * `{sub, iat, exp, iss}` with the SSO key's ASCII bytes as the secret.
 */

/** S15: clock tolerance, in seconds. */
export const SSO_TOLERANCE = 30;
/** S15: the default and highest lifetime cap; a tenant may only shorten it. */
const SSO_MAX_LIFETIME = SSO_LIFETIME_MAX;

/** Header members we understand. Anything else (jwk, jku, x5u, x5c, crit, b64) is refused (S13). */
const HEADER_MEMBERS = new Set(["alg", "typ", "kid"]);
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const NUMERIC_ID = /^[1-9][0-9]{0,14}$/;

export type SsoPolicy = {
  /** origins a present `aud` may name: the tenant's portal origin (and the host it was reached on) */
  audiences: string[];
  /** tenant's cap on `exp - now`, in seconds */
  maxLifetime: number;
  /** when the tenant pins an issuer, `iss` must equal it; otherwise `iss` is ignored */
  issuer: string | null;
};

export type VerifiedSso = {
  customerId: number;
  /** S16: `jti` when present, else the signature's bytes */
  replayKey: string;
  /** how long the replay key must be kept: exp plus tolerance */
  keepUntil: number;
};

const encoder = new TextEncoder();

/**
 * The customer a token names, or null. Never says why: the page shows one
 * message for every failure. `keys` are the tenant's live keys, newest first;
 * a token signed with none of them (another tenant's key, a retired key) fails.
 */
export async function verifySsoToken(token: string, keys: string[], policy: SsoPolicy, now: number): Promise<VerifiedSso | null> {
  if (token.length > 4096 || !COMPACT_JWS.test(token)) return null;
  // jose only for SSO: loaded on the first SSO sign-in of the isolate, not at every cold start (issue 18)
  const { base64url, decodeProtectedHeader, errors, jwtVerify } = await import("jose");
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return null;
  }
  if (header.alg !== "HS256") return null;
  if (Object.keys(header).some((k) => !HEADER_MEMBERS.has(k))) return null;
  if (header.typ !== undefined && (typeof header.typ !== "string" || header.typ.toUpperCase() !== "JWT")) return null;

  for (const key of keys) {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, encoder.encode(key), {
        // jose checks exp only when present and has no tolerance by default: say everything (S15).
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub"],
        clockTolerance: SSO_TOLERANCE,
        currentDate: new Date(now * 1000),
        // `iat` is optional (Invoiced's clients send it, others may not): the lifetime cap is on exp below.
        maxTokenAge: undefined,
        // Checked below: `aud` is optional, and when present must name this tenant.
        audience: undefined,
        issuer: policy.issuer ?? undefined,
        typ: undefined,
      }));
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed) continue; // maybe the other key of a rotation
      return null;
    }
    return checkClaims(payload, token, policy, now, base64url.decode);
  }
  return null;
}

async function checkClaims(payload: JWTPayload, token: string, policy: SsoPolicy, now: number, decode: (s: string) => Uint8Array): Promise<VerifiedSso | null> {
  const exp = payload.exp!;
  const cap = Math.min(policy.maxLifetime, SSO_MAX_LIFETIME);
  if (exp - now > cap + SSO_TOLERANCE) return null;
  if (payload.iat !== undefined && payload.iat > now + SSO_TOLERANCE) return null;
  if (payload.aud !== undefined) {
    const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (auds.length === 0 || auds.some((a) => !policy.audiences.includes(a))) return null;
  }
  const customerId = subject(payload.sub as unknown);
  if (customerId === null) return null;
  let replayKey: string;
  if (payload.jti !== undefined) {
    if (typeof payload.jti !== "string" || payload.jti.length === 0 || payload.jti.length > 255) return null;
    replayKey = `jti:${await sha256Hex(payload.jti)}`;
  } else {
    // The decoded bytes, not the text: two spellings of one signature are one token.
    replayKey = `sig:${hex(decode(token.slice(token.lastIndexOf(".") + 1)))}`;
  }
  return { customerId, replayKey, keepUntil: exp + SSO_TOLERANCE };
}

/** Invoiced's clients send the customer id as an integer (PHP, Ruby) or a numeric string (Java). */
function subject(sub: unknown): number | null {
  if (typeof sub === "number") return Number.isSafeInteger(sub) && sub > 0 ? sub : null;
  if (typeof sub === "string" && NUMERIC_ID.test(sub)) return Number(sub);
  return null;
}
