import type { NewContact } from "../../db/queries/contacts";
import type { NewCustomer } from "../../db/queries/customers";
import * as z from "../../lib/zod";
import { isCountryCode } from "../billing/countries";
import { currencySchema, lineText, metadataSchema, optionalEmail, optionalLineText, optionalText } from "./wire";

/**
 * What the merchant API accepts for customers and contacts (Invoiced's field names),
 * and how it maps onto columns. Schemas are strict: an unknown field is a 400 (S29).
 */

const country = () =>
  z
    .string()
    .nullable()
    .transform((v) => (v === null || v.trim() === "" ? null : v.trim().toUpperCase()))
    .refine((v) => v === null || isCountryCode(v), "must be a two-letter ISO 3166 country code, like US");

const language = () =>
  z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter ISO 639-1 language code, like en")
    .nullable()
    .transform((v) => (v === null ? null : v.toLowerCase()));

const address = () => ({
  address1: optionalText(255),
  address2: optionalText(255),
  city: optionalText(100),
  state: optionalText(100),
  postal_code: optionalText(32),
  country: country(),
});

const customerFields = () => ({
  name: lineText(255),
  number: lineText(64),
  email: optionalEmail(),
  type: z.enum(["company", "person"]),
  attention_to: optionalLineText(255),
  ...address(),
  phone: optionalText(64),
  language: language(),
  currency: currencySchema().nullable(),
  autopay: z.boolean(),
  payment_terms: optionalText(64),
  tax_id: optionalText(64),
  taxable: z.boolean(),
  parent_customer: z.int().positive().nullable(),
  notes: optionalText(10_000),
  active: z.boolean(),
  metadata: metadataSchema(),
  /** issue 16: the onboarding sign-up page (its prefilled link is `sign_up_url`) */
  sign_up_page: z.int().positive().nullable(),
});

const contactFields = () => ({
  name: lineText(255),
  title: optionalLineText(255),
  email: optionalEmail(),
  phone: optionalText(64),
  primary: z.boolean(),
  department: optionalLineText(255),
  ...address(),
});

type CustomerFields = ReturnType<typeof customerFields>;
type ContactFields = ReturnType<typeof contactFields>;

// built on first use (z.once): the portal's billing pages reach this module
export const contactCreateSchema = z.once(() => {
  const fields = contactFields();
  return z.strictObject({ ...z.strictObject(fields).partial().shape, name: fields.name });
});
export const contactUpdateSchema = z.once(() => z.strictObject(contactFields()).partial());

/** At most this many contacts may be given inline when creating a customer (one D1 batch). */
const MAX_INLINE_CONTACTS = 20;

export const customerCreateSchema = z.once(() => {
  const fields = customerFields();
  return z.strictObject({
    ...z.strictObject(fields).partial().shape,
    name: fields.name,
    contacts: z
      .array(contactCreateSchema())
      .max(MAX_INLINE_CONTACTS, `at most ${MAX_INLINE_CONTACTS} contacts at once; add more with POST /customers/{id}/contacts`)
      .refine((list) => list.filter((c) => c.primary).length <= 1, "at most one contact can be primary")
      .optional(),
  });
});

export const customerUpdateSchema = z.once(() => z.strictObject(customerFields()).partial());

export type CustomerUpdateInput = z.output<ReturnType<typeof customerUpdateSchema>>;
export type ContactUpdateInput = z.output<ReturnType<typeof contactUpdateSchema>>;

const CUSTOMER_COLUMNS = {
  name: "name",
  number: "number",
  email: "email",
  type: "type",
  attention_to: "attentionTo",
  address1: "address1",
  address2: "address2",
  city: "city",
  state: "state",
  postal_code: "postalCode",
  country: "country",
  phone: "phone",
  language: "language",
  currency: "currency",
  autopay: "autopay",
  payment_terms: "paymentTerms",
  tax_id: "taxId",
  taxable: "taxable",
  parent_customer: "parentCustomer",
  notes: "notes",
  active: "active",
  metadata: "metadata",
  sign_up_page: "signUpPage",
} as const satisfies Record<keyof CustomerFields, keyof NewCustomer>;

const CONTACT_COLUMNS = {
  name: "name",
  title: "title",
  email: "email",
  phone: "phone",
  primary: "primary",
  department: "department",
  address1: "address1",
  address2: "address2",
  city: "city",
  state: "state",
  postal_code: "postalCode",
  country: "country",
} as const satisfies Record<keyof ContactFields, keyof NewContact>;

function columnsOf(input: Record<string, unknown>, map: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [wire, column] of Object.entries(map)) if (input[wire] !== undefined) out[column] = input[wire];
  return out;
}

/** The columns a customer input sets (only the fields given). */
export const customerColumns = (input: CustomerUpdateInput) => columnsOf(input, CUSTOMER_COLUMNS) as Partial<NewCustomer>;

/** The columns a contact input sets (only the fields given). */
export const contactColumns = (input: ContactUpdateInput) => columnsOf(input, CONTACT_COLUMNS) as Partial<NewContact>;

/** Wire names of the customer fields given, for the audit event (names only: no personal data in events' data). */
export const changedFields = (input: Record<string, unknown>) => Object.keys(input).filter((k) => input[k] !== undefined);
