import { divRound } from "../../totals";

/**
 * Proration by the second: the unused part of a billed span at instant t is
 * (end - t) / (end - start), clamped to [0, 1].
 *
 * One rounding rule for both directions: amount x (end - t) / (end - start),
 * computed exactly in integers (BigInt) and rounded ONCE, half away from zero
 * (divRound of src/services/totals.ts, the rule of every other document amount).
 * A credit is the exact negative of the charge the same arguments give, so
 * crediting a line at the instant it starts returns exactly what was invoiced:
 * no 1-unit gap between an invoice and its credit note.
 */

/** A billed span [start, end) in unix seconds; usually a line's period_start/period_end. */
export type Span = { start: number; end: number };

/** The unused fraction at t, as an exact ratio of seconds. */
export function unusedFraction(span: Span, t: number): { num: number; den: number } {
  if (!(span.end > span.start)) throw new RangeError("a billed span must end after it starts");
  const den = span.end - span.start;
  const num = Math.min(den, Math.max(0, span.end - t));
  return { num, den };
}

/** `amount` scaled by the unused fraction at t, rounded once (half away from zero). */
function prorate(amount: number, span: Span, t: number): number {
  const { num, den } = unusedFraction(span, t);
  return Number(divRound(BigInt(amount) * BigInt(num), BigInt(den)));
}

/**
 * What to give back at t for `billedAmount` invoiced for `billedSpan`: negative
 * (or 0). Always the amount billed then, never the current price (a peer bug).
 */
export function credit(billedAmount: number, billedSpan: Span, t: number): number {
  return 0 - prorate(billedAmount, billedSpan, t); // 0 - x: never -0
}

/**
 * What to charge at t for the rest of `period` at `newAmount` (the price of a
 * whole period): positive (or 0).
 */
export function charge(newAmount: number, period: Span, t: number): number {
  return prorate(newAmount, period, t);
}
