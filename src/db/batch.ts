import { type SQL, sql } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

/**
 * Batches: D1's only atomic unit (it has no interactive transactions). Every
 * check-then-act in this project is a conditional write inside one batch, guarded
 * by the helpers below; this is the one module that knows how.
 */

/** One statement of a D1 batch: any drizzle query, built but not run. */
export type Statement = BatchItem<"sqlite">;

/** What a D1 batch takes: build a list, append your own statements, then run it. */
export type BatchStatements = Statement[];

/**
 * `scope.batch(...)`: a literal list keeps each statement's result type; a list
 * built step by step (`BatchStatements`) gives `unknown[]`, read with `rowsChanged`.
 */
export type Batch = {
  <T extends readonly [Statement, ...Statement[]]>(statements: T): Promise<BatchResponse<T>>;
  (statements: readonly Statement[]): Promise<unknown[]>;
};

/** The typed `batch()` of a client (drizzle's own wants a non-empty tuple type). */
export function batchOf(db: Db): Batch {
  return ((statements: readonly Statement[]) => db.batch(statements as unknown as [Statement, ...Statement[]])) as Batch;
}

type IdTable = SQLiteTable & { id: SQLiteColumn; tenantId: SQLiteColumn };

/**
 * The id of the row inserted earlier in the same batch into `table`. A batch runs
 * alone (D1 serialises it as one transaction) and AUTOINCREMENT ids only grow, so
 * the tenant's highest id is the one just inserted. Lets a create and its audit
 * event (and child rows) share one atomic batch before the id is known.
 */
export const lastInsertedId = (scope: { tenantId: number }, table: IdTable): SQL =>
  sql`(SELECT MAX(${table.id}) FROM ${table} WHERE ${table.tenantId} = ${scope.tenantId})`;

/** D1's answer to a write (run alone or inside a batch): how many rows it changed. */
export function rowsChanged(result: unknown): number {
  return (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0;
}

/**
 * D1 has no interactive transactions, but a batch is atomic: if one statement
 * fails, none of the batch is kept. This statement fails (SQLite's json() refuses
 * malformed text) unless the statement just before it changed exactly one row, so
 * a conditional write ("UPDATE ... WHERE balance >= ?") that matched nothing
 * undoes the whole batch instead of leaving the rest half-applied.
 *
 * The argument depends on changes(), so SQLite cannot hoist it as a constant.
 */
export function assertOneRowChanged(scope: { db: Db }): Statement {
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
