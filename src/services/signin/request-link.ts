import type { Actor } from "../../db/events";
import { runLinkRequest } from "../../db/queries/link-request";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { storedUserAgent } from "../../lib/request-meta";
import type { Mailer } from "../email";
import { LINK_LIMITS, linkBuckets } from "./limits";
import { signInMail } from "./mail";
import { maskEmail } from "./mask";
import { EMAIL_LINK_SECONDS, mintToken, putTokenInfo } from "./tokens";

export type LinkDeps = {
  scope: TenantScope;
  kv: KVNamespace;
  mailer: Mailer;
  tenant: Pick<Tenant, "id" | "name">;
  /** the tenant's configured origin: links are built from it, never from the request (S9) */
  portalOrigin: string;
};

export type LinkRequest = {
  /** already normalised (lower-cased, trimmed) */
  email: string;
  /** hash of the asking browser's pre-auth nonce (S6) */
  nonceHash: string;
  /** a safe same-origin path to land on afterwards */
  next: string;
  who: Actor;
};

/** The emailed link's page; SSO owns `/login/{token}`. */
export const emailLinkPath = (token: string) => `/login/email/${token}`;

/**
 * Everything behind "email me a sign-in link". Runs after the response has gone
 * (S11), so neither the answer nor its timing tells whether the address is known.
 * Counts the request (S12), matches customers' and contacts' addresses within
 * the tenant, issues a token bound to the browser (S6) that revokes the older
 * ones (S8), mails it when the address is known, and records what happened (S43;
 * never the token, S44).
 *
 * One D1 round trip whatever the address or the limits (issue 18): the whole decision
 * is one batch of conditional statements (src/db/queries/link-request.ts). Then the
 * token's page info goes to KV and, for a known address, the mail to its transport.
 */
export async function requestEmailLink(deps: LinkDeps, req: LinkRequest, now: number): Promise<"sent" | "limited" | "unknown"> {
  const [{ token, id: tokenId, code, codeHash }, [hour, day, perIp]] = await Promise.all([mintToken(true), linkBuckets(req.email, req.who.ip ?? null, now)]);
  const expiresAt = now + EMAIL_LINK_SECONDS;
  // S11, issue 12.2: an unknown address gets a token too, which is never mailed, so that
  // this request and a typed code afterwards do the same D1 work either way (a wrong
  // code then costs the same round trips whether the address is a customer's or not).
  // Nobody learns its code; if one were guessed, it signs in no customer.
  const { allowed, matches } = await runLinkRequest(deps.scope, LINK_LIMITS, {
    email: req.email,
    now,
    hourBucket: hour!.bucket,
    hourEnds: hour!.expiresAt,
    dayBucket: day!.bucket,
    dayEnds: day!.expiresAt,
    ipBucket: perIp!.bucket,
    ipEnds: perIp!.expiresAt,
    tokenId,
    codeHash: codeHash!,
    nonceHash: req.nonceHash,
    redirectTo: req.next,
    expiresAt,
    ip: req.who.ip ?? null,
    userAgent: storedUserAgent(req.who.userAgent),
  });
  if (!allowed) return "limited";
  await putTokenInfo(
    deps.kv,
    deps.scope,
    tokenId,
    { purpose: "email_link", masked: maskEmail(req.email), exp: expiresAt, bound: req.nonceHash },
    EMAIL_LINK_SECONDS,
  );
  if (matches.length === 0) return "unknown";
  await deps.mailer.send(signInMail(deps.tenant, req.email, deps.portalOrigin + emailLinkPath(token), code!, "email_link"));
  return "sent";
}
