import { type Actor, eventStatement, recordEvent } from "../../db/events";
import { customersByEmailQuery } from "../../db/queries/signin-tokens";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import { linkAllowed, linkRequestHits } from "./limits";
import { signInMail } from "./mail";
import { EMAIL_LINK_SECONDS, issueSigninToken } from "./tokens";

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
 * Two D1 round trips whatever the address (issue 18): the limits' three counters and
 * the address look-up in one batch, then the token (revoking older ones) with its
 * event in another; a refused request records its event instead.
 */
export async function requestEmailLink(deps: LinkDeps, req: LinkRequest, now: number): Promise<"sent" | "limited" | "unknown"> {
  const { scope } = deps;
  const [hour, day, perIp, matches] = await scope.batch([
    ...(await linkRequestHits(scope, req.email, req.who.ip ?? null, now)),
    customersByEmailQuery(scope, req.email),
  ]);
  if (!linkAllowed([hour, day, perIp].map((r) => r[0]?.count ?? 0))) {
    await recordEvent(scope, { type: "signin.rate_limited", data: { purpose: "email_link" } }, req.who, now);
    return "limited";
  }
  const event =
    matches.length === 0
      ? { type: "signin.link_requested", data: { matched: 0 } }
      : { type: "signin.link_requested", customerId: matches[0]!.id, data: { matched: matches.length } };
  // S11, issue 12.2: an unknown address gets a token too, which is never mailed, so that
  // this request and a typed code afterwards do the same D1 work either way (a wrong
  // code then costs the same round trips whether the address is a customer's or not).
  // Nobody learns its code; if one were guessed, it signs in no customer.
  const issued = await issueSigninToken(
    scope,
    deps.kv,
    {
      purpose: "email_link",
      email: req.email,
      customerId: null,
      browserNonceHash: req.nonceHash,
      withCode: true,
      redirectTo: req.next,
      lifetime: EMAIL_LINK_SECONDS,
    },
    now,
    [eventStatement(scope, event, req.who, now)],
  );
  if (matches.length === 0) return "unknown";
  await deps.mailer.send(signInMail(deps.tenant, req.email, deps.portalOrigin + emailLinkPath(issued.token), issued.code, "email_link"));
  return "sent";
}
