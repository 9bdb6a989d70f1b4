import { currencyExponent } from "../../lib/money";

/**
 * Stripe's minor units are not always ISO 4217's (S35). Our amounts use the
 * exponent from `currencyExponent` (Intl/CLDR); Stripe has its own table:
 * zero-decimal currencies (JPY, KRW, ...), three-decimal ones (KWD, ...), and
 * everything else two-decimal, including ISK, HUF and IDR, which CLDR gives no
 * decimals. So ISK 5 is 5 for us and 500 for Stripe.
 */

const STRIPE_ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
const STRIPE_THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

function stripeExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (STRIPE_ZERO_DECIMAL.has(c)) return 0;
  if (STRIPE_THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** Our minor units -> the integer Stripe expects for `amount`. */
export function toStripeAmount(minor: number, currency: string): number {
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift >= 0) return minor * 10 ** shift;
  const factor = 10 ** -shift;
  if (minor % factor !== 0) throw new RangeError(`${currency.toUpperCase()} amount cannot be expressed in Stripe's units`);
  return minor / factor;
}

/** Stripe's integer amount -> our minor units (exact, or a RangeError). */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift <= 0) return amount * 10 ** -shift;
  const factor = 10 ** shift;
  if (amount % factor !== 0) throw new RangeError(`${currency.toUpperCase()} amount from Stripe has a fraction we cannot store`);
  return amount / factor;
}
