import { type Actor, eventStatement } from "../../db/events";
import { revokeCustomerSessions, revokeSession } from "../../db/queries/sessions";
import { customersByEmailQuery, type SigninMatch } from "../../db/queries/signin-tokens";
import { activeCustomerChoiceQuery, subCustomersQuery } from "../../db/queries/sub-customers";
import type { Customer, Session, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { sha256Hex } from "../../lib/crypto";
import { sessionStatements } from "./sessions";

/** A customer the session may switch to; `parentId` set when it is reached as that parent's sub-customer. */
export type SwitchChoice = SigninMatch & { parentId: number | null };

/**
 * The customers this session may switch between (one round trip): those of the
 * verified address it signed in with (none for SSO or a merchant's link), and, for a
 * parent customer, its direct sub-customers (issue 17.6). A session acting as a
 * sub-customer keeps its parent ("home") and the parent's other sub-customers; a
 * customer that signed in itself never reaches its own parent (S31).
 */
export async function switchChoices(
  scope: TenantScope,
  session: Session,
  customer: Customer & { hasSubCustomers?: boolean; sharesAddress?: boolean },
): Promise<SwitchChoice[]> {
  const own = { id: customer.id, name: customer.name, number: customer.number, parentId: session.parentCustomerId };
  // nothing to look up (the session read says whether there are sub-customers): no round trip
  const noAddressMatch = !session.email || customer.sharesAddress === false;
  if (noAddressMatch && session.parentCustomerId === null && customer.hasSubCustomers === false) return [own];
  const home = session.parentCustomerId ?? customer.id;
  const homeRow = activeCustomerChoiceQuery(scope, home);
  const subs = subCustomersQuery(scope, home);
  const [matches, homeRows, children] = session.email
    ? await scope.batch([customersByEmailQuery(scope, session.email), homeRow, subs])
    : [[], ...(await scope.batch([homeRow, subs]))];
  // the address's customers in their order, the current one first if the address does not reach it
  const byAddress = matches.some((m) => m.id === customer.id)
    ? matches.map((m) => (m.id === customer.id ? own : { ...m, parentId: null }))
    : [own, ...matches.map((m) => ({ ...m, parentId: null }))];
  const all: SwitchChoice[] = [...byAddress, ...homeRows.map((m) => ({ ...m, parentId: null })), ...children.map((m) => ({ ...m, parentId: home }))];
  // first wins: a customer the address reaches in its own right is not acted as a sub-customer
  const seen = new Set<number>();
  return all.filter((c) => !seen.has(c.id) && seen.add(c.id));
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
  const target = choices.find((c) => c.id === targetId);
  if (!target) return null;
  const s = current.session;
  const made = await sessionStatements(
    scope,
    tenant,
    {
      customerId: targetId,
      method: s.method,
      email: s.email,
      parentCustomerId: target.parentId,
      authAt: s.authAt,
      maxLifetime: s.expiresAt - now,
      previousCookie: current.cookie,
      ip: who.ip,
      userAgent: who.userAgent,
    },
    now,
  );
  const event = eventStatement(
    scope,
    {
      type: "signin.switched",
      customerId: targetId,
      data: { from: current.customer.id, ...(target.parentId !== null ? { as_sub_customer_of: target.parentId } : {}) },
    },
    who,
    now,
  );
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
