import { DAY } from "../../lib/time";

/**
 * When a saved card stops working (issue 6.3). A card is valid through the last
 * day of its expiry month, so it expires at 00:00 UTC on the first of the next month.
 */

const EXPIRY_WARNING_DAYS = 60;

type CardDates = { type: string; expMonth: number | null; expYear: number | null };

/** Unix seconds at which the card stops working, or null (bank accounts, unknown expiry). */
export function cardExpiresAt(s: CardDates): number | null {
  if (s.type !== "card" || !s.expMonth || !s.expYear || s.expMonth < 1 || s.expMonth > 12) return null;
  return Date.UTC(s.expYear, s.expMonth, 1) / 1000; // month index expMonth = the month after
}

export type ExpiryState = "ok" | "expiring" | "expired";

/** "expiring" when it stops working within `days` of `now`, "expired" once it has. */
export function expiryState(s: CardDates, now: number, days = EXPIRY_WARNING_DAYS): ExpiryState {
  const at = cardExpiresAt(s);
  if (at === null) return "ok";
  if (at <= now) return "expired";
  return at - now <= days * DAY ? "expiring" : "ok";
}

/** "12/2027" for display. */
export function expiryText(s: CardDates): string | null {
  if (!s.expMonth || !s.expYear) return null;
  return `${String(s.expMonth).padStart(2, "0")}/${s.expYear}`;
}
