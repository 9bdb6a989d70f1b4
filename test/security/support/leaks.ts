/**
 * S29/S30: what an answer must never show. Internals are D1 and SQLite error
 * codes, drizzle's "Failed query", SQL text, stack frames and source paths.
 */
const INTERNALS: RegExp[] = [
  // a D1 error code as a word of its own (D1_ERROR, D1_TYPE_ERROR...), not three letters
  // inside a random base64url token (a page's CSRF token held "…D1_W…" once in a fuzz run)
  /(?<![\w-])D1_[A-Z_]{4,}(?![\w-])/,
  /SQLITE_[A-Z]+/,
  /Failed query/i,
  /\bselect\s+[\w"`*.,\s]{1,200}?\s+from\s+["`\w]/i,
  /\binsert\s+into\s+["`\w]/i,
  /\bupdate\s+["`]\w+["`]\s+set\b/i,
  /\bdelete\s+from\s+["`\w]/i,
  /\bat\s+[\w$.<>[\] ]+\s\([^)\n]*:\d+:\d+\)/, // a V8 stack frame
  /node_modules\//,
  /\/src\/[\w/.-]+\.tsx?\b/,
  /\b(?:TypeError|ReferenceError|RangeError|ZodError|DrizzleQueryError)\b/,
];

/** The first internal detail found in `text`, or null. */
export function findInternals(text: string): string | null {
  for (const re of INTERNALS) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}

const API_ERROR_TYPES = new Set(["invalid_request_error", "authentication_error", "api_error", "rate_limit_error"]);

/** Invoiced's error object: `{type, message, param?}` and nothing else. */
export function isApiErrorObject(body: unknown): boolean {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const o = body as Record<string, unknown>;
  const keys = Object.keys(o);
  return (
    typeof o.type === "string" &&
    API_ERROR_TYPES.has(o.type) &&
    typeof o.message === "string" &&
    o.message.length > 0 &&
    (o.param === undefined || typeof o.param === "string") &&
    keys.every((k) => k === "type" || k === "message" || k === "param")
  );
}
