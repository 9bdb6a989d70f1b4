import { makeCustomer } from "../../helpers/fixtures";
import type { IsolationCase } from "./types";

// S31, issue 17.6: the account picker lists a parent's own direct sub-customers only,
// and switching reaches no one else's (another customer's sub-customer, another
// tenant's). The routes are declared in signin.ts too; these cases add a sub-customer.
export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/switch",
    setup: async ({ tenant, customerId }) => {
      const sub = await makeCustomer(tenant.scope, { name: `Branch of ${customerId}`, parentCustomer: customerId });
      return { path: "/switch", marker: sub.number };
    },
  },
  {
    method: "POST",
    route: "/switch",
    // the owner (the parent) switches; anyone else gets 404
    setup: async ({ tenant, customerId }) => {
      const sub = await makeCustomer(tenant.scope, { parentCustomer: customerId });
      return { path: "/switch", fields: { customer: String(sub.id), next: "/account" } };
    },
  },
];
