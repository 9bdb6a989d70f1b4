import { formatMoney } from "../lib/money";
import { remembered } from "../lib/remembered";

/**
 * Plain-text formatters shared by the HTML views and the PDFs, so a page and its
 * PDF always say the same thing. Dates are shown in UTC: the portal has no per-customer
 * time zone, and a due date must not move by a day depending on where it is read.
 */

let dateFormat: Intl.DateTimeFormat | undefined;

// Both texts depend on the UTC day alone; a list shows 100 dates of a few hundred days, and
// Intl's format is the dearest call left in rendering it (issue 18). Bounded: cleared when full.
const DAY_TEXTS_MAX = 4096;
const dayTexts = new Map<number, string>();
const isoTexts = new Map<number, string>();

function byDay(cache: Map<number, string>, unixSeconds: number, make: (ms: number) => string): string {
  return remembered(cache, Math.floor(unixSeconds / 86400), (day) => make(day * 86400 * 1000), DAY_TEXTS_MAX);
}

/** "Nov 25, 2026" for unix seconds (the formatter is built on first use, not at startup). */
export function formatDate(unixSeconds: number): string {
  return byDay(dayTexts, unixSeconds, (ms) => {
    dateFormat ??= new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    return dateFormat.format(new Date(ms));
  });
}

/** "2026-11-25": machine-readable date for <time datetime> and CSV. */
export function isoDate(unixSeconds: number): string {
  return byDay(isoTexts, unixSeconds, (ms) => new Date(ms).toISOString().slice(0, 10));
}

let countFormat: Intl.NumberFormat | undefined;
const countTexts = new Map<number, string>();

/**
 * "1,234": a count with thousands separators. The same text as `n.toLocaleString("en-US")`,
 * which builds a new formatter on every call (about 9 µs against 1 µs for a kept one).
 */
export function formatCount(n: number): string {
  // counts repeat on every request of a page (issue 18); bounded as the dates are
  return remembered(countTexts, n, formatCountOnce, DAY_TEXTS_MAX);
}

function formatCountOnce(n: number): string {
  countFormat ??= new Intl.NumberFormat("en-US");
  return countFormat.format(n);
}

/**
 * quantity_e4 (quantity x 10,000) as a decimal string without floats:
 * 15000 -> "1.5", 10000 -> "1", 1 -> "0.0001", -25000 -> "-2.5".
 */
export function formatQuantityE4(q: number): string {
  const negative = q < 0;
  const abs = Math.abs(q);
  const whole = Math.floor(abs / 10000);
  const frac = String(abs % 10000)
    .padStart(4, "0")
    .replace(/0+$/, "");
  return `${negative ? "-" : ""}${formatCount(whole)}${frac ? `.${frac}` : ""}`;
}

/** Display money; re-exported so views import formatting from one place. */
export { formatMoney };
