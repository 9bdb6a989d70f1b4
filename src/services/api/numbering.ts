import { type DocKind, documentCount } from "../../db/queries/documents";
import { isUniqueViolation } from "../../db/batch";
import type { TenantScope } from "../../db/scope";
import { conflict } from "../../lib/api-error";

const PREFIX: Record<DocKind, string> = { invoice: "INV-", estimate: "EST-" };
const ATTEMPTS = 5;

/**
 * Runs `write` with the document number: the merchant's own (a number already
 * used is a 409 naming `number`), or the next free one (INV-00042), retried on a
 * collision since two creates at once may pick the same one. The unique index
 * (tenant, number) decides; nothing is read-then-trusted.
 */
export async function withNumber<T>(scope: TenantScope, kind: DocKind, given: string | undefined, write: (number: string) => Promise<T>): Promise<T> {
  if (given !== undefined) {
    try {
      return await write(given);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`Number ${given} is already used by another ${kind}`, "number");
      throw err;
    }
  }
  const base = (await documentCount(scope, kind)) + 1;
  for (let k = 0; ; k++) {
    const n = base + k * (k + 1); // 0, 2, 6, 12 ... apart: skips past a run of taken numbers quickly
    try {
      return await write(`${PREFIX[kind]}${String(n).padStart(5, "0")}`);
    } catch (err) {
      if (!isUniqueViolation(err) || k + 1 >= ATTEMPTS) throw err;
    }
  }
}
