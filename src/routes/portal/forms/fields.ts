import { hasControlChars } from "../../../lib/control-chars";
import * as z from "../../../lib/zod";

/** Building blocks of the portal's form schemas: the same limits and messages on every form. */

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
