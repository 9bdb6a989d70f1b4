import * as z from "../../lib/zod";
import { discountsSchema, itemsSchema, metadataSchema, taxesSchema } from "./document-input";
import { lineText, optionalLineText } from "./wire";

/**
 * Request bodies for invoices and estimates (S29: strict, unknown fields are a 400
 * naming the field). Amounts are decimals (numbers or strings), dates Unix seconds.
 */

// built on first use (z.once): the portal's estimate approval and the renewal engine reach this module
const schemas = z.once(() => {
  const decimal = z.union([z.number(), z.string().max(40)]);
  const text = (max: number) => z.string().max(max).nullable();
  const unix = z.number().int().min(0).max(253_402_300_799); // up to 9999-12-31

  const shared = {
    name: optionalLineText(200).optional(),
    number: lineText(50).optional(),
    currency: z.string().length(3).optional(),
    draft: z.boolean().optional(),
    /** true marks it sent (as POST .../send does); false changes nothing */
    sent: z.boolean().optional(),
    closed: z.boolean().optional(),
    date: unix.optional(),
    payment_terms: text(100).optional(),
    purchase_order: text(100).optional(),
    items: itemsSchema().optional(),
    notes: text(10_000).optional(),
    terms: text(10_000).optional(),
    discounts: discountsSchema().optional(),
    taxes: taxesSchema().optional(),
    metadata: metadataSchema().optional(),
  };

  const invoiceFields = { ...shared, due_date: unix.nullable().optional() };
  const estimateFields = {
    ...shared,
    expiration_date: unix.nullable().optional(),
    deposit: decimal.optional(),
    /** Invoiced's clients send it back; it changes only through a payment applied to the estimate */
    deposit_paid: z.boolean().optional(),
  };

  const customer = z.number().int().positive();

  const invoiceCreate = z.strictObject({ ...invoiceFields, customer });
  const invoiceUpdate = z.strictObject({ ...invoiceFields, customer: customer.optional() });
  const estimateCreate = z.strictObject({ ...estimateFields, customer });
  const estimateUpdate = z.strictObject({ ...estimateFields, customer: customer.optional() });
  return { invoiceCreate, invoiceUpdate, estimateCreate, estimateUpdate, empty: z.strictObject({}) };
});

export const invoiceCreateSchema = () => schemas().invoiceCreate;
export const invoiceUpdateSchema = () => schemas().invoiceUpdate;
export const estimateCreateSchema = () => schemas().estimateCreate;
export const estimateUpdateSchema = () => schemas().estimateUpdate;
/** POST .../send, .../void, .../invoice take no fields */
export const emptySchema = () => schemas().empty;

export type InvoiceCreate = z.infer<ReturnType<typeof invoiceCreateSchema>>;
export type InvoiceUpdate = z.infer<ReturnType<typeof invoiceUpdateSchema>>;
export type EstimateCreate = z.infer<ReturnType<typeof estimateCreateSchema>>;
export type EstimateUpdate = z.infer<ReturnType<typeof estimateUpdateSchema>>;

/** "NET 30" -> 30 days; "Due on receipt" -> 0; anything else: no computed due date. */
export function termsDays(terms: string | null | undefined): number | null {
  if (!terms) return null;
  const m = /^\s*net\s*(\d{1,3})\s*$/i.exec(terms);
  if (m) return Number(m[1]);
  return /^\s*due\s+on\s+receipt\s*$/i.test(terms) ? 0 : null;
}

/** Fields of a PATCH body that were given, by wire name, for the audit event. */
export const givenFields = (body: Record<string, unknown>) =>
  Object.keys(body)
    .filter((k) => body[k] !== undefined)
    .sort();
