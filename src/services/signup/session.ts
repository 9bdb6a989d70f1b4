import { type SignUpSubmission, takeSignupSession } from "../../db/queries/sign-up-pages";
import type { Session, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { HOUR } from "../../lib/time";
import { startSession } from "../signin/sessions";

/**
 * The short session after a sign-up (S25): at most 60 minutes from the sign-up by the
 * injected clock, once per sign-up, never when the address already had a customer,
 * and narrow: `scope: "signup"` with `scopeRef` naming what the sign-up created. The
 * portal's guards let it reach My Account, that subscription's invoice and the
 * payment methods list only (src/routes/middleware/session.ts, document-access.ts).
 */
const SIGNUP_SESSION_SECONDS = HOUR;

/** What a sign-up session may reach, as stored in its `scopeRef`. */
export type SignupReach = { subscription: number | null; invoice: string | null; source: string | null };

export function signupReach(session: Pick<Session, "scope" | "scopeRef">): SignupReach | null {
  if (session.scope !== "signup" || !session.scopeRef) return null;
  try {
    const r = JSON.parse(session.scopeRef) as Partial<SignupReach>;
    return { subscription: typeof r.subscription === "number" ? r.subscription : null, invoice: r.invoice ?? null, source: r.source ?? null };
  } catch {
    return null;
  }
}

export async function startSignupSession(
  scope: TenantScope,
  tenant: Tenant,
  s: SignUpSubmission,
  req: { now: number; email: string | null; previousCookie: string | null; ip: string | null; userAgent: string | null },
) {
  if (s.customerId === null || s.completedAt === null) return null;
  // the whole lifetime counts from the sign-up, not from the click
  const left = s.completedAt + SIGNUP_SESSION_SECONDS - req.now;
  if (left <= 0) return null;
  if (!(await takeSignupSession(scope, s.id, req.now - SIGNUP_SESSION_SECONDS, req.now))) return null;
  const reach: SignupReach = { subscription: s.subscriptionId, invoice: s.invoicePublicId, source: s.sourcePublicId };
  return startSession(
    scope,
    tenant,
    {
      customerId: s.customerId,
      method: "signup",
      scope: "signup",
      scopeRef: JSON.stringify(reach),
      email: req.email,
      maxLifetime: left,
      previousCookie: req.previousCookie,
      ip: req.ip,
      userAgent: req.userAgent,
    },
    req.now,
  );
}
