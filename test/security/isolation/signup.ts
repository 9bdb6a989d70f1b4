import type { IsolationCase } from "./types";

// Sign-up pages are public by design: anyone with the address may subscribe. The
// prefilled `/pages/{id}/{token}` shows one customer's name and address to whoever
// holds its random link (the merchant mailed it, like a document link); another
// token is a 404 (test/signup/page.happy.test.ts). The thank-you page and "Go to My
// Account" answer only the browser holding the sign-up's cookie
// (test/signup/session.security.test.ts, S25). A Stripe Checkout return names the
// claim by a random 24-character reference on that page only; another tenant's or
// page's reference is a 404 (test/signup/stripe-checkout.security.test.ts).
export const cases: IsolationCase[] = [
  { method: "GET", route: "/pages/:id", public: true },
  { method: "POST", route: "/pages/:id", public: true },
  { method: "POST", route: "/pages/:id/total", public: true },
  { method: "GET", route: "/pages/:id/thanks", public: true },
  { method: "POST", route: "/pages/:id/account", public: true },
  { method: "GET", route: "/pages/:id/:token", public: true },
  { method: "POST", route: "/pages/:id/:token", public: true },
  { method: "GET", route: "/pages/:id/checkout/:ref", public: true },
  { method: "GET", route: "/pages/:id/checkout/:ref/cancel", public: true },
  { method: "GET", route: "/pages/:id/:token/checkout/:ref", public: true },
  { method: "GET", route: "/pages/:id/:token/checkout/:ref/cancel", public: true },
];
