import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { assertOneRowChanged } from "../batch";
import type { Db } from "../client";
import { signUpSubmissions } from "../schema";
import type { TenantScope } from "../scope";
import type { SignUpSubmission } from "./sign-up-pages";

/**
 * The stages of a sign-up claim (issue 16), each move one conditional write, so that
 * of a return page, a webhook, a second post and the sweep, one does each step:
 * claimed | checkout -> charging -> written (the atomic batch) -> billed.
 */

/** Gives a claim back only while nothing can have been charged on it (before `charging`). */
export function releaseUncharged(scope: TenantScope, id: number) {
  return scope.delete(
    signUpSubmissions,
    and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.status, "pending"), inArray(signUpSubmissions.stage, ["claimed", "checkout"])),
  );
}

/** Records the Stripe Checkout session a claim waits on, and our own reference for its return URL. */
export function recordSignupCheckout(scope: TenantScope, id: number, ref: string, providerSessionId: string, now: number) {
  return scope.update(
    signUpSubmissions,
    { stage: "checkout", stageAt: now, checkoutRef: ref, providerSessionId },
    and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.status, "pending"), eq(signUpSubmissions.stage, "claimed")),
  );
}

/** A pending claim by the reference of its Checkout return URL (our random token, never Stripe's session id). */
export function findSubmissionByCheckoutRef(scope: TenantScope, ref: string): Promise<SignUpSubmission | undefined> {
  return scope.select(signUpSubmissions, eq(signUpSubmissions.checkoutRef, ref)).get();
}

/** The claim of this tenant waiting on a Checkout session (a verified webhook names the session). */
export function findSubmissionBySession(scope: TenantScope, providerSessionId: string): Promise<SignUpSubmission | undefined> {
  return scope.select(signUpSubmissions, eq(signUpSubmissions.providerSessionId, providerSessionId)).get();
}

/**
 * Takes the claim into `charging` (the lease starts now) with the method to charge:
 * from `claimed` or `checkout`, or from a `charging` whose holder died (its lease of
 * `lease` seconds ran out). One caller gets the row; the others get null.
 */
export async function takeSignupCharge(scope: TenantScope, id: number, pending: Record<string, unknown>, now: number, lease: number) {
  const rows = await scope
    .update(
      signUpSubmissions,
      { stage: "charging", stageAt: now, pending },
      and(
        eq(signUpSubmissions.id, id),
        eq(signUpSubmissions.status, "pending"),
        or(
          inArray(signUpSubmissions.stage, ["claimed", "checkout"]),
          and(eq(signUpSubmissions.stage, "charging"), lte(signUpSubmissions.stageAt, now - lease)),
        ),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/**
 * First in the batch that writes the sign-up: `charging` -> `written`, and the guard
 * that undoes the whole batch when another caller wrote it already.
 */
export function startSignupWriteStmts(scope: TenantScope, id: number, now: number) {
  return [
    scope.update(
      signUpSubmissions,
      { stage: "written", stageAt: now },
      and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.status, "pending"), eq(signUpSubmissions.stage, "charging")),
    ),
    assertOneRowChanged(scope),
  ] as const;
}

/** Takes a `written` claim whose holder died before billing (its lease ran out): one caller gets it. */
export async function takeSignupBilling(scope: TenantScope, id: number, now: number, lease: number) {
  const rows = await scope
    .update(
      signUpSubmissions,
      { stageAt: now },
      and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.stage, "written"), lte(signUpSubmissions.stageAt, now - lease)),
    )
    .returning();
  return rows[0] ?? null;
}

/** After the first invoice was made and its charge recorded: the pending details are not kept longer than needed. */
export function markSignupBilled(scope: TenantScope, id: number, now: number) {
  return scope.update(
    signUpSubmissions,
    { stage: "billed", stageAt: now, pending: null },
    and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.stage, "written")),
  );
}

/**
 * The sweep's work across tenants (housekeeping, like the purge), only ids, oldest
 * first: claims whose holder died in `stages` (last moved before `before`).
 */
export async function stuckSignupClaims(
  db: Db,
  stages: SignUpSubmission["stage"][],
  before: number,
  limit: number,
): Promise<{ tenantId: number; id: number }[]> {
  return db
    .select({ tenantId: signUpSubmissions.tenantId, id: signUpSubmissions.id })
    .from(signUpSubmissions)
    .where(and(inArray(signUpSubmissions.stage, stages), lte(signUpSubmissions.stageAt, before)))
    .orderBy(sql`${signUpSubmissions.stageAt}`)
    .limit(limit);
}

export function findSubmissionById(scope: TenantScope, id: number): Promise<SignUpSubmission | undefined> {
  return scope.select(signUpSubmissions, eq(signUpSubmissions.id, id)).get();
}
