import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { storedUserAgent } from "../../lib/request-meta";
import { estimateApprovals, estimates } from "../schema";
import type { CustomerScope } from "../scope";
import { type Estimate, estimateEvent, RESPONDABLE, unexpired, visible } from "./estimates";

/**
 * The customer's answer to an estimate (S34): approve or decline, each ONE atomic
 * batch of conditional writes under the same condition, so nothing is
 * read-then-written and a second answer changes nothing.
 */

/** The one condition under which an answer is accepted; the revision pins what was read. */
function respondable(id: number, revision: number, now: number): SQL {
  return and(eq(estimates.id, id), eq(estimates.revision, revision), inArray(estimates.status, [...RESPONDABLE]), unexpired(now), visible())!;
}

export type ApprovalInput = {
  initials: string;
  sessionId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  documentHash: string;
  now: number;
};

/**
 * Approves in one atomic batch. The approval row and the event are
 * INSERT ... SELECT from the estimate under the same condition as the UPDATE
 * that follows them, so all three happen or none does; the unique index on
 * estimate_approvals.estimate_id backs this up. Returns whether it happened.
 */
/** The approval record as it will be stored (the estimate's event carries it). */
export const approvalRowOf = (e: Estimate, a: ApprovalInput): typeof estimateApprovals.$inferSelect => ({
  id: 0,
  tenantId: e.tenantId,
  estimateId: e.id,
  customerId: e.customerId,
  sessionId: a.sessionId,
  email: a.email,
  initials: a.initials,
  ip: a.ip,
  userAgent: storedUserAgent(a.userAgent),
  documentHash: a.documentHash,
  revision: e.revision,
  createdAt: a.now,
});

/** `object`: the estimate as the API returns it once approved (built by the caller), for the event. */
export async function approveMyEstimate(my: CustomerScope, e: Estimate, a: ApprovalInput, object: Record<string, unknown>): Promise<boolean> {
  const open = my.mine(estimates, respondable(e.id, e.revision, a.now));
  const insertApproval = my.db.insert(estimateApprovals).select(
    my.db
      .select({
        id: sql<number>`null`.as("id"),
        tenantId: estimates.tenantId,
        estimateId: estimates.id,
        customerId: estimates.customerId,
        sessionId: sql<string | null>`${a.sessionId}`.as("session_id"),
        email: sql<string | null>`${a.email}`.as("email"),
        initials: sql<string>`${a.initials}`.as("initials"),
        ip: sql<string | null>`${a.ip}`.as("ip"),
        userAgent: sql<string | null>`${storedUserAgent(a.userAgent)}`.as("user_agent"),
        documentHash: sql<string>`${a.documentHash}`.as("document_hash"),
        revision: estimates.revision,
        createdAt: sql<number>`${a.now}`.as("created_at"),
      })
      .from(estimates)
      .where(open),
  );
  const data = { number: e.number, initials: a.initials, revision: e.revision, document_hash: a.documentHash, object };
  const [, , updated] = await my.batch([
    insertApproval,
    estimateEvent(my, "estimate.approved", a, data, open),
    my.update(estimates, { status: "approved", approved: a.initials, updatedAt: a.now }, respondable(e.id, e.revision, a.now)).returning({ id: estimates.id }),
  ]);
  return updated.length === 1;
}

/** Declines in one atomic batch, under the same condition as approving. */
export async function declineMyEstimate(
  my: CustomerScope,
  e: Estimate,
  d: { reason: string | null; now: number; ip: string | null; userAgent: string | null },
  object: Record<string, unknown>,
): Promise<boolean> {
  const open = my.mine(estimates, respondable(e.id, e.revision, d.now));
  const [, updated] = await my.batch([
    estimateEvent(my, "estimate.declined", d, { number: e.number, reason: d.reason, object }, open),
    my
      .update(estimates, { status: "declined", declinedReason: d.reason, declinedAt: d.now, updatedAt: d.now }, respondable(e.id, e.revision, d.now))
      .returning({ id: estimates.id }),
  ]);
  return updated.length === 1;
}
