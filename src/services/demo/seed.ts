import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tenants } from "../../db/schema";
import { createTenant } from "../tenants";
import { DEMO_API_KEY, DEMO_NAME, DEMO_SSO_KEY, DEMO_USERNAME } from "./keys";

/** Calls the merchant API in-process (e.g. `(req) => apiApp.fetch(req, env, ctx)`). */
export type ApiFetch = (req: Request) => Promise<Response>;

export type SeedDeps = { db: Db; api: ApiFetch; encryptionKey: string; now: number };
export type SeedResult = { created: boolean; tenantId: number };

/**
 * The local demo: tenant `demo` with the documented keys, then its data through
 * the merchant API. Idempotent: when the tenant exists, nothing changes.
 */
export async function seedDemo(deps: SeedDeps): Promise<SeedResult> {
  const existing = await deps.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.username, DEMO_USERNAME)).get();
  if (existing) return { created: false, tenantId: existing.id };
  const { tenant } = await createTenant(deps.db, { username: DEMO_USERNAME, name: DEMO_NAME }, deps.encryptionKey, deps.now, {
    apiKey: DEMO_API_KEY,
    ssoKey: DEMO_SSO_KEY,
  });
  return { created: true, tenantId: tenant.id };
}
