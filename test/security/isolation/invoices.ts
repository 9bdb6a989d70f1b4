import { makeInvoice } from "../../helpers/fixtures";
import type { IsolationCase } from "./types";

// S31 for the invoice pages: lists must not show another customer's invoice (marker),
// detail and PDF of another customer's or tenant's invoice are a 404.
const unique = () => `ISO-INV-${crypto.randomUUID().slice(0, 8)}`;

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/invoices",
    setup: async ({ tenant, customerId }) => {
      const number = unique();
      await makeInvoice(tenant.scope, customerId, { number });
      return { path: "/invoices?status=all", marker: number };
    },
  },
  {
    method: "GET",
    route: "/invoices.csv",
    setup: async ({ tenant, customerId }) => {
      const number = unique();
      await makeInvoice(tenant.scope, customerId, { number });
      return { path: "/invoices.csv?status=all", marker: number };
    },
  },
  {
    method: "GET",
    route: "/invoices/:id",
    setup: async ({ tenant, customerId }) => {
      const inv = await makeInvoice(tenant.scope, customerId);
      return { path: `/invoices/${inv.publicId}` };
    },
  },
  {
    method: "GET",
    route: "/invoices/:id/pdf",
    setup: async ({ tenant, customerId }) => {
      const inv = await makeInvoice(tenant.scope, customerId);
      return { path: `/invoices/${inv.publicId}/pdf` };
    },
  },
];
