import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import {
  catalogItems,
  coupons,
  customers,
  events,
  pendingLineItems,
  plans,
  signUpPages,
  subscriptions,
  taxRates,
  tenantDomains,
  webhookDeliveries,
  webhookEndpoints,
} from "../../../src/db/schema";
import { encryptSecret } from "../../../src/lib/crypto";
import { randomString } from "../../../src/lib/random";
import { nowSeconds } from "../../../src/lib/time";
import { devReceiverUrl } from "../../../src/lib/webhook-url";
import { saveStripeSettings } from "../../../src/services/pay/stripe-settings";
import { makeContact, makeCustomer, makeEstimate, makeInvoice, makePayment, makePaymentSource } from "../../helpers/fixtures";
import { makeTenant, testDb } from "../../helpers/tenants";

export const FUZZ_WEBHOOK_SECRET = "whsec_fuzzsecretforthesecuritysweep012345";

/** A merchant tenant (with its API key) and a Stripe tenant for the webhook route: made once per file. */
export async function apiBase() {
  const t = await makeTenant();
  const stripe = await makeTenant();
  await saveStripeSettings(
    testDb(),
    stripe.tenant.id,
    { secretKey: `sk_test_${randomString(24)}`, webhookSecret: FUZZ_WEBHOOK_SECRET },
    env.ENCRYPTION_KEY,
    nowSeconds(),
  );
  return { t, stripe };
}

export type ApiBase = Awaited<ReturnType<typeof apiBase>>;

/**
 * Fresh objects behind every id-taking API route (a route's DELETE must not
 * starve the next one), inserted directly: cheap enough to make per route.
 * `validParams` gives the concrete value of each route parameter; `baseline` a
 * body the route accepts, for the fuzz to start from.
 */
export async function apiObjects(base: ApiBase) {
  const { t, stripe } = base;
  const now = nowSeconds();
  const suffix = randomString(8).toLowerCase();
  const customer = await makeCustomer(t.scope, { currency: "usd" });
  // one custom domain at a time: a tenant may have at most MAX_DOMAINS
  await t.scope.delete(tenantDomains);
  const ts = { createdAt: now, updatedAt: now };
  const item = `item-${suffix}`;
  const [contact, invoice, estimate, payment, source, [domain]] = await Promise.all([
    makeContact(t.scope, customer.id),
    makeInvoice(t.scope, customer.id),
    makeEstimate(t.scope, customer.id),
    makePayment(t.scope, customer.id),
    makePaymentSource(t.scope, customer.id),
    t.scope.insert(tenantDomains, { host: `${suffix}.fuzz.example.com`, verificationToken: "fuzz", verifiedAt: now, createdAt: now }).returning(),
    t.scope.insert(catalogItems, { id: item, name: "Item", unitCost: 100, ...ts }),
    t.scope.insert(plans, { id: `plan-${suffix}`, name: "Plan", catalogItem: item, currency: "usd", amount: 100, interval: "month", ...ts }),
    t.scope.insert(coupons, { id: `coupon-${suffix}`, name: "Coupon", value: 1000, ...ts }),
    t.scope.insert(taxRates, { id: `tax-${suffix}`, name: "Tax", value: 700, ...ts }),
  ]);

  // a sign-up page, named by the customer, so sign_up_request has something to send
  const [signUpPage] = await t.scope.insert(signUpPages, { name: "Join", plans: [`plan-${suffix}`], ...ts }).returning();
  await t.scope.update(customers, { signUpPage: signUpPage!.id, signUpToken: "FuzzLinkToken000000" }, eq(customers.id, customer.id));

  const [[subscription], [pending]] = await Promise.all([
    t.scope
      .insert(subscriptions, {
        customerId: customer.id,
        plan: `plan-${suffix}`,
        planName: "Plan",
        currency: "usd",
        planAmount: 100,
        interval: "month",
        startDate: now,
        anchor: now,
        periodStart: now,
        periodEnd: now + 2_592_000,
        renewsNext: now + 2_592_000,
        periodsBilled: 1,
        ...ts,
      })
      .returning(),
    t.scope.insert(pendingLineItems, { customerId: customer.id, name: "Pending", quantityE4: 10_000, unitCost: 100, currency: "usd", ...ts }).returning(),
  ]);
  // a webhook with one failed delivery (re-sendable), inserted directly: no announce, no queue;
  // one at a time, as for domains (a tenant may have at most MAX_ENDPOINTS)
  await t.scope.delete(webhookDeliveries);
  await t.scope.delete(webhookEndpoints);
  const [hook] = await t.scope
    .insert(webhookEndpoints, {
      url: devReceiverUrl(env),
      events: ["*"],
      secretEnc: await encryptSecret(env.ENCRYPTION_KEY, "whsec_ZnV6ei1zZWNyZXQtZm9yLWRldi1yZWNlaXZlci0xMjM0"),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const [event] = await t.scope
    .insert(events, { type: "invoice.paid", objectType: "invoice", objectId: String(invoice.id), actor: "api", data: {}, createdAt: now })
    .returning();
  const [delivery] = await t.scope
    .insert(webhookDeliveries, {
      endpointId: hook!.id,
      eventId: event!.id,
      status: "failed",
      attempts: 1,
      maxAttempts: 1,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();

  const valid: [prefix: string, params: Record<string, string>][] = [
    ["/customers/", { id: String(customer.id), contactId: String(contact.id), source_id: String(source.id), item: String(pending!.id) }],
    ["/subscriptions/", { id: String(subscription!.id) }],
    ["/sign_up_pages/", { id: String(signUpPage!.id) }],
    ["/invoices/", { id: String(invoice.id) }],
    ["/estimates/", { id: String(estimate.id) }],
    ["/payments/", { id: String(payment.id) }],
    ["/items/", { id: item }],
    ["/plans/", { id: `plan-${suffix}` }],
    ["/coupons/", { id: `coupon-${suffix}` }],
    ["/tax_rates/", { id: `tax-${suffix}` }],
    ["/settings/domains/", { id: String(domain!.id) }],
    ["/webhooks/stripe/", { username: stripe.tenant.username }],
    ["/webhooks/", { id: String(hook!.id), delivery: String(delivery!.id) }],
    ["/events/", { id: String(event!.id) }],
  ];
  function validParams(route: string): Record<string, string> {
    return valid.find(([p]) => route.startsWith(p))?.[1] ?? {};
  }

  /** Bodies the API accepts for creates; updates and actions start from `{}`. */
  function baseline(method: string, route: string): Record<string, unknown> {
    if (method !== "POST") return {};
    const id = `fz-${randomString(10).toLowerCase()}`;
    const line = { name: "Line", quantity: 1, unit_cost: 10 };
    const bodies: Record<string, Record<string, unknown>> = {
      "/customers": { name: "Fuzz", email: `${id}@example.com`, contacts: [{ name: "Contact" }] },
      "/customers/:id/contacts": { name: "Contact", email: `${id}@example.com` },
      "/invoices": { customer: customer.id, items: [line], discounts: [{ coupon: `coupon-${suffix}` }], taxes: [{ tax_rate: `tax-${suffix}` }] },
      "/estimates": { customer: customer.id, items: [line], deposit: 5 },
      "/payments": { customer: customer.id, amount: 1, applied_to: [{ type: "invoice", invoice: invoice.id, amount: 1 }] },
      "/items": { id, name: "Item", unit_cost: 1 },
      "/plans": { id, name: "Plan", interval: "month", amount: 1, catalog_item: item },
      "/coupons": { id, name: "Coupon", value: 5 },
      "/tax_rates": { id, name: "Tax", value: 5 },
      "/tenants": { username: id.replace("-", ""), name: "Fuzz" },
      "/settings/domains": { host: `${id}.example.org` },
      "/customers/:id/payment_sources": { method: "credit_card", invoiced_token: "tok_visa" },
      "/customers/:id/line_items": line,
      "/subscriptions": { customer: customer.id, plan: `plan-${suffix}`, discounts: [`coupon-${suffix}`], taxes: [`tax-${suffix}`] },
      "/subscriptions/preview": { customer: customer.id, plan: `plan-${suffix}`, quantity: 2 },
      "/sign_up_pages": { name: "Join", plans: [`plan-${suffix}`], taxes: [`tax-${suffix}`], trial_period_days: 7 },
      "/test_clocks/advance": { frozen_time: now + 3600 },
      // the development receiver: in-process, so the fuzz sends nothing to the network
      "/webhooks": { url: devReceiverUrl(env), events: ["invoice.paid"] },
    };
    return bodies[route] ?? {};
  }

  /** The credential a route takes: the platform token for /tenants, the tenant's API key elsewhere. */
  function validAuth(route: string): string {
    return route.startsWith("/tenants") ? `Bearer ${env.PLATFORM_ADMIN_TOKEN}` : `Basic ${btoa(`${t.apiKey}:`)}`;
  }

  return { customer, validParams, baseline, validAuth };
}
