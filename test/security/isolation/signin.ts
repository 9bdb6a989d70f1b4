import { and, eq, isNull } from "drizzle-orm";
import { customers, sessions } from "../../../src/db/schema";
import { maskEmail } from "../../../src/services/signin/mask";
import type { IsolationCase } from "./types";

// Sign-in pages are public by nature: they show the tenant and, for a link, a
// masked address, nothing of an account. The picker and "confirm it's you" act
// on the signed-in customer only.
export const cases: IsolationCase[] = [
  { method: "GET", route: "/login", public: true },
  { method: "POST", route: "/login", public: true },
  { method: "POST", route: "/login/code", public: true },
  { method: "GET", route: "/login/email/:token", public: true },
  { method: "POST", route: "/login/email/:token", public: true },
  { method: "GET", route: "/login/:token", public: true },
  { method: "POST", route: "/logout", public: true },
  {
    method: "POST",
    route: "/logout/everywhere",
    // ends the signed-in customer's own sessions only: another customer's stay live
    setup: async ({ tenant, customerId }) => ({
      path: "/logout/everywhere",
      snapshot: async () => (await tenant.scope.select(sessions, and(eq(sessions.customerId, customerId), isNull(sessions.revokedAt))).all()).length,
      ownerChanges: true,
    }),
  },
  {
    method: "GET",
    route: "/switch",
    // the picker names the signed-in customer's account number
    setup: async ({ tenant, customerId }) => {
      const row = (await tenant.scope.select(customers, eq(customers.id, customerId)).get())!;
      return { path: "/switch", marker: row.number };
    },
  },
  {
    method: "POST",
    route: "/switch",
    // switching to a customer the session's address does not reach is a 404
    setup: async ({ customerId }) => ({ path: "/switch", fields: { customer: String(customerId), next: "/account" } }),
  },
  {
    method: "POST",
    route: "/login/reauth",
    // the code goes to the signed-in customer's own address, never another's
    setup: async ({ tenant, customerId }) => {
      const email = `zed-${customerId}@owner-${customerId}.example`;
      await tenant.scope.update(customers, { email }, eq(customers.id, customerId));
      return { path: "/login/reauth", fields: { next: "/account" }, marker: maskEmail(email) };
    },
  },
];
