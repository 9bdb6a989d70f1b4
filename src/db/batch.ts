import { sql } from "drizzle-orm";
import type { TenantScope } from "./scope";

/**
 * D1 has no interactive transactions, but a batch is atomic: if one statement
 * fails, none of the batch is kept. This statement fails (SQLite's json() refuses
 * malformed text) unless the statement just before it changed exactly one row, so
 * a conditional write ("UPDATE ... WHERE balance >= ?") that matched nothing
 * undoes the whole batch instead of leaving the rest half-applied.
 *
 * The argument depends on changes(), so SQLite cannot hoist it as a constant.
 */
export function assertOneRowChanged(scope: TenantScope) {
  return scope.db.run(sql`SELECT json(CASE WHEN changes() = 1 THEN '1' ELSE 'guard: conditional write matched no row' END)`);
}

/** True when a batch failed because of `assertOneRowChanged`. */
export function isGuardFailure(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /malformed JSON/i.test(text);
}

/** True when a statement failed on a UNIQUE constraint (a merchant-chosen id or number already used). */
export function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /UNIQUE constraint failed/i.test(text);
}

/** True when a delete or insert failed on a FOREIGN KEY constraint (rows still refer to it). */
export function isForeignKeyViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /FOREIGN KEY constraint failed/i.test(text);
}
