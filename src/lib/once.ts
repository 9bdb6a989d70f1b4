/**
 * A value built on its first use and kept for the life of the isolate: prepared
 * statements (src/db/prepared.ts) and zod schemas (src/lib/zod.ts), which every isolate
 * would otherwise build at startup or on every request (issue 18).
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
