import { AmountError, currencyExponent, toMinor } from "../../lib/money";

/**
 * Amounts as customers type them into the pay form, to integer minor units by the
 * currency's exponent (S35): "1,234.50" and "1234.5" are 123450 for USD; "1500" is
 * 1500 for JPY, and "1500.50" is refused for JPY rather than rounded.
 */

export type ParsedAmount = { ok: true; minor: number } | { ok: false; message: string };

const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^\d+(?:\.\d+)?$/;

export function parseTypedAmount(typed: string, currency: string): ParsedAmount {
  let text = typed.trim().replace(/\s+/g, "");
  if (text === "") return { ok: false, message: "Enter an amount." };
  if (GROUPED.test(text)) text = text.replace(/,/g, "");
  const exp = currencyExponent(currency);
  const example = exp === 0 ? "1500" : `25.${"0".repeat(exp)}`;
  if (!PLAIN.test(text) || text.length > 20) return { ok: false, message: `Enter the amount as a number, like ${example}.` };
  try {
    return { ok: true, minor: toMinor(text, currency) };
  } catch (err) {
    if (!(err instanceof AmountError)) throw err;
    if (exp === 0) return { ok: false, message: `${currency.toUpperCase()} has no decimal places: enter a whole amount, like ${example}.` };
    return { ok: false, message: `Use at most ${exp} decimal places, like ${example}.` };
  }
}

/** Minor units as the text a form field is prefilled with: 123450 USD -> "1234.50", 1500 JPY -> "1500". */
export function decimalText(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const text = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return negative ? `-${text}` : text;
}
