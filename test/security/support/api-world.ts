import { env } from "cloudflare:workers";
import { randomString } from "../../../src/lib/random";
import { nowSeconds } from "../../../src/lib/time";
import { saveStripeSettings } from "../../../src/services/pay/stripe-settings";
import { apiClient } from "../../helpers/api";
import { makeTenant, testDb } from "../../helpers/tenants";

export const FUZZ_WEBHOOK_SECRET = "whsec_fuzzsecretforthesecuritysweep012345";

/**
 * A tenant with one object behind every id-taking API route, made through the
 * API itself, plus a Stripe tenant for the webhook route. `validParams` gives
 * the concrete value of each route parameter; `baseline` a body the route
 * accepts, for the fuzz to start from.
 */
export async function apiWorld() {
  const t = await makeTenant();
  const api = apiClient(t.apiKey);
  const must = async (p: Promise<{ status: number; body: any }>) => {
    const res = await p;
    if (res.status >= 300) throw new Error(`api world: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const suffix = randomString(8).toLowerCase();
  const customer = await must(api.post("/customers", { name: "Fuzz Ltd", email: `fuzz-${suffix}@example.com` }));
  const [contact, invoice, estimate, payment, item, coupon, taxRate] = await Promise.all([
    must(api.post(`/customers/${customer.id}/contacts`, { name: "Grace", email: `grace-${suffix}@example.com` })),
    must(api.post("/invoices", { customer: customer.id, items: [{ name: "Consulting", quantity: 2, unit_cost: 150 }] })),
    must(api.post("/estimates", { customer: customer.id, items: [{ name: "Remodel", quantity: 1, unit_cost: 5000 }] })),
    must(api.post("/payments", { customer: customer.id, amount: 10 })),
    must(api.post("/items", { id: `item-${suffix}`, name: "Item" })),
    must(api.post("/coupons", { id: `coupon-${suffix}`, name: "Coupon", value: 10 })),
    must(api.post("/tax_rates", { id: `tax-${suffix}`, name: "Tax", value: 7 })),
  ]);
  const plan = await must(api.post("/plans", { id: `plan-${suffix}`, name: "Plan", interval: "month", amount: 1, catalog_item: item.id }));

  const stripe = await makeTenant();
  await saveStripeSettings(testDb(), stripe.tenant.id, { secretKey: `sk_test_${randomString(24)}`, webhookSecret: FUZZ_WEBHOOK_SECRET }, env.ENCRYPTION_KEY, nowSeconds());

  const valid: [prefix: string, params: Record<string, string>][] = [
    ["/customers/", { id: String(customer.id), contactId: String(contact.id) }],
    ["/invoices/", { id: String(invoice.id) }],
    ["/estimates/", { id: String(estimate.id) }],
    ["/payments/", { id: String(payment.id) }],
    ["/items/", { id: item.id }],
    ["/plans/", { id: plan.id }],
    ["/coupons/", { id: coupon.id }],
    ["/tax_rates/", { id: taxRate.id }],
    ["/webhooks/stripe/", { username: stripe.tenant.username }],
  ];
  function validParams(route: string): Record<string, string> {
    return valid.find(([p]) => route.startsWith(p))?.[1] ?? {};
  }

  /** Bodies the API accepts for creates; updates and actions start from `{}`. */
  function baseline(method: string, route: string): Record<string, unknown> {
    if (method !== "POST") return {};
    const id = `fz-${randomString(10).toLowerCase()}`;
    const bodies: Record<string, Record<string, unknown>> = {
      "/customers": { name: "Fuzz" },
      "/customers/:id/contacts": { name: "Contact" },
      "/invoices": { customer: customer.id, items: [{ name: "Line", quantity: 1, unit_cost: 10 }] },
      "/estimates": { customer: customer.id, items: [{ name: "Line", quantity: 1, unit_cost: 10 }] },
      "/payments": { customer: customer.id, amount: 1 },
      "/items": { id, name: "Item" },
      "/plans": { id, name: "Plan", interval: "month", amount: 1, catalog_item: item.id },
      "/coupons": { id, name: "Coupon", value: 5 },
      "/tax_rates": { id, name: "Tax", value: 5 },
    };
    return bodies[route] ?? {};
  }

  return { t, api, stripe, customer, validParams, baseline };
}

export type ApiWorld = Awaited<ReturnType<typeof apiWorld>>;
