import { type SQL, sql } from "drizzle-orm";
import { numberCounters } from "../schema";
import type { TenantScope } from "../scope";

export type NumberedKind = "invoice" | "estimate" | "customer";

/** The tenant's format: these prefixes, then digits (the migration's triggers know them too). */
const NUMBER_PREFIX: Record<NumberedKind, string> = { invoice: "INV-", estimate: "EST-", customer: "CUST-" };
/** Width of a tenant's first automatic number (INV-00001). */
const DEFAULT_WIDTH = 5;

/**
 * The one allocator of document and customer numbers: an SQL expression to put as
 * the `number` of an INSERT (invoice, estimate, customer; API creates, estimate
 * conversions and subscription renewals alike). It is evaluated inside that INSERT,
 * one above the tenant's highest number of the kind, padded to the width of that
 * number, and the insert's trigger moves `number_counters` up in the same
 * statement. SQLite runs one statement at a time, so any number of concurrent
 * creates get distinct numbers without a retry, and nothing is read-then-trusted.
 */
export function nextNumber(scope: TenantScope, kind: NumberedKind): SQL {
  const c = numberCounters;
  const first = `${NUMBER_PREFIX[kind]}${"1".padStart(DEFAULT_WIDTH, "0")}`;
  return sql`COALESCE((SELECT ${NUMBER_PREFIX[kind]} || printf('%0*d', ${c.width}, ${c.last} + 1) FROM ${c} WHERE ${scope.own(c, sql`${c.kind} = ${kind}`)}), ${first})`;
}

/** The number the tenant's next automatic create of this kind will get (for tests and previews). */
export async function peekNextNumber(scope: TenantScope, kind: NumberedKind): Promise<string> {
  const [row] = await scope.db.all<{ n: string }>(sql`SELECT ${nextNumber(scope, kind)} AS n`);
  return row!.n;
}
