import { insertAttempt } from "../../../src/db/queries/payment-attempts";
import { randomString } from "../../../src/lib/random";
import { nowSeconds } from "../../../src/lib/time";
import { makeInvoice } from "../../helpers/fixtures";
import type { IsolationCase, TestTenant } from "./types";

// S31 for /pay: another customer's (or tenant's) invoice is never shown, totalled or
// paid, and another customer's payment attempt is a 404 at every step.

/** An open invoice with an amount no other fixture uses, so its balance is a marker. */
const invoice = (tenant: TestTenant, customerId: number) => makeInvoice(tenant.scope, customerId, {}, [{ unitCost: 98_765 }]);

async function attempt(tenant: TestTenant, customerId: number) {
  const inv = await invoice(tenant, customerId);
  const clientKey = randomString(24);
  const now = nowSeconds();
  await insertAttempt(tenant.scope, {
    id: `pa_${randomString(24)}`,
    customerId,
    clientKey,
    status: "pending",
    currency: "usd",
    amount: inv.balance,
    allocations: [{ type: "invoice", invoiceId: inv.id, amount: inv.balance }],
    paymentSourceId: null,
    gateway: "test",
    description: `Invoice ${inv.number}`,
    createdAt: now,
    updatedAt: now,
  });
  return { clientKey, inv };
}

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/pay",
    setup: async ({ tenant, customerId }) => {
      const inv = await invoice(tenant, customerId);
      return { path: `/pay?invoice=${inv.publicId}`, marker: inv.number };
    },
  },
  {
    method: "GET",
    route: "/pay/total",
    setup: async ({ tenant, customerId }) => {
      const inv = await invoice(tenant, customerId);
      return { path: `/pay/total?invoice=${inv.publicId}`, marker: "$987.65" };
    },
  },
  {
    method: "POST",
    route: "/pay",
    setup: async ({ tenant, customerId }) => {
      const inv = await invoice(tenant, customerId);
      return {
        path: "/pay",
        fields: { invoice: inv.publicId, method: "new_card", card_number: "4242424242424242", card_expiry: "12/39", card_cvc: "123", card_name: "Ada" },
      };
    },
  },
  {
    method: "GET",
    route: "/pay/confirm/:key",
    setup: async ({ tenant, customerId }) => ({ path: `/pay/confirm/${(await attempt(tenant, customerId)).clientKey}` }),
  },
  {
    method: "POST",
    route: "/pay/confirm",
    setup: async ({ tenant, customerId }) => ({ path: "/pay/confirm", fields: { client_key: (await attempt(tenant, customerId)).clientKey } }),
  },
  {
    method: "POST",
    route: "/pay/cancel",
    setup: async ({ tenant, customerId }) => ({ path: "/pay/cancel", fields: { client_key: (await attempt(tenant, customerId)).clientKey } }),
  },
  {
    method: "GET",
    route: "/pay/result/:key",
    setup: async ({ tenant, customerId }) => ({ path: `/pay/result/${(await attempt(tenant, customerId)).clientKey}` }),
  },
];
