/**
 * What may be logged about an unexpected error (S44): its kind, the cause's kind,
 * D1/SQLite error codes and where it was thrown. Never its message: drizzle's
 * "Failed query" message quotes the SQL parameters (emails, token and key
 * hashes), and parse errors quote the input.
 */
export function errorForLog(err: unknown): string {
  if (!(err instanceof Error)) return `non-error ${typeof err}`;
  const parts = [err.name];
  const cause = err.cause instanceof Error ? err.cause : null;
  if (cause) parts.push(`(cause ${cause.name})`);
  const codes = new Set(`${err.message}\n${cause?.message ?? ""}`.match(/\b(?:D1_[A-Z_]+|SQLITE_[A-Z_]+)\b/g) ?? []);
  if (codes.size) parts.push([...codes].join(" "));
  const frame = /\n\s+at ([^\n]{1,200})/.exec(err.stack ?? "")?.[1];
  if (frame) parts.push(`at ${frame}`);
  return parts.join(" ");
}
