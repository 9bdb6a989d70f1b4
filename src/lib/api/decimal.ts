import { invalidRequest } from "../api-error";
import { AmountError, isCurrency, toMinor } from "../money";

/**
 * Exact decimal conversions of the wire format (S35): amounts to minor units by the
 * currency's exponent, quantities to quantity x 10,000, percentages to basis points.
 * Too many decimals is a 400 naming the field, never a rounding.
 */

/** A decimal amount in `currency` to integer minor units, or a 400 naming `param`. */
export function minorOf(value: number | string, currency: string, param: string): number {
  try {
    return toMinor(value, currency);
  } catch (err) {
    if (err instanceof AmountError) throw invalidRequest(`${param} ${err.message}`, param);
    throw err;
  }
}

/** A plain decimal (no exponent) scaled by 10^digits, exactly, or a 400 naming `param`. */
function scaledOf(value: number | string, digits: number, param: string, what = "decimal number"): number {
  const text = typeof value === "number" ? String(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw invalidRequest(`${param} must be a ${what}`, param);
  const [, sign, whole, frac = ""] = m;
  const significant = frac.replace(/0+$/, "");
  if (significant.length > digits) throw invalidRequest(`${param} has more than ${digits} decimal places`, param);
  const n = Number(whole! + significant.padEnd(digits, "0"));
  if (!Number.isSafeInteger(n)) throw invalidRequest(`${param} is too large`, param);
  return sign === "-" && n !== 0 ? -n : n;
}

/** Quantity 1.5 -> 15,000 (quantity_e4). */
export const quantityE4Of = (value: number | string, param: string) => scaledOf(value, 4, param);

/** Percentage 12.5 -> 1,250 basis points. */
export const basisPointsOf = (value: number | string, param: string) => scaledOf(value, 2, param, "percentage");

/** Basis points back to the wire's percentage. */
export const percentFromBp = (bp: number) => bp / 100;

/** Quantity_e4 back to the wire's decimal quantity. */
export const quantityFromE4 = (e4: number) => e4 / 10_000;

/** A lower-case ISO 4217 code, or a 400 naming `param`. */
export function currencyOf(value: string, param = "currency"): string {
  if (!isCurrency(value)) throw invalidRequest(`${param} must be an ISO 4217 currency code`, param);
  return value.toLowerCase();
}
