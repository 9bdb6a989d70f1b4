import { basisPointsOf, minorOf } from "../../lib/api/decimal";
import { invalidRequest } from "../../lib/api-error";
import { money, percent } from "./wire";

/**
 * The `value` of a coupon or tax rate: a percentage (`is_percent`, stored in basis
 * points, 12.5 % = 1250) or a fixed amount in `currency` (minor units; the tenant's
 * currency when none is given, stored so the amount never changes meaning).
 */

export type RateValue = { value: number; isPercent: boolean; currency: string | null };

export function parseRateValue(
  input: { value: number | string; is_percent?: boolean; currency?: string | null },
  tenantCurrency: string,
  opts: { allowZero: boolean },
): RateValue {
  const isPercent = input.is_percent ?? true;
  const low = opts.allowZero ? "at least 0" : "greater than 0";
  if (isPercent) {
    const bp = basisPointsOf(input.value, "value");
    if (bp < 0 || (!opts.allowZero && bp === 0) || bp > 10_000) throw invalidRequest(`value must be a percentage ${low} and at most 100`, "value");
    return { value: bp, isPercent, currency: input.currency ?? null };
  }
  const currency = input.currency ?? tenantCurrency;
  const minor = minorOf(input.value, currency, "value");
  if (minor < 0 || (!opts.allowZero && minor === 0)) throw invalidRequest(`value must be ${low}`, "value");
  return { value: minor, isPercent, currency };
}

/** `value` and `currency` as the API sends them. */
export function rateValueToWire(row: RateValue, tenantCurrency: string) {
  if (row.isPercent) return { value: percent(row.value), currency: row.currency };
  const currency = row.currency ?? tenantCurrency;
  return { value: money(row.value, currency), currency };
}
