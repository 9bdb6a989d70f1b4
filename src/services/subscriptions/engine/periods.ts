import { addWallDays, daysInMonth, fromWall, toWall, type WallTime } from "./zoned-time";

/**
 * Billing periods derived from an anchor. Period k's start is a function of the
 * anchor and k alone, never of the previous period's end, so a late renewal run
 * or a short month cannot make the schedule drift (Kill Bill, Polar and Lago bugs:
 * billing that stops or slides after a 31st). Periods are half-open [start, end)
 * with end = start of period k+1: contiguous and never overlapping by construction.
 *
 * Calendar arithmetic happens on the wall clock of the tenant's time zone and is
 * converted to an instant last, so "the 31st at 09:00 in Kiritimati" stays the 31st
 * there whatever UTC says, and a day across a DST change is 23 or 25 hours.
 */

export type Interval = "day" | "week" | "month" | "year";

/** Months in one interval as an exact ratio [num, den]: a day is 12/365 of a month. */
export const MONTHS_PER_INTERVAL: Record<Interval, readonly [bigint, bigint]> = { day: [12n, 365n], week: [84n, 365n], month: [1n, 1n], year: [12n, 1n] };

export type Schedule = {
  /** unix seconds: the instant of period 0's start (the subscription's start date) */
  anchor: number;
  interval: Interval;
  /** every `intervalCount` intervals, >= 1 */
  intervalCount: number;
  /**
   * Monthly plans only, with intervalCount 1: periods after the first start at 00:00
   * local on this day of the month (31 = the month's last day); period 0 runs from
   * the anchor to the first such day strictly after it (a short, prorated period).
   */
  snapToNthDay: number | null;
  /** IANA name, e.g. "UTC", "Europe/Berlin" (the tenant's setting) */
  timeZone: string;
};

/** Period `index` of a schedule: [start, end) in unix seconds. */
export type Period = { index: number; start: number; end: number };

/** Why a schedule cannot be used, or null. The API turns a message into a 400 with this `param`. */
export function scheduleError(s: Schedule): { message: string; param: string } | null {
  if (!Number.isSafeInteger(s.anchor)) return { message: "start_date must be a unix timestamp", param: "start_date" };
  if (!["day", "week", "month", "year"].includes(s.interval)) return { message: "interval must be day, week, month or year", param: "interval" };
  if (!Number.isInteger(s.intervalCount) || s.intervalCount < 1 || s.intervalCount > 1000) {
    return { message: "interval_count must be a whole number from 1", param: "interval_count" };
  }
  if (s.snapToNthDay !== null) {
    if (!Number.isInteger(s.snapToNthDay) || s.snapToNthDay < 1 || s.snapToNthDay > 31) {
      return { message: "snap_to_nth_day must be between 1 and 31", param: "snap_to_nth_day" };
    }
    if (s.interval !== "month" || s.intervalCount !== 1) {
      return { message: "snap_to_nth_day is only for plans billed every month", param: "snap_to_nth_day" };
    }
  }
  try {
    toWall(s.anchor, s.timeZone);
  } catch {
    return { message: "time zone is not a known IANA time zone", param: "time_zone" };
  }
  return null;
}

function assertValid(s: Schedule): void {
  const e = scheduleError(s);
  if (e) throw new RangeError(e.message);
}

/** Adds whole months to a wall date, clamping the day to the target month's length. */
function addMonths(w: WallTime, months: number, day: number): WallTime {
  const total = w.year * 12 + (w.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return { ...w, year, month, day: Math.min(day, daysInMonth(year, month)) };
}

/** Month number (year*12 + month-1) of the first snap day strictly after the anchor. */
function firstSnapMonth(s: Schedule, anchorWall: WallTime): number {
  const m = anchorWall.year * 12 + anchorWall.month - 1;
  return snapInstant(s, m) > s.anchor ? m : m + 1;
}

function snapInstant(s: Schedule, monthNumber: number): number {
  const year = Math.floor(monthNumber / 12);
  const month = monthNumber - year * 12 + 1;
  const day = Math.min(s.snapToNthDay!, daysInMonth(year, month));
  return fromWall({ year, month, day, hour: 0, minute: 0, second: 0 }, s.timeZone);
}

/**
 * Start of period k (k >= 0; k < 0 is allowed for schedules without snapping).
 * Jan 31 monthly: Feb 28 (29), Mar 31, Apr 30; Jan 30: Feb 28, Mar 30.
 */
export function periodStart(s: Schedule, k: number): number {
  assertValid(s);
  return startOf(s, toWall(s.anchor, s.timeZone), k);
}

/** periodStart without validation, given the anchor's wall time (computed once per call of the public functions). */
function startOf(s: Schedule, w: WallTime, k: number): number {
  if (!Number.isInteger(k)) throw new RangeError("period index must be an integer");
  if (s.snapToNthDay !== null) {
    if (k < 0) throw new RangeError("a snapped schedule has no period before its anchor");
    if (k === 0) return s.anchor;
    return snapInstant(s, firstSnapMonth(s, w) + (k - 1));
  }
  if (k === 0) return s.anchor;
  const n = k * s.intervalCount;
  switch (s.interval) {
    case "day":
      return fromWall(addWallDays(w, n), s.timeZone);
    case "week":
      return fromWall(addWallDays(w, 7 * n), s.timeZone);
    case "month":
      return fromWall(addMonths(w, n, w.day), s.timeZone);
    case "year":
      return fromWall(addMonths(w, 12 * n, w.day), s.timeZone);
  }
}

/** Period k with its end (the start of period k+1). */
export function periodByIndex(s: Schedule, k: number): Period {
  assertValid(s);
  const w = toWall(s.anchor, s.timeZone);
  return { index: k, start: startOf(s, w, k), end: startOf(s, w, k + 1) };
}

const AVERAGE_SECONDS: Record<Interval, number> = { day: 86_400, week: 604_800, month: 2_629_746, year: 31_556_952 };

/** The index of the period containing t >= anchor. */
function indexAt(s: Schedule, w: WallTime, t: number): number {
  // An estimate from the average length, then exact steps: at most a few conversions.
  let k = Math.max(0, Math.floor((t - s.anchor) / (AVERAGE_SECONDS[s.interval] * s.intervalCount)));
  while (k > 0 && startOf(s, w, k) > t) k--;
  while (startOf(s, w, k + 1) <= t) k++;
  return k;
}

/**
 * The period containing instant t (start <= t < end). Throws a RangeError for
 * t before the anchor: the subscription has not started (status not_started).
 */
export function periodAt(s: Schedule, t: number): Period {
  assertValid(s);
  if (t < s.anchor) throw new RangeError("the schedule has not started at this time");
  const w = toWall(s.anchor, s.timeZone);
  const k = indexAt(s, w, t);
  return { index: k, start: startOf(s, w, k), end: startOf(s, w, k + 1) };
}

/**
 * Catch-up: the periods whose start lies in [from, to] (both inclusive: a period
 * starting exactly at `to` is due), in order, at most `cap` of them. A renewal run
 * passes the subscription's next unbilled start as `from` and its clock as `to`.
 */
export function periodsBetween(s: Schedule, from: number, to: number, cap: number): Period[] {
  assertValid(s);
  const out: Period[] = [];
  if (to < from || cap <= 0) return out;
  const w = toWall(s.anchor, s.timeZone);
  let k = from <= s.anchor ? 0 : indexAt(s, w, from);
  let start = startOf(s, w, k);
  if (start < from) start = startOf(s, w, ++k);
  while (start <= to && out.length < cap) {
    const end = startOf(s, w, k + 1);
    out.push({ index: k, start, end });
    k++;
    start = end;
  }
  return out;
}
