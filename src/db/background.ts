import { createDb, type Db } from "./client";
import { type TenantScope, tenantScope } from "./scope";
import { databaseOf } from "./shards";

/**
 * Clients for work done after the response (`waitUntil`), such as mailing a
 * sign-in link. They are not the request's counted client: the response's
 * round-trip header must not depend on how far that work got, or an email
 * that exists would answer differently from one that does not (S11).
 */
export function backgroundDb(bindings: { DB: D1Database }): Db {
  return createDb(bindings.DB);
}

/** A tenant's work after the response, on the tenant's database (src/db/shards.ts). */
export function backgroundScope(bindings: { DB: D1Database }, tenantId: number): TenantScope {
  return tenantScope(createDb(databaseOf(bindings, tenantId)), tenantId);
}
