import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { createDb } from "../../src/db/client";
import { tenants } from "../../src/db/schema";
import { tenantScope } from "../../src/db/scope";
import { nowSeconds } from "../../src/lib/time";
import { type CreatedTenant, createTenant } from "../../src/services/tenants";

let counter = 0;

export const testDb = () => createDb(env.DB);

/** A fresh tenant with its keys. `overrides` sets portal settings directly. */
export async function makeTenant(
  overrides: Partial<typeof tenants.$inferInsert> = {},
  username = `t${Date.now().toString(36)}${counter++}`,
): Promise<CreatedTenant & { origin: string; scope: ReturnType<typeof tenantScope> }> {
  const db = testDb();
  const created = await createTenant(db, { username, name: `Tenant ${username}` }, env.ENCRYPTION_KEY, nowSeconds());
  if (Object.keys(overrides).length) {
    await db.update(tenants).set(overrides).where(eq(tenants.id, created.tenant.id));
    created.tenant = (await db.select().from(tenants).where(eq(tenants.id, created.tenant.id)).get())!;
  }
  return { ...created, origin: `http://${username}.localhost:8787`, scope: tenantScope(db, created.tenant.id) };
}
