import { equals } from "../../db/conditions";
import { type CatalogItem, catalogItems } from "../../db/queries/catalog";
import { minorOf } from "../../lib/api/decimal";
import { validate } from "../../lib/api/validate";
import { invalidRequest } from "../../lib/api-error";
import * as z from "../../lib/zod";
import type { CatalogResource } from "./catalog";
import { currencySchema, decimalInput, lineText, metadataSchema, money, optionalText, stringIdSchema } from "./wire";

/**
 * Items (`/items`, Invoiced's catalogue items): a name and a unit cost that invoice
 * lines copy. The unit cost is in `currency` (the tenant's when not given); changing
 * the currency needs the unit cost again, since the same number means another amount.
 */

const fields = {
  name: lineText(255),
  currency: currencySchema(),
  unit_cost: decimalInput(),
  type: optionalText(64),
  description: optionalText(10_000),
  taxable: z.boolean(),
  discountable: z.boolean(),
  metadata: metadataSchema(),
};

const createSchema = z.strictObject({ id: stringIdSchema(), ...z.strictObject(fields).partial().shape, name: fields.name });
const updateSchema = z.strictObject(fields).partial();

export const itemResource: CatalogResource<typeof catalogItems> = {
  table: catalogItems,
  path: "items",
  object: "item",
  noun: "item",
  listSpec: {
    sort: { id: catalogItems.id, name: catalogItems.name, created_at: catalogItems.createdAt, updated_at: catalogItems.updatedAt },
    filters: {
      name: (v) => equals(catalogItems.name, v),
      currency: (v) => equals(catalogItems.currency, v.toLowerCase()),
      type: (v) => equals(catalogItems.type, v),
    },
  },

  async parseCreate({ tenant }, body) {
    const input = validate(createSchema, body);
    const currency = input.currency ?? tenant.currency;
    return {
      id: input.id,
      name: input.name,
      currency,
      unitCost: input.unit_cost === undefined ? 0 : minorOf(input.unit_cost, currency, "unit_cost"),
      type: input.type ?? null,
      description: input.description ?? null,
      taxable: input.taxable ?? true,
      discountable: input.discountable ?? true,
      metadata: input.metadata ?? {},
    };
  },

  async parseUpdate({ tenant }, existing, body) {
    const input = validate(updateSchema, body);
    const oldCurrency = existing.currency ?? tenant.currency;
    const currency = input.currency ?? oldCurrency;
    if (currency !== oldCurrency && input.unit_cost === undefined) {
      throw invalidRequest("unit_cost is required when the currency changes", "unit_cost");
    }
    const set: Partial<CatalogItem> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.currency !== undefined) set.currency = currency;
    if (input.unit_cost !== undefined) set.unitCost = minorOf(input.unit_cost, currency, "unit_cost");
    if (input.type !== undefined) set.type = input.type;
    if (input.description !== undefined) set.description = input.description;
    if (input.taxable !== undefined) set.taxable = input.taxable;
    if (input.discountable !== undefined) set.discountable = input.discountable;
    if (input.metadata !== undefined) set.metadata = input.metadata;
    return set;
  },

  toWire(row, tenant) {
    const currency = row.currency ?? tenant.currency;
    return {
      id: row.id,
      object: "item",
      name: row.name,
      currency,
      unit_cost: money(row.unitCost, currency),
      description: row.description,
      type: row.type,
      taxable: row.taxable,
      discountable: row.discountable,
      metadata: row.metadata,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    };
  },
};
