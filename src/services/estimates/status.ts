import { AWAITING, type Estimate, RESPONDABLE } from "../../db/queries/estimates";

/**
 * What a customer sees as an estimate's status.
 *
 * Expiry is computed, not written: an estimate still `sent` or `viewed` whose
 * expiration date has passed is shown (and filtered) as `expired`, and the
 * approve/decline write refuses it by its own WHERE clause. Writing `expired`
 * lazily would turn page views into racing writes for no gain; the merchant
 * API can call this same function.
 */
export type PortalStatus = "not_sent" | "sent" | "viewed" | "approved" | "declined" | "invoiced" | "expired";

function isExpired(e: Pick<Estimate, "expirationDate">, now: number): boolean {
  return e.expirationDate !== null && e.expirationDate <= now;
}

export function portalStatus(e: Pick<Estimate, "status" | "expirationDate">, now: number): PortalStatus {
  if ((AWAITING as readonly string[]).includes(e.status) && isExpired(e, now)) return "expired";
  return e.status as PortalStatus;
}

/** Mirrors the conditional write; used only to decide which buttons to show. */
export function canRespond(e: Pick<Estimate, "status" | "expirationDate">, now: number): boolean {
  return (RESPONDABLE as readonly string[]).includes(e.status) && !isExpired(e, now);
}

/** The sentence a refused approval or decline shows (409), from the estimate as it is now. */
export function refusalMessage(e: Pick<Estimate, "status" | "expirationDate">, now: number): string {
  switch (portalStatus(e, now)) {
    case "approved":
    case "invoiced":
      return "This estimate has already been approved. It cannot be approved or declined again.";
    case "declined":
      return "This estimate has been declined. It can no longer be approved or declined.";
    case "expired":
      return "This estimate has expired and can no longer be approved or declined. Ask the merchant for a new one.";
    case "not_sent":
      return "This estimate is not open for a response yet. Reload the page and try again.";
    default:
      return "This estimate changed while you were looking at it. Review it again before you answer.";
  }
}
