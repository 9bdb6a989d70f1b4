import { z } from "zod";
import { hasControlChars } from "../../lib/control-chars";

/** Messages per field name, the first problem of each (shown next to the field). */
export type FieldErrors = Record<string, string>;

/**
 * The named text fields of a parsed form body, as typed. Anything that is not a
 * single string (a file, a repeated field) reads as "", so validation then
 * reports it as missing instead of the handler throwing.
 */
export function readFields<K extends string>(body: Record<string, unknown>, names: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const name of names) {
    const v = body[name];
    out[name] = typeof v === "string" ? v : "";
  }
  return out;
}

/** First zod issue per top-level field. */
export function issuesByField(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/**
 * A trimmed single-line text field with a length limit and messages naming the field.
 * Line breaks and other control characters are refused (names reach mail headers).
 */
export const text = (label: string, max: number) =>
  z
    .string()
    .refine((v) => !hasControlChars(v), `${label} must be on one line, without control characters.`)
    .trim()
    .max(max, `${label} must be at most ${max} characters.`);

/** An optional email: "" or a valid address of at most 254 characters. */
export const optionalEmail = (label: string) =>
  text(label, 254).refine((v) => v === "" || z.email().safeParse(v).success, {
    message: `Enter a valid email address, like name@example.com.`,
  });

/** Phone numbers as people type them: digits with + ( ) . - spaces and an extension. */
export const optionalPhone = (label: string) =>
  text(label, 40).refine((v) => v === "" || (/^\+?[\d\s().-]+(?:\s*(?:x|ext\.?)\s*\d+)?$/i.test(v) && /\d{4}/.test(v.replace(/\D/g, ""))), {
    message: `${label} may contain digits, spaces, + ( ) - and an extension, like +1 415 555 0100.`,
  });

/** "" becomes null for storage. */
export const orNull = (v: string): string | null => (v === "" ? null : v);
