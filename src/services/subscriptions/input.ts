import * as z from "../../lib/zod";
import { decimalInput, lineText, metadataSchema, optionalLineText, optionalText, stringIdSchema, unixTime } from "../api/wire";
import { isCountryCode } from "../billing/countries";

/**
 * What `POST /subscriptions` and `PATCH /subscriptions/{id}` accept, in Invoiced's
 * names. Strict objects: an unknown field is a 400 naming it. The rules that need
 * the catalogue (plan exists, add-ons on the plan's interval, coupon valid) are in
 * resolve.ts; these are the shape rules.
 */

const MAX_ADDONS = 100;
/** `start_date` may be backdated at most this far (Invoiced's limit). */
export const MAX_BACKDATE_SECONDS = 5 * 366 * 86400;

// built on first use (z.once): the portal's subscription pages reach this module
const schemas = z.once(() => {
  const quantity = z.int("must be a whole number").min(1, "must be greater than 0").max(1_000_000, "must be at most 1,000,000");

  const addonSchema = z
    .strictObject({
      id: z.int().optional(),
      object: z.literal("subscription_addon").optional(),
      plan: stringIdSchema().nullable().optional(),
      catalog_item: stringIdSchema().nullable().optional(),
      quantity: quantity.optional(),
      amount: decimalInput().nullable().optional(),
      description: optionalText(1000).optional(),
    })
    .refine((a) => (a.plan ? 1 : 0) + (a.catalog_item ? 1 : 0) === 1, "each add-on names exactly one of plan or catalog_item");

  /** Coupons and tax rates by id, as Invoiced's client sends them (objects echoed back are accepted by id). */
  const refList = z.array(z.union([stringIdSchema(), z.looseObject({ id: stringIdSchema() }).transform((o) => o.id)])).max(20, "at most 20");

  /**
   * Where the goods go (Invoiced's ShippingDetail). Name, first address line, city and
   * country are required, as a carrier needs them; null removes it.
   */
  const shipToSchema = z
    .strictObject({
      name: lineText(255),
      attention_to: optionalLineText(255).optional(),
      address1: lineText(255),
      address2: optionalLineText(255).optional(),
      city: lineText(100),
      state: optionalLineText(100).optional(),
      postal_code: optionalLineText(32).optional(),
      country: z
        .string()
        .transform((v) => v.trim().toUpperCase())
        .refine(isCountryCode, "must be a two-letter ISO 3166 country code, like US"),
    })
    .transform((a) => ({
      name: a.name,
      attention_to: a.attention_to ?? null,
      address1: a.address1,
      address2: a.address2 ?? null,
      city: a.city,
      state: a.state ?? null,
      postal_code: a.postal_code ?? null,
      country: a.country,
    }))
    .nullable();

  const shared = {
    quantity,
    amount: decimalInput().nullable(),
    addons: z.array(addonSchema).max(MAX_ADDONS, `a subscription has at most ${MAX_ADDONS} add-ons`),
    discounts: refList,
    taxes: refList,
    cancel_at_period_end: z.boolean(),
    metadata: metadataSchema(),
    ship_to: shipToSchema,
  };

  const subscriptionCreateSchema = z
    .strictObject({
      customer: z.int().positive("must be a customer id"),
      plan: stringIdSchema(),
      ...shared,
      start_date: unixTime(),
      bill_in: z.enum(["advance", "arrears"]),
      bill_in_advance_days: z.int().min(0).max(365),
      cycles: z.int().min(1).max(1000).nullable(),
      contract_renewal_mode: z.enum(["none", "auto", "renew_once", "manual"]),
      contract_renewal_cycles: z.int().min(1).max(1000).nullable(),
      snap_to_nth_day: z.int().min(1, "must be 1 to 31").max(31, "must be 1 to 31").nullable(),
      paused: z.boolean(),
    })
    .partial({
      quantity: true,
      amount: true,
      addons: true,
      discounts: true,
      taxes: true,
      cancel_at_period_end: true,
      metadata: true,
      ship_to: true,
      start_date: true,
      bill_in: true,
      bill_in_advance_days: true,
      cycles: true,
      contract_renewal_mode: true,
      contract_renewal_cycles: true,
      snap_to_nth_day: true,
      paused: true,
    });

  const subscriptionUpdateSchema = z
    .strictObject({
      ...shared,
      customer: z.int(),
      plan: stringIdSchema(),
      paused: z.boolean(),
      prorate: z.boolean(),
      proration_date: unixTime(),
    })
    .partial();

  /** `prorate: true` (ours; Invoiced does not prorate a cancel) credits the unused time; default false. */
  const cancelSchema = z.strictObject({ canceled_reason: optionalText(255).optional(), prorate: z.boolean().optional() });
  return { subscriptionCreateSchema, subscriptionUpdateSchema, cancelSchema, addonSchema };
});

export const subscriptionCreateSchema = () => schemas().subscriptionCreateSchema;
export const subscriptionUpdateSchema = () => schemas().subscriptionUpdateSchema;
export const cancelSchema = () => schemas().cancelSchema;
const addonSchema = () => schemas().addonSchema;

export type SubscriptionCreate = z.output<ReturnType<typeof subscriptionCreateSchema>>;
export type SubscriptionUpdate = z.output<ReturnType<typeof subscriptionUpdateSchema>>;
export type AddonInput = z.output<ReturnType<typeof addonSchema>>;

/** Fields the API sends but never takes. */
export const SUBSCRIPTION_READ_ONLY = [
  "id",
  "object",
  "status",
  "period_start",
  "period_end",
  "renews_next",
  "canceled_at",
  "recurring_total",
  "mrr",
  "url",
  "created_at",
  "updated_at",
] as const;
