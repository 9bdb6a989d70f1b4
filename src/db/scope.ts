import { and, count, eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { batchOf, type Statement } from "./batch";
import type { Db } from "./client";

/**
 * The one place where tenant (and, in the portal, customer) scoping lives.
 *
 * Handlers never see the raw database: middleware builds a scope for the
 * request's tenant and puts it on the context; query functions in
 * `src/db/queries/` take a scope, and every statement they build goes through
 * `own()`, so the tenant condition cannot be forgotten. A test enforces that
 * nothing outside `src/db/` reaches `env.DB` or drizzle directly.
 */

type TenantTable = SQLiteTable & { tenantId: SQLiteColumn };
type CustomerTable = TenantTable & { customerId: SQLiteColumn };

export type TenantScope = ReturnType<typeof tenantScope>;
export type CustomerScope = ReturnType<typeof customerScope>;

export function tenantScope(db: Db, tenantId: number) {
  /** `tenant_id = ?` AND any further conditions. */
  const own = <T extends TenantTable>(table: T, ...conds: (SQL | undefined)[]): SQL => and(eq(table.tenantId, tenantId), ...conds)!;

  return {
    kind: "tenant" as const,
    tenantId,
    own,
    /** `select * from table where tenant_id = ? [and where]`; chain orderBy/limit/offset. */
    select<T extends TenantTable>(table: T, where?: SQL) {
      return db
        .select()
        .from(table as SQLiteTable)
        .where(own(table, where)) as unknown as SelectOf<T>;
    },
    /** Count rows of the tenant matching `where`. */
    count<T extends TenantTable>(table: T, where?: SQL) {
      return db
        .select({ n: count() })
        .from(table as SQLiteTable)
        .where(own(table, where));
    },
    insert<T extends TenantTable>(table: T, values: Omit<T["$inferInsert"], "tenantId">) {
      return db.insert(table).values({ ...values, tenantId } as T["$inferInsert"]);
    },
    insertMany<T extends TenantTable>(table: T, rows: Omit<T["$inferInsert"], "tenantId">[]) {
      return db.insert(table).values(rows.map((r) => ({ ...r, tenantId }) as T["$inferInsert"]));
    },
    update<T extends TenantTable>(table: T, set: Partial<T["$inferInsert"]>, where?: SQL) {
      return db
        .update(table)
        .set(set as never)
        .where(own(table, where));
    },
    delete<T extends TenantTable>(table: T, where?: SQL) {
      return db.delete(table).where(own(table, where));
    },
    /** Atomic batch (D1 has no interactive transactions). */
    batch: batchOf(db),
    /**
     * The drizzle client, for joins and aggregates in `src/db/queries/` only:
     * such a query must put `own(table)` on every table it reads.
     */
    db,
  };
}

/**
 * A tenant scope narrowed to one signed-in customer: every lookup is
 * `tenant_id = ? AND customer_id = ?` (S31), so a foreign id finds nothing (404).
 */
export function customerScope(scope: TenantScope, customerId: number) {
  const mine = <T extends CustomerTable>(table: T, ...conds: (SQL | undefined)[]): SQL => scope.own(table, eq(table.customerId, customerId), ...conds);

  return {
    ...scope,
    kind: "customer" as const,
    customerId,
    mine,
    select<T extends CustomerTable>(table: T, where?: SQL) {
      return scope.db
        .select()
        .from(table as SQLiteTable)
        .where(mine(table, where)) as unknown as SelectOf<T>;
    },
    count<T extends CustomerTable>(table: T, where?: SQL) {
      return scope.db
        .select({ n: count() })
        .from(table as SQLiteTable)
        .where(mine(table, where));
    },
    update<T extends CustomerTable>(table: T, set: Partial<T["$inferInsert"]>, where?: SQL) {
      return scope.db
        .update(table)
        .set(set as never)
        .where(mine(table, where));
    },
    delete<T extends CustomerTable>(table: T, where?: SQL) {
      return scope.db.delete(table).where(mine(table, where));
    },
  };
}

/**
 * A customer scope whose tenant and customer are SQL (subqueries on the session row,
 * src/db/queries/page-entry.ts) instead of numbers: a page's reads are built with it
 * before the session has been read, so they can ride in the session's own batch. For
 * building statements only (on the builder client of src/db/prepared.ts): its
 * `tenantId` and `customerId` are not numbers at run time.
 */
export function sessionBoundScope(db: Db, tenantId: SQL, customerId: SQL): CustomerScope {
  const scope = customerScope(tenantScope(db, tenantId as unknown as number), customerId as unknown as number);
  sessionBound.add(scope);
  return scope;
}

// Session-bound scopes are built once per isolate: their statements' SQL can be kept (src/db/prepared-reads.ts).
const sessionBound = new WeakSet<CustomerScope>();

/** True for a scope made by sessionBoundScope. */
export const isSessionBound = (scope: CustomerScope): boolean => sessionBound.has(scope);

/** The select builder type for a whole-row select of T, after `.where()`. */
type SelectOf<T extends SQLiteTable> = {
  orderBy(...cols: (SQLiteColumn | SQL | SQL.Aliased)[]): SelectOf<T>;
  limit(n: number): SelectOf<T>;
  offset(n: number): SelectOf<T>;
  get(): Promise<T["$inferSelect"] | undefined>;
  all(): Promise<T["$inferSelect"][]>;
  then: Promise<T["$inferSelect"][]>["then"];
} & Statement;
