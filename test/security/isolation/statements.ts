import { makeInvoice } from "../../helpers/fixtures";
import type { IsolationCase } from "./types";

// S31 for statements: they are built from the signed-in customer's rows only. The
// open-item statement names every open invoice, so its number is the marker (the
// PDF keeps ASCII text readable, so the same check works on it).
const unique = () => `ISO-ST-${crypto.randomUUID().slice(0, 8)}`;

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/statements",
    setup: async ({ tenant, customerId }) => {
      const number = unique();
      await makeInvoice(tenant.scope, customerId, { number });
      return { path: "/statements?type=open_item", marker: number };
    },
  },
  {
    method: "GET",
    route: "/statements/pdf",
    setup: async ({ tenant, customerId }) => {
      const number = unique();
      await makeInvoice(tenant.scope, customerId, { number });
      return { path: "/statements/pdf?type=open_item", marker: number };
    },
  },
];
