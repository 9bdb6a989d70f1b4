import { and, asc, eq, gt, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { contacts, customers, signinTokens } from "../schema";
import type { TenantScope } from "../scope";
import { emailIs } from "./email-match";

export type SigninToken = typeof signinTokens.$inferSelect;
export type SigninPurpose = SigninToken["purpose"];
export type SigninMatch = { id: number; name: string; number: string };

/** A live token: not used, not revoked, not expired at `now` (S3, S4, S8). */
const live = (now: number) => and(isNull(signinTokens.usedAt), isNull(signinTokens.revokedAt), gt(signinTokens.expiresAt, now));

/**
 * Active customers of this tenant whose own email or one of whose contacts'
 * emails is `email` (already lower-cased), oldest first. Capped: a picker of
 * more than 50 accounts is no use to anyone.
 */
export async function findCustomersByEmail(scope: TenantScope, email: string): Promise<SigninMatch[]> {
  return customersByEmailQuery(scope, email).all();
}

/** `findCustomersByEmail` as a statement, to send in a batch with other work. */
export function customersByEmailQuery(scope: TenantScope, email: string) {
  // Two index lookups on lower(email), joined to customers by primary key: an OR,
  // or an IN next to the tenant condition, would walk all of the tenant's customers.
  // CROSS JOIN fixes the order (SQLite never reorders it): with statistics the planner
  // chose to walk the tenant's customers and probe the matches (the bench's sign-in
  // request read 1,004 rows for one address, issue 18); now it reads the matches only.
  const matched = scope.db
    .select({ id: customers.id })
    .from(customers)
    .where(scope.own(customers, emailIs(customers.email, email)))
    .unionAll(
      scope.db
        .select({ id: contacts.customerId })
        .from(contacts)
        .where(scope.own(contacts, emailIs(contacts.email, email))),
    )
    .as("matched");
  return scope.db
    .selectDistinct({ id: customers.id, name: customers.name, number: customers.number })
    .from(matched)
    .crossJoin(customers)
    .where(scope.own(customers, and(eq(customers.id, matched.id), eq(customers.active, true))))
    .orderBy(asc(customers.id))
    .limit(50);
}

/** One active customer of the tenant by id (SSO `sub`, api links, reauth). */
export async function findActiveCustomer(scope: TenantScope, id: number) {
  return scope.db
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(scope.own(customers, eq(customers.id, id), eq(customers.active, true)))
    .get();
}

/** S8: a new link for an address revokes its older unused ones of the same purpose; `when`: only if that holds too. */
export function revokeOlderTokens(scope: TenantScope, email: string, purpose: SigninPurpose, now: number, when?: SQL) {
  return scope.update(
    signinTokens,
    { revokedAt: now },
    and(eq(signinTokens.email, email), eq(signinTokens.purpose, purpose), isNull(signinTokens.usedAt), isNull(signinTokens.revokedAt), when),
  );
}

/** S8: a successful sign-in revokes every other emailed link and code for that address. */
export function revokeAllEmailTokens(scope: TenantScope, email: string, now: number) {
  return scope.update(
    signinTokens,
    { revokedAt: now },
    and(eq(signinTokens.email, email), inArray(signinTokens.purpose, ["email_link", "reauth"]), isNull(signinTokens.usedAt), isNull(signinTokens.revokedAt)),
  );
}

export function insertSigninToken(scope: TenantScope, row: Omit<typeof signinTokens.$inferInsert, "tenantId">) {
  return scope.insert(signinTokens, row);
}

/** The row behind a token hash, whatever its state (the link page explains nothing more). */
export async function findSigninToken(scope: TenantScope, id: string): Promise<SigninToken | undefined> {
  return scope.select(signinTokens, eq(signinTokens.id, id)).get();
}

/**
 * S7: counts one code try against the newest live token bound to this browser,
 * only while it has tries left (< 5). Returns the token after counting, or
 * nothing when there is no token or its tries are spent: the 6th try fails even
 * with the right code.
 */
export async function countCodeTry(scope: TenantScope, nonceHash: string, now: number): Promise<SigninToken | undefined> {
  const newest = scope.db
    .select({ id: signinTokens.id })
    .from(signinTokens)
    .where(scope.own(signinTokens, eq(signinTokens.browserNonceHash, nonceHash), live(now)))
    .orderBy(sql`${signinTokens.createdAt} desc`)
    .limit(1);
  const rows = await scope.db
    .update(signinTokens)
    .set({ codeAttempts: sql`${signinTokens.codeAttempts} + 1` })
    .where(scope.own(signinTokens, sql`${signinTokens.id} = (${newest})`, lt(signinTokens.codeAttempts, 5), live(now)))
    .returning();
  return rows[0];
}

/**
 * S4, S6: the conditional write that consumes a token inside a sign-in batch
 * (followed by assertOneRowChanged, so a lost race undoes the whole batch).
 * With `nonceHash`, only the browser that asked may consume it; without, the
 * caller has had the person confirm the device or type the code.
 */
export function consumeStatement(scope: TenantScope, id: string, now: number, nonceHash: string | null) {
  return scope.update(
    signinTokens,
    { usedAt: now },
    and(eq(signinTokens.id, id), live(now), nonceHash === null ? undefined : eq(signinTokens.browserNonceHash, nonceHash)),
  );
}

/** Kills a token after its last wrong code (S7): the link dies with it. */
export function revokeToken(scope: TenantScope, id: string, now: number) {
  return scope.update(signinTokens, { revokedAt: now }, and(eq(signinTokens.id, id), isNull(signinTokens.revokedAt)));
}

/** True when the row can still be used at `now` (S3: the stored lifetime, checked in code). */
export function isLive(row: Pick<SigninToken, "usedAt" | "revokedAt" | "expiresAt">, now: number): boolean {
  return row.usedAt === null && row.revokedAt === null && row.expiresAt > now;
}
