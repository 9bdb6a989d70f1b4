import { approvalRowOf, approveMyEstimate, declineMyEstimate } from "../../db/queries/estimate-approvals";
import { type Estimate, findMyEstimate, type LineItem } from "../../db/queries/estimates";
import type { CustomerScope } from "../../db/scope";
import { estimateObject } from "../api/document-events";
import { estimateHash } from "./hash";
import { refusalMessage } from "./status";

export type Who = {
  sessionId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  now: number;
  /** the tenant's portal origin: the links of the estimate the event carries */
  origin: string;
};

export type Outcome = { ok: true } | { ok: false; message: string };

/**
 * S34: approve through one conditional write that also stores what was agreed
 * (who, when, from where, and the hash of the estimate at the revision read).
 *
 * `seenRevision` is the revision the customer's form was rendered with: if the
 * merchant changed the estimate since, the customer has not seen what would be
 * stored, so the answer is refused (409) and the page shows the new version.
 */
export async function approveEstimate(
  my: CustomerScope,
  e: Estimate,
  lines: LineItem[],
  initials: string,
  who: Who,
  seenRevision: number = e.revision,
): Promise<Outcome> {
  if (seenRevision !== e.revision) return refused(my, e, who.now);
  const documentHash = await estimateHash(e, lines);
  let done: boolean;
  try {
    const input = { ...who, initials, documentHash };
    const approved = { ...e, status: "approved" as const, approved: initials, updatedAt: who.now };
    const object = estimateObject(approved, lines, approvalRowOf(e, input), { origin: who.origin, now: who.now });
    done = await approveMyEstimate(my, e, input, object);
  } catch (err) {
    // the unique index on estimate_approvals is the last line of defence
    if (!/UNIQUE constraint/i.test(String(err))) throw err;
    done = false;
  }
  return done ? { ok: true } : refused(my, e, who.now);
}

export async function declineEstimate(
  my: CustomerScope,
  e: Estimate,
  lines: LineItem[],
  reason: string | null,
  who: Who,
  seenRevision: number = e.revision,
): Promise<Outcome> {
  if (seenRevision !== e.revision) return refused(my, e, who.now);
  const declined = { ...e, status: "declined" as const, declinedReason: reason, declinedAt: who.now, updatedAt: who.now };
  const object = estimateObject(declined, lines, null, { origin: who.origin, now: who.now });
  const done = await declineMyEstimate(my, e, { reason, now: who.now, ip: who.ip, userAgent: who.userAgent }, object);
  return done ? { ok: true } : refused(my, e, who.now);
}

/** The refusal names the estimate's state as it is now, not as the form saw it. */
async function refused(my: CustomerScope, e: Estimate, now: number): Promise<Outcome> {
  const current = await findMyEstimate(my, e.publicId);
  if (!current) return { ok: false, message: "This estimate is no longer available." };
  return { ok: false, message: refusalMessage(current, now) };
}
