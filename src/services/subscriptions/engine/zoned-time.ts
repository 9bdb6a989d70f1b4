/**
 * Wall clock <-> instant in an IANA time zone, with `Intl.DateTimeFormat` only:
 * workerd has no Temporal. Instants are unix seconds, as everywhere in the code
 * (src/lib/time.ts). Pure; the formatters are cached per zone because building
 * one costs far more than using it (see src/lib/money.ts).
 */

/** A local calendar date and time; `month` is 1-12. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name Intl accepts ("UTC", "Europe/Berlin"); the API answers 400 otherwise. */
export function isTimeZone(name: string): boolean {
  if (typeof name !== "string" || name.length === 0 || name.length > 64) return false;
  try {
    format(name);
    return true;
  } catch {
    return false;
  }
}

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The wall time as if it were UTC, in seconds: the arithmetic base of every conversion. */
function wallAsUtc(w: WallTime): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return Math.floor(d.getTime() / 1000);
}

/** The wall fields of a UTC-based seconds value (inverse of wallAsUtc). */
function utcWall(seconds: number): WallTime {
  const d = new Date(seconds * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Adds whole calendar days to a wall date, keeping its time of day (a DST day is still one day). */
export function addWallDays(w: WallTime, days: number): WallTime {
  const moved = utcWall(wallAsUtc({ ...w, hour: 12, minute: 0, second: 0 }) + days * 86_400);
  return { ...moved, hour: w.hour, minute: w.minute, second: w.second };
}

/** The local wall time of an instant in `timeZone`. */
export function toWall(instant: number, timeZone: string): WallTime {
  if (timeZone === "UTC") return utcWall(instant);
  const parts = format(timeZone).formatToParts(new Date(instant * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const era = parts.find((p) => p.type === "era")?.value;
  const year = era === "BC" || era === "B" ? 1 - get("year") : get("year");
  return { year, month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
}

/** UTC offset of `timeZone` at an instant, in seconds (Berlin in summer: 7200). */
export function offsetAt(instant: number, timeZone: string): number {
  return wallAsUtc(toWall(instant, timeZone)) - instant;
}

/**
 * The instant at which clocks in `timeZone` show `wall`. Disambiguation is
 * Temporal's "compatible": a time skipped by a spring-forward gap is read with the
 * offset before the gap (02:30 on New York's spring day is 03:30 EDT); a time
 * shown twice at fall-back is the earlier one. Assumes at most one transition
 * within a day either side, which holds for every zone in the tz database.
 */
export function fromWall(wall: WallTime, timeZone: string): number {
  const local = wallAsUtc(wall);
  if (timeZone === "UTC") return local;
  const before = offsetAt(local - 86_400, timeZone);
  const after = offsetAt(local + 86_400, timeZone);
  const early = local - before;
  const late = local - after;
  const candidates = [early, late].filter((t) => offsetAt(t, timeZone) + t === local);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the wall time never shows; read it with the offset in force before.
  return local - before;
}
