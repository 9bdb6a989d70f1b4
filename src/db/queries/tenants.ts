import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { once, rows, statement } from "../prepared";
import { apiKeys, ssoKeys, tenantDomains, tenants } from "../schema";
import type { Tenant } from "./types";

// Every portal request looks its tenant up: the SQL is prepared once (src/db/prepared.ts).
export const tenantByUsername = once((db) =>
  db
    .select()
    .from(tenants)
    .where(eq(tenants.username, sql.placeholder("username")))
    .prepare(),
);

/** Tenant of a portal host: `<username>.<domain>` or an exact custom domain. Global by nature. */
export async function findTenantByUsername(db: Db, username: string): Promise<Tenant | undefined> {
  const q = tenantByUsername();
  return rows<Tenant>(q, await statement(db.$client, q, { username }).all())[0];
}

export async function findTenantByCustomHost(db: Db, host: string): Promise<Tenant | undefined> {
  const row = await db
    .select({ tenant: tenants })
    .from(tenantDomains)
    .innerJoin(tenants, eq(tenants.id, tenantDomains.tenantId))
    // only a verified claim is served (issue 12.5): an unverified one proves nothing
    .where(and(eq(tenantDomains.host, host), isNotNull(tenantDomains.verifiedAt)))
    .get();
  return row?.tenant;
}

/**
 * Inserts a tenant with its first API key (hashed) and SSO key (encrypted) in ONE
 * atomic batch (D1 has no transactions): a tenant never exists without its keys,
 * and of two concurrent creations of one username the second fails on the UNIQUE
 * index. The keys find the new tenant by its username inside the same batch.
 */
export async function insertTenantWithKeys(
  db: Db,
  row: { username: string; name: string; currency: string },
  keys: { apiKeyHash: string; apiKeyPrefix: string; ssoKeyEnc: string },
  now: number,
): Promise<Tenant> {
  const tenantId = sql`(SELECT ${tenants.id} FROM ${tenants} WHERE ${tenants.username} = ${row.username})`;
  const [inserted] = await db.batch([
    db
      .insert(tenants)
      .values({ ...row, createdAt: now, updatedAt: now })
      .returning(),
    db.insert(apiKeys).values({ tenantId, keyHash: keys.apiKeyHash, prefix: keys.apiKeyPrefix, createdAt: now }),
    db.insert(ssoKeys).values({ tenantId, keyEnc: keys.ssoKeyEnc, createdAt: now }),
  ]);
  return inserted[0]!;
}
