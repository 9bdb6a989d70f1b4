import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { recordEvent } from "../../db/events";
import { events, tenants } from "../../db/schema";
import { tenantScope } from "../../db/scope";
import { DAY } from "../../lib/time";
import { createTenant } from "../tenants";
import { type ApiFetch, type DemoApi, demoApi } from "./api-client";
import { COUPONS, CUSTOMERS, ITEMS, PLANS, TAX_RATES } from "./catalog";
import { planEstimates, planInvoices } from "./documents";
import { DEMO_API_KEY, DEMO_NAME, DEMO_SSO_KEY, DEMO_USERNAME } from "./keys";
import { prng } from "./prng";
import { type SeededCustomer, seedEstimates, seedInvoices } from "./seed-documents";
import { seedSubscriptions } from "./subscriptions";

export type SeedDeps = {
  /** unscoped client: the demo tenant is created (or found) here */
  db: Db;
  /** the merchant API app, called in-process */
  api: ApiFetch;
  encryptionKey: string;
  now: number;
};
export type SeedResult = { created: boolean; tenantId: number };

/** Same data on every machine (dates are relative to today). */
const DEMO_PRNG_SEED = 20_261_128;
/** Appended once the whole demo exists; its presence makes a later run a no-op. */
const SEEDED_EVENT = "demo.seeded";
/** In-process requests never leave the worker; the host only has to parse. */
const IN_PROCESS_ORIGIN = "http://api.demo-seed.invalid";

/**
 * The local demo: tenant `demo` with the documented keys (keys.ts), then its
 * catalogue, customers, invoices, payments and estimates THROUGH the merchant API
 * with the demo key, so the data meets the API's validation and totals.
 * Customer-side steps (views, estimate answers) go through the portal's own functions.
 *
 * Idempotent: once complete, a run changes nothing. A run that was interrupted is
 * completed by the next one: every POST carries an Idempotency-Key, so requests
 * that already succeeded are replayed, not repeated (the API keeps keys 24 hours).
 */
export async function seedDemo(deps: SeedDeps): Promise<SeedResult> {
  const { db, now } = deps;
  const tenantId = await ensureDemoTenant(deps);
  if (await alreadySeeded(db, tenantId)) return { created: false, tenantId };

  const scope = tenantScope(db, tenantId);
  const api = demoApi(deps.api, DEMO_API_KEY, IN_PROCESS_ORIGIN);
  const rng = prng(DEMO_PRNG_SEED);
  const today = now - (now % DAY);

  await seedCatalog(api);
  const customers = await seedCustomers(api);
  const ctx = { api, scope, customers, rng, now };
  await seedInvoices(ctx, planInvoices(rng, today));
  await seedEstimates(ctx, planEstimates(rng, today));
  await seedSubscriptions(ctx);

  await recordEvent(scope, { type: SEEDED_EVENT }, { actor: "system" }, now);
  return { created: true, tenantId };
}

async function ensureDemoTenant({ db, encryptionKey, now }: SeedDeps): Promise<number> {
  const existing = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.username, DEMO_USERNAME)).get();
  if (existing) return existing.id;
  const { tenant } = await createTenant(db, { username: DEMO_USERNAME, name: DEMO_NAME }, encryptionKey, now, {
    apiKey: DEMO_API_KEY,
    ssoKey: DEMO_SSO_KEY,
  });
  return tenant.id;
}

async function alreadySeeded(db: Db, tenantId: number): Promise<boolean> {
  const row = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.type, SEEDED_EVENT)))
    .get();
  return row !== undefined;
}

async function seedCatalog(api: DemoApi) {
  for (const t of TAX_RATES) await api.post("/tax_rates", t, `tax_rate:${t.id}`);
  for (const c of COUPONS) await api.post("/coupons", c, `coupon:${c.id}`);
  for (const i of ITEMS) await api.post("/items", i, `item:${i.id}`);
  for (const p of PLANS) await api.post("/plans", p, `plan:${p.id}`);
}

/** Parents first (CUSTOMERS lists them before their sub-customers), contacts inline. */
async function seedCustomers(api: DemoApi): Promise<Map<string, SeededCustomer>> {
  const out = new Map<string, SeededCustomer>();
  for (const c of CUSTOMERS) {
    const parent = c.parent ? out.get(c.parent) : undefined;
    const body = { ...c.body, ...(parent ? { parent_customer: parent.id } : {}), ...(c.contacts ? { contacts: c.contacts } : {}) };
    const created = await api.post<{ id: number; name: string; email: string | null }>("/customers", body, `customer:${c.body.number}`);
    out.set(c.key, { id: created.id, name: created.name, email: created.email });
  }
  return out;
}
