/**
 * The tenant → database directory (issue 18, docs/scaling.md). Every tenant's rows live
 * in one D1 database, named by its binding; today the directory has one entry and every
 * tenant is in `DB`. The lookup is here and only here, so that adding a database means
 * adding its binding to `SHARDS` and reading the tenant's entry (a `shard` column on the
 * tenants row of the directory database, placed by size when the tenant is created),
 * not finding every place that says `env.DB`.
 */
export const SHARDS = ["DB"] as const;
export type ShardBinding = (typeof SHARDS)[number];
type Shards = Record<ShardBinding, D1Database>;

/** The binding that holds a tenant's rows. */
export function shardOf(_tenantId: number): ShardBinding {
  return "DB";
}

/** The D1 database of a tenant. */
export function databaseOf(bindings: Shards, tenantId: number): D1Database {
  return bindings[shardOf(tenantId)];
}
