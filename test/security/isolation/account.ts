import { makeInvoice } from "../../helpers/fixtures";
import type { IsolationCase } from "./types";

// S31 for My Account: the balance due is the customer's own. The marker is an amount
// nobody else in the test world owes.
export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/account",
    setup: async ({ tenant, customerId }) => {
      await makeInvoice(tenant.scope, customerId, {}, [{ unitCost: 7_654_321 }]);
      return { path: "/account", marker: "$76,543.21" };
    },
  },
];
