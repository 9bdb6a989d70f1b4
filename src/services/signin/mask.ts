/** "ada@example.com" -> "a***@example.com": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Emails are compared lower-cased and trimmed everywhere (lookup, limits, tokens). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
