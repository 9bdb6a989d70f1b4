import { eq, gte, sql } from "drizzle-orm";
import { contacts, customers } from "../../db/schema";
import type { ListSpec } from "../../lib/api/pagination";
import { boolParam, intParam, timeParam } from "./wire";

/**
 * What `GET /customers` and `GET /customers/{id}/contacts` sort and filter on
 * (`sort=name asc`, `filter[email]=...`). Text filters are exact; emails match
 * whatever their case, as sign-in does.
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
    name: (v) => eq(customers.name, v),
    number: (v) => eq(customers.number, v),
    email: (v) => sql`lower(${customers.email}) = ${v.toLowerCase()}`,
    type: (v) => eq(customers.type, v as "company" | "person"),
    currency: (v) => eq(customers.currency, v.toLowerCase()),
    country: (v) => eq(customers.country, v.toUpperCase()),
    active: (v) => eq(customers.active, boolParam(v, "filter[active]")),
    autopay: (v) => eq(customers.autopay, boolParam(v, "filter[autopay]")),
    taxable: (v) => eq(customers.taxable, boolParam(v, "filter[taxable]")),
    parent_customer: (v) => eq(customers.parentCustomer, intParam(v, "filter[parent_customer]")),
  },
  params: {
    updated_after: (v) => gte(customers.updatedAt, timeParam(v, "updated_after")),
    created_after: (v) => gte(customers.createdAt, timeParam(v, "created_after")),
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
    name: (v) => eq(contacts.name, v),
    email: (v) => sql`lower(${contacts.email}) = ${v.toLowerCase()}`,
    primary: (v) => eq(contacts.primary, boolParam(v, "filter[primary]")),
  },
};
