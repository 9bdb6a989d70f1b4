import { eq } from "drizzle-orm";
import { listPaymentSources } from "../../../src/db/queries/payment-sources";
import { customers, paymentSourceSetups } from "../../../src/db/schema";
import { publicId } from "../../../src/lib/random";
import { nowSeconds } from "../../../src/lib/time";
import { makePaymentSource } from "../../helpers/fixtures";
import type { IsolationCase, TestTenant } from "./types";

// /payment-methods: methods by random public id (a foreign id is a 404, S31);
// routes without an id act on the signed-in customer only, so the owner's
// methods, default and AutoPay must stay as they were.

const marker = () => `Iso${Math.random().toString(36).slice(2, 10)}`;

const state = (tenant: TestTenant, customerId: number) => async () => {
  const sources = await listPaymentSources(tenant.scope, customerId);
  const row = await tenant.scope.select(customers, eq(customers.id, customerId)).get();
  return { sources: sources.map((s) => [s.id, s.deletedAt]), autopay: row!.autopay, default: row!.defaultPaymentSourceId };
};

/** The owner with two saved methods, the first one the default. */
async function twoMethods(tenant: TestTenant, customerId: number) {
  const first = await makePaymentSource(tenant.scope, customerId);
  const second = await makePaymentSource(tenant.scope, customerId, { last4: "4444", brand: "Mastercard" });
  await tenant.scope.update(customers, { defaultPaymentSourceId: first.id }, eq(customers.id, customerId));
  return { first, second };
}

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/payment-methods",
    setup: async ({ tenant, customerId }) => {
      const brand = marker();
      await makePaymentSource(tenant.scope, customerId, { brand });
      return { path: "/payment-methods", marker: brand };
    },
  },
  {
    method: "GET",
    route: "/payment-methods/new",
    setup: async ({ tenant, customerId }) => ({ path: "/payment-methods/new", snapshot: state(tenant, customerId) }),
  },
  {
    method: "POST",
    route: "/payment-methods",
    setup: async ({ tenant, customerId }) => ({
      path: "/payment-methods",
      fields: { type: "card", number: "4242424242424242", expiry: "12/39", cvc: "123", name: "Iso" },
      snapshot: state(tenant, customerId),
      ownerChanges: true,
    }),
  },
  {
    method: "POST",
    route: "/payment-methods/checkout",
    // a test-gateway tenant: the answer is a redirect to the add form; nothing of the owner changes
    setup: async ({ tenant, customerId }) => ({ path: "/payment-methods/checkout", snapshot: state(tenant, customerId) }),
  },
  {
    method: "GET",
    route: "/payment-methods/setup/:id",
    setup: async ({ tenant, customerId }) => {
      const id = publicId().padEnd(24, "x");
      const now = nowSeconds();
      await tenant.scope.insert(paymentSourceSetups, {
        id,
        customerId,
        gateway: "stripe",
        status: "pending",
        providerSessionId: "cs_test_iso",
        createdAt: now,
        updatedAt: now,
      });
      return { path: `/payment-methods/setup/${id}` };
    },
  },
  {
    method: "GET",
    route: "/payment-methods/autopay/confirm",
    // "Turn on AutoPay?" (issue 17.3, 3.3.4) names the signed-in customer's own default method, never the owner's
    setup: async ({ tenant, customerId }) => {
      const brand = marker();
      const card = await makePaymentSource(tenant.scope, customerId, { brand });
      await tenant.scope.update(customers, { defaultPaymentSourceId: card.id }, eq(customers.id, customerId));
      return { path: "/payment-methods/autopay/confirm", marker: brand, snapshot: state(tenant, customerId) };
    },
  },
  {
    method: "POST",
    route: "/payment-methods/autopay",
    setup: async ({ tenant, customerId }) => {
      await twoMethods(tenant, customerId);
      return { path: "/payment-methods/autopay", fields: { autopay: "on" }, snapshot: state(tenant, customerId), ownerChanges: true };
    },
  },
  {
    method: "POST",
    route: "/payment-methods/:id/default",
    setup: async ({ tenant, customerId }) => {
      const { second } = await twoMethods(tenant, customerId);
      return { path: `/payment-methods/${second.publicId}/default`, snapshot: state(tenant, customerId) };
    },
  },
  {
    method: "POST",
    route: "/payment-methods/:id/delete",
    setup: async ({ tenant, customerId }) => {
      const { second } = await twoMethods(tenant, customerId);
      return { path: `/payment-methods/${second.publicId}/delete`, snapshot: state(tenant, customerId) };
    },
  },
  {
    method: "GET",
    route: "/payment-methods/:id/delete",
    // the "Remove this payment method?" confirmation (issue 17, 3.3.4): a foreign id is a 404, nothing removed
    setup: async ({ tenant, customerId }) => {
      const { second } = await twoMethods(tenant, customerId);
      return { path: `/payment-methods/${second.publicId}/delete`, snapshot: state(tenant, customerId) };
    },
  },
];
