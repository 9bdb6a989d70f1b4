import { paymentApplications } from "../../../src/db/schema";
import { makeInvoice, makePayment } from "../../helpers/fixtures";
import type { IsolationCase } from "./types";

// S31 for payments: the history shows only the customer's own (marker: the invoice
// it paid); another customer's or tenant's receipt is a 404.
export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/payments",
    setup: async ({ tenant, customerId }) => {
      const number = `ISO-PAY-${crypto.randomUUID().slice(0, 8)}`;
      const inv = await makeInvoice(tenant.scope, customerId, { number });
      const pay = await makePayment(tenant.scope, customerId, { amount: inv.total });
      await tenant.scope.insert(paymentApplications, { paymentId: pay.id, type: "invoice", invoiceId: inv.id, amount: inv.total });
      return { path: "/payments", marker: number };
    },
  },
  {
    method: "GET",
    route: "/payments/:id/pdf",
    setup: async ({ tenant, customerId }) => {
      const pay = await makePayment(tenant.scope, customerId);
      return { path: `/payments/${pay.publicId}/pdf` };
    },
  },
  {
    method: "GET",
    route: "/payments.csv",
    // issue 17.7: the export holds the customer's own payments only (marker: a reference only the owner's has)
    setup: async ({ tenant, customerId }) => {
      const reference = `ISO-CSV-${crypto.randomUUID().slice(0, 8)}`;
      await makePayment(tenant.scope, customerId, { reference });
      return { path: "/payments.csv", marker: reference };
    },
  },
];
