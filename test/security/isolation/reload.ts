import type { IsolationCase } from "./types";

// Issue 17 (no dead ends): GET on paths that only take a POST, so reloading after a 422
// lands somewhere (src/routes/portal/reload.ts). Each is a bare 303 to the form's page:
// it reads nothing and shows nothing, signed in or not; the page it leads to has its own case.

const redirects = [
  "/billing/contacts",
  "/estimates/:id/approve",
  "/estimates/:id/decline",
  "/login/code",
  "/login/reauth",
  "/logout",
  "/pay/confirm",
  "/pay/cancel",
  "/payment-methods/autopay",
  "/payment-methods/checkout",
  "/payment-methods/:id/default",
];

export const cases: IsolationCase[] = redirects.map((route) => ({ method: "GET", route, public: true }));
