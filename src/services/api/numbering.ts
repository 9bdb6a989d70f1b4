import { isUniqueViolation } from "../../db/batch";
import type { DocKind } from "../../db/queries/documents";
import { conflict } from "../../lib/api-error";

/**
 * Runs a write that stores the merchant's own number `given` (a create or a
 * renumbering): the unique index (tenant, number) decides, and a number already
 * used is a 409 naming `number`, never a 500. Automatic numbers need no such
 * care: `nextNumber` (src/db/queries/numbering.ts) computes them inside the INSERT.
 */
export async function refuseTakenNumber<T>(kind: DocKind, given: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (given !== undefined && isUniqueViolation(err)) throw conflict(`Number ${given} is already used by another ${kind}`, "number");
    throw err;
  }
}
