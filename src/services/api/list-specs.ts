import { atLeast, atMost, equals } from "../../db/conditions";
import { emailIs } from "../../db/queries/email-match";
import { contacts, customers, payments } from "../../db/schema";
import type { ListSpec } from "../../lib/api/pagination";
import { boolParam, intParam, timeParam } from "./wire";

/**
 * What `GET /customers`, `GET /customers/{id}/contacts` and `GET /payments` sort and
 * filter on (`sort=name asc`, `filter[email]=...`). Text filters are exact; emails
 * match whatever their case, as sign-in does. (Catalogue lists: in each resource file.)
 */

export const customerListSpec: ListSpec = {
  sort: {
    id: customers.id,
    name: customers.name,
    number: customers.number,
    email: customers.email,
    created_at: customers.createdAt,
    updated_at: customers.updatedAt,
  },
  filters: {
    name: (v) => equals(customers.name, v),
    number: (v) => equals(customers.number, v),
    email: (v) => emailIs(customers.email, v),
    type: (v) => equals(customers.type, v as "company" | "person"),
    currency: (v) => equals(customers.currency, v.toLowerCase()),
    country: (v) => equals(customers.country, v.toUpperCase()),
    active: (v) => equals(customers.active, boolParam(v, "filter[active]")),
    autopay: (v) => equals(customers.autopay, boolParam(v, "filter[autopay]")),
    taxable: (v) => equals(customers.taxable, boolParam(v, "filter[taxable]")),
    parent_customer: (v) => equals(customers.parentCustomer, intParam(v, "filter[parent_customer]")),
  },
  params: {
    updated_after: (v) => atLeast(customers.updatedAt, timeParam(v, "updated_after")),
    created_after: (v) => atLeast(customers.createdAt, timeParam(v, "created_after")),
  },
};

export const contactListSpec: ListSpec = {
  sort: {
    id: contacts.id,
    name: contacts.name,
    email: contacts.email,
    primary: contacts.primary,
    created_at: contacts.createdAt,
    updated_at: contacts.updatedAt,
  },
  filters: {
    name: (v) => equals(contacts.name, v),
    email: (v) => emailIs(contacts.email, v),
    primary: (v) => equals(contacts.primary, boolParam(v, "filter[primary]")),
  },
};

const paymentCustomer = (param: string) => (v: string) => equals(payments.customerId, intParam(v, param));

/** Newest first unless `sort` says otherwise (the query adds the default). */
export const paymentListSpec: ListSpec = {
  sort: { id: payments.id, date: payments.date, amount: payments.amount, created_at: payments.createdAt, updated_at: payments.updatedAt },
  filters: {
    customer: paymentCustomer("filter[customer]"),
    currency: (v) => equals(payments.currency, v.toLowerCase()),
    method: (v) => equals(payments.method, v),
    source: (v) => equals(payments.source, v),
    status: (v) => equals(payments.status, v as "succeeded"),
  },
  params: {
    // Invoiced's clients also send the customer as a plain parameter
    customer: paymentCustomer("customer"),
    start_date: (v) => atLeast(payments.date, timeParam(v, "start_date")),
    end_date: (v) => atMost(payments.date, timeParam(v, "end_date")),
    updated_after: (v) => atLeast(payments.updatedAt, timeParam(v, "updated_after")),
  },
};
