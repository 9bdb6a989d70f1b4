import { equals } from "../../db/conditions";
import { type TaxRate, taxRates } from "../../db/queries/catalog";
import { validate } from "../../lib/api/validate";
import * as z from "../../lib/zod";
import type { CatalogResource } from "./catalog";
import { parseRateValue, rateValueToWire } from "./rate-value";
import { currencySchema, decimalInput, lineText, metadataSchema, stringIdSchema } from "./wire";

/**
 * Tax rates (`/tax_rates`): a percentage (0 % allowed, for zero-rated supplies) or a
 * fixed amount, added to or included in (`inclusive`) a price. Documents copy the
 * rate when they are written, so what a rate is worth is fixed at creation; name and
 * metadata may change.
 */

const createSchema = z.strictObject({
  id: stringIdSchema(),
  name: lineText(255),
  value: decimalInput(),
  is_percent: z.boolean().optional(),
  currency: currencySchema().nullable().optional(),
  inclusive: z.boolean().optional(),
  metadata: metadataSchema().optional(),
});

const updateSchema = z.strictObject({
  name: lineText(255).optional(),
  metadata: metadataSchema().optional(),
});

export const taxRateResource: CatalogResource<typeof taxRates> = {
  table: taxRates,
  path: "tax_rates",
  object: "tax_rate",
  noun: "tax rate",
  immutable: {
    fields: ["value", "is_percent", "currency", "inclusive"],
    hint: "what a tax rate is worth cannot change after creation; create a new tax rate",
  },
  listSpec: {
    sort: { id: taxRates.id, name: taxRates.name, created_at: taxRates.createdAt, updated_at: taxRates.updatedAt },
    filters: {
      name: (v) => equals(taxRates.name, v),
      currency: (v) => equals(taxRates.currency, v.toLowerCase()),
    },
  },

  async parseCreate({ tenant }, body) {
    const input = validate(createSchema, body);
    const v = parseRateValue(input, tenant.currency, { allowZero: true });
    return {
      id: input.id,
      name: input.name,
      currency: v.currency,
      value: v.value,
      isPercent: v.isPercent,
      inclusive: input.inclusive ?? false,
      metadata: input.metadata ?? {},
    };
  },

  async parseUpdate(_ctx, _existing, body) {
    const input = validate(updateSchema, body);
    const set: Partial<TaxRate> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.metadata !== undefined) set.metadata = input.metadata;
    return set;
  },

  toWire(row, tenant) {
    return {
      id: row.id,
      object: "tax_rate",
      name: row.name,
      ...rateValueToWire(row, tenant.currency),
      is_percent: row.isPercent,
      inclusive: row.inclusive,
      metadata: row.metadata,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    };
  },
};
