import { equals } from "../../db/conditions";
import { catalogItemExists, type Plan, plans } from "../../db/queries/catalog";
import type { PlanTier } from "../../db/schema/catalog";
import type { TenantScope } from "../../db/scope";
import { minorOf } from "../../lib/api/decimal";
import { validate } from "../../lib/api/validate";
import { invalidRequest } from "../../lib/api-error";
import * as z from "../../lib/zod";
import type { CatalogResource } from "./catalog";
import { currencySchema, decimalInput, lineText, metadataSchema, money, stringIdSchema } from "./wire";

/**
 * Plans (`/plans`): a recurring price. As on Invoiced, the price of a plan never
 * changes after creation (subscriptions rely on it): name, catalogue item and
 * metadata may change; for a new price, create a new plan.
 *
 * Tiers (pricing_mode volume or tiered) are `[{min_qty, max_qty, unit_cost}]`, in
 * ascending order; the last tier is open-ended (`max_qty: null`), so every quantity
 * has a price. `min_qty` is optional on input and always sent back.
 */

const MAX_TIERS = 20;

const tierSchema = z.strictObject({
  min_qty: z.int().min(0).optional(),
  max_qty: z.int().positive().nullable(),
  unit_cost: decimalInput(),
});

const catalogItemRef = stringIdSchema().nullable();

const createSchema = z.strictObject({
  id: stringIdSchema(),
  name: lineText(255),
  currency: currencySchema().optional(),
  amount: decimalInput().optional(),
  interval: z.enum(["day", "week", "month", "year"]),
  interval_count: z.int().min(1).max(365).optional(),
  pricing_mode: z.enum(["per_unit", "volume", "tiered"]).optional(),
  tiers: z.array(tierSchema).min(1).max(MAX_TIERS).nullable().optional(),
  catalog_item: catalogItemRef.optional(),
  metadata: metadataSchema().optional(),
});

const updateSchema = z.strictObject({
  name: lineText(255).optional(),
  catalog_item: catalogItemRef.optional(),
  metadata: metadataSchema().optional(),
});

function parseTiers(tiers: z.output<typeof tierSchema>[], currency: string): PlanTier[] {
  return tiers.map((t, i) => {
    const param = `tiers[${i}]`;
    const last = i === tiers.length - 1;
    if (last !== (t.max_qty === null)) {
      throw invalidRequest(
        last ? `${param}.max_qty must be null: the last tier covers every larger quantity` : `${param}.max_qty is required`,
        `${param}.max_qty`,
      );
    }
    const prevMax = i === 0 ? 0 : tiers[i - 1]!.max_qty!;
    if (t.max_qty !== null && t.max_qty <= prevMax) throw invalidRequest(`${param}.max_qty must be greater than the previous tier's`, `${param}.max_qty`);
    if (t.min_qty !== undefined && t.min_qty !== prevMax + 1 && !(i === 0 && t.min_qty === 0)) {
      throw invalidRequest(`${param}.min_qty must be ${prevMax + 1}, one above the previous tier's max_qty`, `${param}.min_qty`);
    }
    const unitCost = minorOf(t.unit_cost, currency, `${param}.unit_cost`);
    if (unitCost < 0) throw invalidRequest(`${param}.unit_cost must not be negative`, `${param}.unit_cost`);
    return { maxQty: t.max_qty, unitCost };
  });
}

async function checkCatalogItem(scope: TenantScope, id: string | null | undefined) {
  if (id && !(await catalogItemExists(scope, id))) throw invalidRequest(`No such item: ${id}`, "catalog_item");
}

export const planResource: CatalogResource<typeof plans> = {
  table: plans,
  path: "plans",
  object: "plan",
  noun: "plan",
  immutable: {
    fields: ["currency", "amount", "interval", "interval_count", "pricing_mode", "tiers"],
    hint: "a plan's price cannot change after creation; create a new plan",
  },
  listSpec: {
    sort: { id: plans.id, name: plans.name, amount: plans.amount, created_at: plans.createdAt, updated_at: plans.updatedAt },
    filters: {
      name: (v) => equals(plans.name, v),
      currency: (v) => equals(plans.currency, v.toLowerCase()),
      interval: (v) => equals(plans.interval, v as Plan["interval"]),
      catalog_item: (v) => equals(plans.catalogItem, v),
    },
  },

  async parseCreate({ scope, tenant }, body) {
    const input = validate(createSchema, body);
    const currency = input.currency ?? tenant.currency;
    const mode = input.pricing_mode ?? "per_unit";
    let tiers: PlanTier[] | null = null;
    if (mode === "per_unit") {
      if (input.tiers) throw invalidRequest("tiers are only for pricing_mode volume or tiered", "tiers");
      if (input.amount === undefined) throw invalidRequest("amount is required", "amount");
    } else {
      if (!input.tiers) throw invalidRequest(`tiers are required for pricing_mode ${mode}`, "tiers");
      tiers = parseTiers(input.tiers, currency);
    }
    const amount = input.amount === undefined ? 0 : minorOf(input.amount, currency, "amount");
    if (amount < 0) throw invalidRequest("amount must not be negative", "amount");
    await checkCatalogItem(scope, input.catalog_item);
    return {
      id: input.id,
      name: input.name,
      currency,
      amount,
      interval: input.interval,
      intervalCount: input.interval_count ?? 1,
      pricingMode: mode,
      tiers,
      catalogItem: input.catalog_item ?? null,
      metadata: input.metadata ?? {},
    };
  },

  async parseUpdate({ scope }, _existing, body) {
    const input = validate(updateSchema, body);
    await checkCatalogItem(scope, input.catalog_item);
    const set: Partial<Plan> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.catalog_item !== undefined) set.catalogItem = input.catalog_item;
    if (input.metadata !== undefined) set.metadata = input.metadata;
    return set;
  },

  toWire(row) {
    let min = 1;
    const tiers =
      row.tiers?.map((t) => {
        const tier = { min_qty: min, max_qty: t.maxQty, unit_cost: money(t.unitCost, row.currency) };
        if (t.maxQty !== null) min = t.maxQty + 1;
        return tier;
      }) ?? null;
    return {
      id: row.id,
      object: "plan",
      name: row.name,
      currency: row.currency,
      amount: money(row.amount, row.currency),
      interval: row.interval,
      interval_count: row.intervalCount,
      pricing_mode: row.pricingMode,
      tiers,
      catalog_item: row.catalogItem,
      metadata: row.metadata,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    };
  },
};
