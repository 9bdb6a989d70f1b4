import { type Actor, recordEvent } from "../../db/events";
import { allowLinkRequest } from "./limits";
import { signInMail } from "./mail";
import { emailLinkPath, type LinkDeps } from "./request-link";
import { EMAIL_LINK_SECONDS, issueSigninToken } from "./tokens";

/**
 * S23 "Confirm it's you": a fresh link and code to the signed-in customer's
 * address, bound to this browser. Using either starts a new session with a
 * fresh auth time (S20) and returns to `next`. Limited like sign-in links (S12).
 */
export async function requestReauth(
  deps: LinkDeps,
  input: { customerId: number; email: string; nonceHash: string; next: string; who: Actor },
  now: number,
): Promise<"sent" | "limited"> {
  const { scope } = deps;
  if (!(await allowLinkRequest(scope, input.email, input.who.ip ?? null, now))) {
    await recordEvent(scope, { type: "signin.rate_limited", customerId: input.customerId, data: { purpose: "reauth" } }, input.who, now);
    return "limited";
  }
  const issued = await issueSigninToken(
    scope,
    deps.kv,
    {
      purpose: "reauth",
      email: input.email,
      customerId: input.customerId,
      browserNonceHash: input.nonceHash,
      withCode: true,
      redirectTo: input.next,
      lifetime: EMAIL_LINK_SECONDS,
    },
    now,
  );
  await deps.mailer.send(signInMail(deps.tenant, input.email, deps.portalOrigin + emailLinkPath(issued.token), issued.code, "reauth"));
  await recordEvent(scope, { type: "signin.reauth_requested", customerId: input.customerId }, input.who, now);
  return "sent";
}
