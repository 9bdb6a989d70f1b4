import { isForeignKeyViolation, isUniqueViolation } from "../../db/batch";
import { asInserted, objectDataWith, previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  customerDependents,
  deleteCustomerStmts,
  findCustomer,
  insertContactOfNewCustomerStmt,
  insertCustomerStmt,
  newCustomerEventStmt,
  newCustomerId,
  newCustomerNumber,
  type PaymentSource,
  parentChainContains,
  paymentSourcesByIds,
  selectNewCustomerStmt,
  updateCustomerStmt,
} from "../../db/queries/customers";
import { revokeCustomerSessions } from "../../db/queries/sessions";
import { findSignUpPage } from "../../db/queries/sign-up-pages";
import type { Customer } from "../../db/queries/types";
import { customers } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { publicId } from "../../lib/random";
import { plural } from "../../presentation/plural";
import { signUpLink } from "../signup/links";
import { changedFields, contactColumns, customerColumns, customerCreateSchema, customerUpdateSchema } from "./customer-input";
import { COMMON_READ_ONLY, refuseReadOnly } from "./wire";

/**
 * Customers through the merchant API: the wire shape (Invoiced's customer object)
 * and create, update, delete with their rules. Every write is one D1 batch holding
 * its audit event; ending portal sessions (S22) is in the same batch as the change.
 */

const READ_ONLY = [...COMMON_READ_ONLY, "payment_source", "sign_up_url"] as const;

/** The default payment method as Invoiced shows it on a customer (`payment_source`). */
function paymentSourceToWire(s: PaymentSource) {
  return s.type === "card"
    ? { id: s.id, object: "card", brand: s.brand, last4: s.last4, exp_month: s.expMonth, exp_year: s.expYear }
    : { id: s.id, object: "bank_account", bank_name: s.bankName, last4: s.last4 };
}

/**
 * `origin`: the tenant's portal origin, for `sign_up_url` (the customer's prefilled
 * sign-up link, issue 16); without it (events of portal changes) the url is null.
 */
export function customerToWire(c: Customer, source: PaymentSource | null = null, origin?: string) {
  return {
    id: c.id,
    object: "customer" as const,
    name: c.name,
    number: c.number,
    email: c.email,
    type: c.type,
    attention_to: c.attentionTo,
    address1: c.address1,
    address2: c.address2,
    city: c.city,
    state: c.state,
    postal_code: c.postalCode,
    country: c.country,
    phone: c.phone,
    language: c.language,
    currency: c.currency,
    autopay: c.autopay,
    payment_source: source && source.customerId === c.id ? paymentSourceToWire(source) : null,
    payment_terms: c.paymentTerms,
    tax_id: c.taxId,
    taxable: c.taxable,
    parent_customer: c.parentCustomer,
    notes: c.notes,
    active: c.active,
    sign_up_page: c.signUpPage,
    sign_up_url: origin && c.signUpPage !== null && c.signUpToken ? signUpLink(origin, c.signUpPage, c.signUpToken) : null,
    metadata: c.metadata,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Customers with their default payment sources (one extra query for the whole page). */
export async function customersToWire(scope: TenantScope, rows: Customer[], origin?: string) {
  const ids = rows.map((r) => r.defaultPaymentSourceId).filter((id): id is number => id !== null);
  const sources = new Map((await paymentSourcesByIds(scope, ids)).map((s) => [s.id, s]));
  return rows.map((r) => customerToWire(r, r.defaultPaymentSourceId === null ? null : (sources.get(r.defaultPaymentSourceId) ?? null), origin));
}

export async function getCustomer(scope: TenantScope, id: number | null): Promise<Customer> {
  const row = id === null ? undefined : await findCustomer(scope, id);
  if (!row) throw notFound("customer");
  return row;
}

const stripUndefined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

async function checkParent(scope: TenantScope, parentId: number | null | undefined, selfId?: number) {
  if (parentId === null || parentId === undefined) return;
  if (!(await findCustomer(scope, parentId))) throw invalidRequest(`No such customer: ${parentId}`, "parent_customer");
  if (selfId !== undefined && (await parentChainContains(scope, parentId, selfId))) {
    throw invalidRequest("parent_customer cannot be the customer itself or one of its sub-customers", "parent_customer");
  }
}

/**
 * A customer given a sign-up page gets the random part of its prefilled link once;
 * the page must be the tenant's.
 */
async function signUpColumns(scope: TenantScope, pageId: number | null | undefined, token: string | null) {
  if (pageId === undefined || pageId === null) return {};
  if (!(await findSignUpPage(scope, pageId))) throw invalidRequest(`No such sign up page: ${pageId}`, "sign_up_page");
  return token ? {} : { signUpToken: publicId() };
}

const numberTaken = (number: string | undefined) => invalidRequest(`A customer with number ${number} already exists`, "number");

/** POST /customers, with `contacts: [...]` created in the same batch. */
export async function createCustomer(scope: TenantScope, body: Record<string, unknown>, now: number, who: Actor): Promise<Customer> {
  refuseReadOnly(body, READ_ONLY);
  const input = validate(customerCreateSchema(), body);
  await checkParent(scope, input.parent_customer);
  const { contacts = [], ...fields } = input;
  const columns = { ...customerColumns(fields), ...(await signUpColumns(scope, input.sign_up_page, null)) };
  const values = { ...columns, name: input.name, createdAt: now, updatedAt: now };
  // the event carries the customer as GET /customers/{id} will show it; id and number come from the insert
  const wire = customerToWire(asInserted(customers, { ...values, id: 0, number: "" }));
  const data = objectDataWith(wire, { id: newCustomerId(scope), number: newCustomerNumber(scope) });
  const statements = [
    insertCustomerStmt(scope, values),
    ...contacts.map((c) => insertContactOfNewCustomerStmt(scope, { ...contactColumns(c), name: c.name, createdAt: now, updatedAt: now })),
    newCustomerEventStmt(scope, data, who, now),
    selectNewCustomerStmt(scope),
  ] as const;
  try {
    const results = await scope.batch(statements);
    return (results.at(-1) as Customer[])[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) throw numberTaken(input.number);
    throw err;
  }
}

/**
 * PATCH /customers/{id}. Disabling the customer or changing its email ends its
 * portal sessions at once (S22), in the same batch as the change.
 */
export async function updateCustomer(scope: TenantScope, id: number | null, body: Record<string, unknown>, now: number, who: Actor) {
  const existing = await getCustomer(scope, id);
  refuseReadOnly(body, READ_ONLY);
  const input = validate(customerUpdateSchema(), body);
  await checkParent(scope, input.parent_customer, existing.id);
  const emailChanged = input.email !== undefined && (input.email ?? "").toLowerCase() !== (existing.email ?? "").toLowerCase();
  const disabled = input.active === false && existing.active;
  const endSessions = emailChanged || disabled;
  const set = { ...customerColumns(input), ...(await signUpColumns(scope, input.sign_up_page, existing.signUpToken)), updatedAt: now };
  // the customer after the change, and what the changed fields were before (its payment source is not touched here)
  const source = existing.defaultPaymentSourceId === null ? null : ((await paymentSourcesByIds(scope, [existing.defaultPaymentSourceId]))[0] ?? null);
  const before = customerToWire(existing, source);
  const after = customerToWire({ ...existing, ...stripUndefined(set) }, source);
  const statements = [
    updateCustomerStmt(scope, existing.id, set),
    ...(endSessions ? [revokeCustomerSessions(scope, existing.id, now)] : []),
    eventStatement(
      scope,
      {
        type: "customer.updated",
        customerId: existing.id,
        objectType: "customer",
        objectId: existing.id,
        data: { object: after, previous: previousOf(before, after), fields: changedFields(input), ...(endSessions ? { sessions_ended: true } : {}) },
      },
      who,
      now,
    ),
  ];
  try {
    await scope.batch(statements);
  } catch (err) {
    if (isUniqueViolation(err)) throw numberTaken(input.number);
    throw err;
  }
  return (await findCustomer(scope, existing.id))!;
}

/**
 * DELETE /customers/{id}. A customer with documents, payments, sub-customers or saved
 * payment methods is a 409: those are the merchant's records and stay intact (use
 * `active: false` to close the account). Otherwise its contacts go with it and its
 * sessions and sign-in links end, in one batch.
 */
export async function deleteCustomer(scope: TenantScope, id: number | null, now: number, who: Actor): Promise<void> {
  const existing = await getCustomer(scope, id);
  const d = await customerDependents(scope, existing.id);
  const blockers = [
    d.invoices && plural(d.invoices, "invoice"),
    d.estimates && plural(d.estimates, "estimate"),
    d.payments && plural(d.payments, "payment"),
    d.subCustomers && plural(d.subCustomers, "sub-customer"),
    d.paymentSources && plural(d.paymentSources, "saved payment method"),
  ].filter(Boolean);
  if (blockers.length) {
    throw conflict(`This customer has ${blockers.join(", ")} and cannot be deleted; set active to false to close the account instead`);
  }
  const event = eventStatement(
    scope,
    { type: "customer.deleted", customerId: existing.id, objectType: "customer", objectId: existing.id, data: { object: customerToWire(existing) } },
    who,
    now,
  );
  try {
    await scope.batch([...deleteCustomerStmts(scope, existing.id, now), event]);
  } catch (err) {
    // Something came to refer to the customer between the check and the delete.
    if (isForeignKeyViolation(err)) throw conflict("This customer gained documents or payments meanwhile and cannot be deleted");
    throw err;
  }
}
