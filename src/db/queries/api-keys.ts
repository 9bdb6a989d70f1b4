import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { apiKeys, tenants } from "../schema";
import type { Tenant } from "./types";

/** The tenant owning an API key, by the key's hash. Global by nature: the key decides the tenant. */
export async function findTenantByApiKeyHash(db: Db, keyHash: string): Promise<Tenant | undefined> {
  const row = await db
    .select({ tenant: tenants })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  return row?.tenant;
}
