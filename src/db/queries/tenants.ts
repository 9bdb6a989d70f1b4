import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { once, rows, statement } from "../prepared";
import { tenantDomains, tenants } from "../schema";
import type { Tenant } from "./types";

// Every portal request looks its tenant up: the SQL is prepared once (src/db/prepared.ts).
export const tenantByUsername = once((db) => db.select().from(tenants).where(eq(tenants.username, sql.placeholder("username"))).prepare());

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
    .where(eq(tenantDomains.host, host))
    .get();
  return row?.tenant;
}
