/**
 * The public id of an invoice, estimate or payment as it appears in portal URLs and
 * forms (random letters and digits, src/lib/random.ts). Anything else is refused before
 * a query runs: a malformed id is a plain 404, never a lookup.
 */
const PUBLIC_ID = /^[A-Za-z0-9]{10,40}$/;

export function isPublicId(value: unknown): value is string {
  return typeof value === "string" && PUBLIC_ID.test(value);
}
