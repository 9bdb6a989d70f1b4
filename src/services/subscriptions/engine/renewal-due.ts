import { type Period, periodByIndex, type Schedule } from "./periods";
import { addWallDays, fromWall, toWall } from "./zoned-time";

/**
 * When each period is invoiced (`bill_in`, `bill_in_advance_days`): in advance,
 * at the period's start or that many local days before it; in arrears, at its
 * end. The renewal run asks which periods are due at its clock; `renews_next` is
 * the due time of the next unbilled period.
 */

export type Billing = { billIn: "advance" | "arrears"; advanceDays: number };

/** The instant period `p` becomes due. Advance days are calendar days in the schedule's zone. */
export function dueAt(s: Schedule, p: Period, b: Billing): number {
  if (b.billIn === "arrears") return p.end;
  if (!Number.isInteger(b.advanceDays) || b.advanceDays < 0) throw new RangeError("bill_in_advance_days must be a whole number >= 0");
  if (b.advanceDays === 0) return p.start;
  return fromWall(addWallDays(toWall(p.start, s.timeZone), -b.advanceDays), s.timeZone);
}

/** `renews_next`: when the period with index `nextIndex` (the next unbilled one) is due. */
export function renewsNext(s: Schedule, nextIndex: number, b: Billing): number {
  return dueAt(s, periodByIndex(s, nextIndex), b);
}

/**
 * The periods from `fromIndex` on that are due at `now`, in order, at most `cap`
 * (catch-up after downtime; the rest waits for the next run). A run that comes
 * late still bills the anchor's periods, never periods counted from its clock.
 */
export function duePeriods(s: Schedule, fromIndex: number, now: number, b: Billing, cap: number): Period[] {
  const out: Period[] = [];
  for (let k = fromIndex; out.length < cap; k++) {
    const p = periodByIndex(s, k);
    if (dueAt(s, p, b) > now) break;
    out.push(p);
  }
  return out;
}
