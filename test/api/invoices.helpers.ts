import { desc, eq } from "drizzle-orm";
import { catalogItems, coupons, events, taxRates } from "../../src/db/schema";
import { toMinor } from "../../src/lib/money";
import { nowSeconds } from "../../src/lib/time";
import { COUPONS, ITEMS, TAX_RATES } from "../../src/services/demo/catalog";
import { apiClient } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// Shared by test/api/invoices.* and test/api/estimates.*: a tenant with its API
// client, a customer, and the demo catalogue inserted directly (the catalogue's
// own routes are another engineer's; these tests must not depend on them).

export type World = Awaited<ReturnType<typeof apiWorld>>;

export async function apiWorld(settings: Parameters<typeof makeTenant>[0] = {}, customer: Parameters<typeof makeCustomer>[1] = {}) {
  const t = await makeTenant(settings);
  const api = apiClient(t.apiKey);
  const cust = await makeCustomer(t.scope, { currency: "usd", ...customer });
  return { t, api, cust };
}

/** The demo's tax rates, coupons and items, stored as the catalogue API would store them (minor units, basis points). */
export async function seedCatalog(t: World["t"]) {
  const now = nowSeconds();
  const minor = (v: number, currency: string | undefined) => toMinor(v, currency ?? "usd");
  const bp = (v: number) => Math.round(v * 100);
  await t.scope.insertMany(
    taxRates,
    TAX_RATES.map((r) => ({
      id: r.id,
      name: r.name,
      value: r.is_percent ? bp(r.value) : minor(r.value, "usd"),
      isPercent: r.is_percent,
      inclusive: r.inclusive,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await t.scope.insertMany(
    coupons,
    COUPONS.map((c) => ({
      id: c.id,
      name: c.name,
      currency: "currency" in c ? c.currency : null,
      value: c.is_percent ? bp(c.value) : minor(c.value, "currency" in c ? c.currency : "usd"),
      isPercent: c.is_percent,
      duration: c.duration as "once" | "forever",
      createdAt: now,
      updatedAt: now,
    })),
  );
  for (const i of ITEMS) {
    await t.scope.insert(catalogItems, {
      id: i.id,
      name: i.name,
      description: i.description,
      unitCost: minor(i.unit_cost, "usd"),
      createdAt: now,
      updatedAt: now,
    });
  }
}

export async function eventsOf(t: World["t"], type?: string) {
  return t.scope
    .select(events, type ? eq(events.type, type) : undefined)
    .orderBy(desc(events.id))
    .all();
}

/** A minimal valid invoice body for `customer`. */
export const invoiceBody = (customer: number, over: Record<string, unknown> = {}) => ({
  customer,
  items: [{ name: "Consulting", quantity: 2, unit_cost: 150 }],
  ...over,
});

/** A minimal valid estimate body, already sent to the customer (so it can be answered). */
export const estimateBody = (customer: number, over: Record<string, unknown> = {}) => ({
  customer,
  sent: true,
  expiration_date: nowSeconds() + 30 * 86400,
  items: [{ name: "Kitchen remodel", quantity: 1, unit_cost: 5000 }],
  ...over,
});

/** The customer's answer, through the same service the portal's POST uses. */
export async function answerAsCustomer(t: World["t"], customerId: number, publicId: string, answer: { approve: string } | { decline: string | null }) {
  const { customerScope } = await import("../../src/db/scope");
  const { findMyEstimate, loadEstimateExtras } = await import("../../src/db/queries/estimates");
  const { approveEstimate, declineEstimate } = await import("../../src/services/estimates/respond");
  const my = customerScope(t.scope, customerId);
  const e = (await findMyEstimate(my, publicId))!;
  const who = { sessionId: null, email: "buyer@example.com", ip: "203.0.113.9", userAgent: "TestBrowser/1.0", now: nowSeconds(), origin: t.origin };
  if ("approve" in answer) return approveEstimate(my, e, (await loadEstimateExtras(my, e)).lines, answer.approve, who);
  return declineEstimate(my, e, (await loadEstimateExtras(my, e)).lines, answer.decline, who);
}
