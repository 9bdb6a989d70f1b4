import { invalidRequest } from "../../lib/api-error";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "../../lib/control-chars";
import { fromMinor, isCurrency } from "../../lib/money";
import * as z from "../../lib/zod";

/**
 * Shared pieces of the merchant API's wire format (Invoiced's shapes), used by
 * every resource's serialiser and input schema in `src/services/api/`:
 * money out as decimals, metadata, text fields, timestamps, ids in paths.
 * The schema pieces are functions, called where a schema is built: that schema is
 * then built on its first use (`z.once`) and not when an isolate starts (issue 18).
 */

/** Integer minor units of `currency` to the decimal the API sends (exact below 2^53). */
export const money = (minor: number, currency: string): number => fromMinor(minor, currency);

/** Basis points (1250) to the wire's percentage (12.5). */
export const percent = (bp: number): number => bp / 100;

/** Unix seconds, as Invoiced sends them; the latest accepted is the end of year 9999. */
export const unixTime = () => z.int("must be a Unix timestamp in seconds").min(0).max(253_402_300_799);

/**
 * Merchant metadata as Invoiced limits it: at most 10 keys of up to 40
 * characters, string values of up to 255. On update the object replaces the old one.
 */
export const metadataSchema = () =>
  z
    .record(z.string().min(1).max(40, "metadata keys are at most 40 characters"), z.string().max(255, "metadata values are at most 255 characters"))
    .refine((m) => Object.keys(m).length <= 10, "metadata has at most 10 keys");

/**
 * A name, number or other single-line value (it may reach a mail header or a PDF
 * title): trimmed, never empty, and a control character anywhere (checked before
 * trimming, so a trailing line break is refused too) is a 400 naming the field.
 */
export const lineText = (max: number) =>
  z
    .string()
    .refine((v) => !hasControlChars(v), CONTROL_CHARS_MESSAGE)
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);

/** An optional single-line value: as optionalText, refusing control characters as lineText does. */
export const optionalLineText = (max: number) =>
  z
    .string()
    .refine((v) => !hasControlChars(v), CONTROL_CHARS_MESSAGE)
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .transform((v) => (v === null || v === "" ? null : v));

/** Optional text: trimmed; "" and null both store null (clients send either for a blank). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .transform((v) => (v === null || v === "" ? null : v));

/** An optional email address ("" and null clear it). */
export const optionalEmail = () =>
  z
    .string()
    .trim()
    .max(254, "must be at most 254 characters")
    .nullable()
    .refine((v) => v === null || v === "" || z.email().safeParse(v).success, "must be a valid email address")
    .transform((v) => (v === "" ? null : v));

/** A lower-case ISO 4217 code. */
export const currencySchema = () =>
  z
    .string()
    .refine(isCurrency, "must be a three-letter ISO 4217 currency code")
    .transform((v) => v.toLowerCase());

/** A decimal amount, as a JSON number or a string; converted by currency after validation (decimal.ts). */
export const decimalInput = () =>
  z.union([z.number(), z.string().max(32)], {
    // "received undefined" is what validate() turns into "<field> is required"
    error: (issue) => (issue.input === undefined ? "expected a decimal number, received undefined" : "must be a decimal number"),
  });

/** Merchant-chosen string ids (plans, items, coupons, tax rates): what Invoiced allows in a URL segment. */
const STRING_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const stringIdSchema = () => z.string().regex(STRING_ID, "must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");

/** A path id of an integer resource; anything else finds nothing (the caller answers 404). */
export function intId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,14}$/.test(raw)) return null;
  return Number(raw);
}

/** A path id of a merchant-chosen string resource, or null (404). */
export function stringId(raw: string | undefined): string | null {
  return raw && STRING_ID.test(raw) ? raw : null;
}

/**
 * Fields the API sends but never takes (ids, timestamps, computed values): a clear
 * 400 instead of the generic "Unknown field", since a client may echo an object back.
 */
export function refuseReadOnly(body: Record<string, unknown>, fields: readonly string[], hint = "it is read-only"): void {
  for (const f of fields) if (f in body) throw invalidRequest(`${f} cannot be set: ${hint}`, f);
}

/** Object fields every resource shares. */
export const COMMON_READ_ONLY = ["id", "object", "created_at", "updated_at"] as const;

/** `true`/`1` or `false`/`0` in a query filter, or a 400 naming `param`. */
export function boolParam(value: string, param: string): boolean {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw invalidRequest(`${param} must be true or false`, param);
}

/** A positive integer id in a query filter, or a 400 naming `param`. */
export function intParam(value: string, param: string): number {
  const id = intId(value);
  if (id === null) throw invalidRequest(`${param} must be a positive integer id`, param);
  return id;
}

/** Unix seconds in a query parameter, or a 400 naming `param`. */
export function timeParam(value: string, param: string): number {
  if (!/^\d{1,12}$/.test(value)) throw invalidRequest(`${param} must be a Unix timestamp in seconds`, param);
  return Number(value);
}
