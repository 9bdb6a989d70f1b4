import { eq } from "drizzle-orm";
import { listContacts } from "../../../src/db/queries/contacts";
import { customers } from "../../../src/db/schema";
import { customerScope } from "../../../src/db/scope";
import { makeContact } from "../../helpers/fixtures";
import type { IsolationCase, TestTenant } from "./types";

// /billing: the customer's own details (no id: others get their own page, and
// the owner's row must not change) and contacts by id (a foreign id is a 404).

const marker = () => `Iso-${Math.random().toString(36).slice(2, 10)}`;

const details = (tenant: TestTenant, customerId: number) => async () => {
  const row = await tenant.scope.select(customers, eq(customers.id, customerId)).get();
  return { name: row!.name, email: row!.email, city: row!.city, country: row!.country, updatedAt: row!.updatedAt };
};

const contactsOf = (tenant: TestTenant, customerId: number) => async () =>
  (await listContacts(customerScope(tenant.scope, customerId))).map((c) => [c.id, c.name, c.email]);

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/billing",
    setup: async ({ tenant, customerId }) => {
      const city = marker();
      await tenant.scope.update(customers, { city }, eq(customers.id, customerId));
      return { path: "/billing", marker: city };
    },
  },
  {
    method: "POST",
    route: "/billing",
    setup: async ({ tenant, customerId }) => ({
      path: "/billing",
      fields: {
        name: "Iso Name",
        email: "",
        phone: "",
        address1: "1 Iso St",
        address2: "",
        city: marker(),
        state: "",
        postal_code: "",
        country: "PT",
        tax_id: "",
      },
      snapshot: details(tenant, customerId),
      ownerChanges: true,
    }),
  },
  {
    method: "POST",
    route: "/billing/contacts",
    setup: async ({ tenant, customerId }) => ({
      path: "/billing/contacts",
      fields: { name: marker(), title: "", email: "", phone: "" },
      snapshot: contactsOf(tenant, customerId),
      ownerChanges: true,
    }),
  },
  {
    method: "GET",
    route: "/billing/contacts/:id",
    setup: async ({ tenant, customerId }) => {
      const name = marker();
      const c = await makeContact(tenant.scope, customerId, { name });
      return { path: `/billing/contacts/${c.id}` };
    },
  },
  {
    method: "POST",
    route: "/billing/contacts/:id",
    setup: async ({ tenant, customerId }) => {
      const c = await makeContact(tenant.scope, customerId, { email: null });
      return { path: `/billing/contacts/${c.id}`, fields: { name: marker(), title: "", email: "", phone: "" }, snapshot: contactsOf(tenant, customerId) };
    },
  },
  {
    method: "POST",
    route: "/billing/contacts/:id/delete",
    setup: async ({ tenant, customerId }) => {
      const c = await makeContact(tenant.scope, customerId);
      return { path: `/billing/contacts/${c.id}/delete`, snapshot: contactsOf(tenant, customerId) };
    },
  },
  {
    method: "GET",
    route: "/billing/contacts/:id/delete",
    // the "Remove this contact?" confirmation (issue 17, 3.3.4) names the contact: a foreign id is a 404
    setup: async ({ tenant, customerId }) => {
      const name = marker();
      const c = await makeContact(tenant.scope, customerId, { name });
      return { path: `/billing/contacts/${c.id}/delete`, marker: name, snapshot: contactsOf(tenant, customerId) };
    },
  },
];
