import { equals } from "../../db/conditions";
import { type Coupon, coupons } from "../../db/queries/catalog";
import { validate } from "../../lib/api/validate";
import { invalidRequest } from "../../lib/api-error";
import * as z from "../../lib/zod";
import type { CatalogResource } from "./catalog";
import { parseRateValue, rateValueToWire } from "./rate-value";
import { currencySchema, decimalInput, lineText, metadataSchema, stringIdSchema, unixTime } from "./wire";

/**
 * Coupons (`/coupons`): a percentage or fixed discount. What a coupon is worth
 * (value, is_percent, currency, duration) is fixed at creation, as on Stripe and
 * Invoiced; name, metadata, expiration and redemption limit may change.
 * `max_redemptions` 0 (Invoiced's "unlimited") is stored as null.
 */

const limits = {
  max_redemptions: z.int().min(0).nullable(),
  expiration_date: unixTime().nullable(),
};

const createSchema = z.strictObject({
  id: stringIdSchema(),
  name: lineText(255),
  value: decimalInput(),
  is_percent: z.boolean().optional(),
  currency: currencySchema().nullable().optional(),
  duration: z.enum(["forever", "once", "repeating"]).optional(),
  duration_in_months: z.int().min(1).max(120).nullable().optional(),
  ...z.strictObject(limits).partial().shape,
  metadata: metadataSchema().optional(),
});

const updateSchema = z.strictObject({
  name: lineText(255).optional(),
  ...z.strictObject(limits).partial().shape,
  metadata: metadataSchema().optional(),
});

const unlimited = (n: number | null | undefined) => (n === 0 || n === null || n === undefined ? null : n);

export const couponResource: CatalogResource<typeof coupons> = {
  table: coupons,
  path: "coupons",
  object: "coupon",
  noun: "coupon",
  immutable: {
    fields: ["value", "is_percent", "currency", "duration", "duration_in_months"],
    hint: "what a coupon is worth cannot change after creation; create a new coupon",
  },
  listSpec: {
    sort: { id: coupons.id, name: coupons.name, created_at: coupons.createdAt, updated_at: coupons.updatedAt },
    filters: {
      name: (v) => equals(coupons.name, v),
      currency: (v) => equals(coupons.currency, v.toLowerCase()),
      duration: (v) => equals(coupons.duration, v as Coupon["duration"]),
    },
  },

  async parseCreate({ tenant }, body) {
    const input = validate(createSchema, body);
    const duration = input.duration ?? "forever";
    const months = input.duration_in_months ?? null;
    if (duration === "repeating" && months === null) throw invalidRequest("duration_in_months is required when duration is repeating", "duration_in_months");
    if (duration !== "repeating" && months !== null) throw invalidRequest("duration_in_months is only for duration repeating", "duration_in_months");
    const v = parseRateValue(input, tenant.currency, { allowZero: false });
    return {
      id: input.id,
      name: input.name,
      currency: v.currency,
      value: v.value,
      isPercent: v.isPercent,
      duration,
      durationInMonths: months,
      maxRedemptions: unlimited(input.max_redemptions),
      expirationDate: input.expiration_date ?? null,
      metadata: input.metadata ?? {},
    };
  },

  async parseUpdate(_ctx, _existing, body) {
    const input = validate(updateSchema, body);
    const set: Partial<Coupon> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.max_redemptions !== undefined) set.maxRedemptions = unlimited(input.max_redemptions);
    if (input.expiration_date !== undefined) set.expirationDate = input.expiration_date;
    if (input.metadata !== undefined) set.metadata = input.metadata;
    return set;
  },

  toWire(row, tenant) {
    return {
      id: row.id,
      object: "coupon",
      name: row.name,
      ...rateValueToWire(row, tenant.currency),
      is_percent: row.isPercent,
      duration: row.duration,
      duration_in_months: row.durationInMonths,
      max_redemptions: row.maxRedemptions ?? 0,
      expiration_date: row.expirationDate,
      metadata: row.metadata,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    };
  },
};
