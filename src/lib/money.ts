/**
 * Money is integer minor units inside (S35). The wire (Invoiced's API) speaks
 * decimals in the currency's units; these functions convert exactly or refuse.
 */
import { remembered } from "./remembered";

const exponentCache = new Map<string, number>();

/** Number of minor-unit digits of an ISO 4217 currency: USD 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let exp = exponentCache.get(code);
  if (exp === undefined) {
    exp = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(code, exp);
  }
  return exp;
}

/** True for a three-letter code that Intl knows as a currency. */
export function isCurrency(code: string): boolean {
  if (!/^[a-zA-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf("currency").includes(code.toUpperCase());
  } catch {
    return false;
  }
}

export class AmountError extends Error {}

/**
 * Parses a decimal (number or string) into minor units of `currency`, exactly.
 * A number is read through its shortest round-trip text, so 10.1 is "10.1", never 10.0999….
 * More decimals than the currency has is an error, never a silent rounding.
 */
export function toMinor(value: number | string, currency: string): number {
  const exp = currencyExponent(currency);
  const text = typeof value === "number" ? numberText(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new AmountError("must be a decimal number");
  const [, sign, whole, frac = ""] = m;
  const significantFrac = frac.replace(/0+$/, "");
  if (significantFrac.length > exp) {
    throw new AmountError(`has more than ${exp} decimal place${exp === 1 ? "" : "s"} for ${currency.toUpperCase()}`);
  }
  const minor = BigInt(whole! + significantFrac.padEnd(exp, "0"));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new AmountError("is too large");
  const n = Number(minor);
  return sign === "-" && n !== 0 ? -n : n;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new AmountError("must be a finite number");
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 or 1e21: expand exactly through BigInt-free string maths
  const [mant, expPart] = s.toLowerCase().split("e") as [string, string];
  const e = Number(expPart);
  const negative = mant.startsWith("-");
  const digits = mant.replace("-", "");
  const [i, f = ""] = digits.split(".") as [string, string?];
  const all = i + f;
  const point = i.length + e;
  const body =
    point <= 0 ? "0." + "0".repeat(-point) + all : point >= all.length ? all + "0".repeat(point - all.length) : all.slice(0, point) + "." + all.slice(point);
  return (negative ? "-" : "") + body;
}

/** Minor units to the decimal number the API sends (exact for amounts below 2^53). */
export function fromMinor(minor: number, currency: string): number {
  const exp = currencyExponent(currency);
  if (exp === 0) return minor;
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  return Number(`${negative ? "-" : ""}${digits.slice(0, -exp)}.${digits.slice(-exp)}`);
}

// Building an Intl.NumberFormat costs far more than using one: a 25-row invoice list
// spent about a quarter of its CPU constructing them (issue 7). One per locale and
// currency, built on first use (not at startup), kept for the isolate's life.
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    moneyFormats.set(key, f);
  }
  return f;
}

// Texts already formatted, per locale and currency: a list shows a hundred amounts, the
// same ones on every reload (and a tenant's prices repeat), and Intl's format was the
// dearest call left in rendering one (6 % of the invoice list's CPU, issue 18). Bounded:
// a currency's texts are dropped when they pass the limit.
const TEXTS_MAX = 2048;
const moneyTexts = new Map<string, Map<number, string>>();

/** Display text for an amount, e.g. "$1,234.50" or "¥1,235". */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const key = `${locale}|${currency}`;
  let texts = moneyTexts.get(key);
  if (!texts) moneyTexts.set(key, (texts = new Map()));
  return remembered(texts, minor, (m) => formatMoneyOnce(m, currency, locale), TEXTS_MAX);
}

function formatMoneyOnce(minor: number, currency: string, locale: string): string {
  const exp = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const decimal = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  // Intl formats a decimal string exactly (no float on the way): NumberFormat accepts strings.
  return moneyFormat(locale, currency.toUpperCase()).format(`${negative ? "-" : ""}${decimal}` as unknown as number);
}
