import { DAY } from "../../lib/time";

/** A card counts as "expires soon" this long before its expiry (issue 6). */
export const EXPIRING_SOON_SECONDS = 60 * DAY;

export type ExpiryState = "none" | "ok" | "expiring" | "expired";

/**
 * Where a saved card stands at `now` (unix seconds). A card is valid through the
 * last day of its expiry month (UTC); bank accounts do not expire ("none").
 * My Account and the invoice pages use the same rule to flag expiring cards.
 */
export function expiryState(source: { expMonth: number | null; expYear: number | null }, now: number): ExpiryState {
  if (!source.expMonth || !source.expYear) return "none";
  const end = Date.UTC(source.expYear, source.expMonth, 1) / 1000;
  if (end <= now) return "expired";
  if (end - now <= EXPIRING_SOON_SECONDS) return "expiring";
  return "ok";
}

/** "12/2027" */
export function formatExpiry(source: { expMonth: number | null; expYear: number | null }): string | null {
  if (!source.expMonth || !source.expYear) return null;
  return `${String(source.expMonth).padStart(2, "0")}/${source.expYear}`;
}
