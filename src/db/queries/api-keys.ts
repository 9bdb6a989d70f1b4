import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { once, rows, statement } from "../prepared";
import { apiKeys, tenants } from "../schema";
import type { Tenant } from "./types";

// Every API request looks its key up: the SQL is prepared once (src/db/prepared.ts).
// Only the tenant's columns are selected, so the join's shared column names do not collide.
const byKeyHash = once((db) =>
  db
    .select({ tenant: tenants })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(and(eq(apiKeys.keyHash, sql.placeholder("keyHash")), isNull(apiKeys.revokedAt)))
    .prepare(),
);

/** The tenant owning an API key, by the key's hash. Global by nature: the key decides the tenant. */
export async function findTenantByApiKeyHash(db: Db, keyHash: string): Promise<Tenant | undefined> {
  const q = byKeyHash();
  return rows<{ tenant: Tenant }>(q, await statement(db.$client, q, { keyHash }).all())[0]?.tenant;
}
