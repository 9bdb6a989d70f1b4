import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { tenantDomains, tenants } from "../schema";
import type { Tenant } from "./types";

/** Tenant of a portal host: `<username>.<domain>` or an exact custom domain. Global by nature. */
export async function findTenantByUsername(db: Db, username: string): Promise<Tenant | undefined> {
  return db.select().from(tenants).where(eq(tenants.username, username)).get();
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
