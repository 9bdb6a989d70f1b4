import { type Actor, eventStatement } from "../../db/events";
import { revokeCustomerSessions, revokeSession } from "../../db/queries/sessions";
import { findCustomersByEmail, type SigninMatch } from "../../db/queries/signin-tokens";
import type { Customer, Session, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { sessionStatements } from "./sessions";

/**
 * The customers this session may switch between: those of the verified address
 * it signed in with. A session without one (SSO, merchant link) has only its own.
 */
export async function switchChoices(scope: TenantScope, session: Session, customer: Customer): Promise<SigninMatch[]> {
  const own = { id: customer.id, name: customer.name, number: customer.number };
  if (!session.email) return [own];
  const matches = await findCustomersByEmail(scope, session.email);
  return matches.some((m) => m.id === customer.id) ? matches : [own, ...matches];
}

/**
 * Moves the session to another customer of the same verified address, under a
 * new session id (S20). The proof of identity is not renewed: auth time and the
 * absolute end of the session carry over (S21, S23). Returns null for a
 * customer the address does not reach.
 */
export async function switchCustomer(
  scope: TenantScope,
  tenant: Tenant,
  current: { cookie: string; session: Session; customer: Customer },
  targetId: number,
  who: Actor,
  now: number,
): Promise<{ cookie: string; expiresAt: number } | null> {
  const choices = await switchChoices(scope, current.session, current.customer);
  if (!choices.some((c) => c.id === targetId)) return null;
  const s = current.session;
  const made = await sessionStatements(
    scope,
    tenant,
    {
      customerId: targetId,
      method: s.method,
      email: s.email,
      authAt: s.authAt,
      maxLifetime: s.expiresAt - now,
      previousCookie: current.cookie,
      ip: who.ip,
      userAgent: who.userAgent,
    },
    now,
  );
  const event = eventStatement(scope, { type: "signin.switched", customerId: targetId, data: { from: current.customer.id } }, who, now);
  await scope.batch([...made.statements, event]);
  return { cookie: made.cookie, expiresAt: made.expiresAt };
}

/** S22: sign-out ends the session in D1 at once, and says so in the audit trail. */
export async function signOut(scope: TenantScope, cookie: string, customerId: number | null, who: Actor, now: number) {
  const revoke = revokeSession(scope, await sha256Hex(cookie), now);
  if (customerId === null) return void (await revoke);
  await scope.batch([revoke, eventStatement(scope, { type: "signin.signed_out", customerId }, who, now)]);
}

/**
 * S22: "sign out everywhere" from My Account ends every session of the customer
 * (every device, this browser too) at once, in D1, with its audit event.
 */
export async function signOutEverywhere(scope: TenantScope, customerId: number, who: Actor, now: number) {
  await scope.batch([revokeCustomerSessions(scope, customerId, now), eventStatement(scope, { type: "signin.signed_out_everywhere", customerId }, who, now)]);
}
