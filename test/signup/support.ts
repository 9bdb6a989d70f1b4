import { desc, eq } from "drizzle-orm";
import { customers, invoices, paymentSources, signUpSubmissions, subscriptions } from "../../src/db/schema";
import { PortalClient } from "../helpers/portal";
import { subscriptionTenant } from "../subscriptions/support";

/**
 * A tenant with a catalogue (test gateway) and a sign-up page offering Basic and Pro,
 * a seat add-on, coupons, VAT, a trial-less page by default, terms to accept.
 */
export async function signupTenant(page: Record<string, unknown> = {}) {
  const w = await subscriptionTenant();
  await w.api.post("/coupons", { id: "welcome", name: "Welcome", value: 10, is_percent: true, duration: "forever" });
  await w.api.post("/coupons", { id: "old", name: "Expired", value: 10, is_percent: true, expiration_date: 1_000_000 });
  await w.api.post("/coupons", { id: "euro", name: "Euro off", value: 5, is_percent: false, currency: "eur" });
  const res = await w.api.post("/sign_up_pages", {
    name: "Join Acme",
    plans: ["basic", "pro"],
    addons: ["seat"],
    taxes: ["vat"],
    has_quantity: true,
    has_coupon_code: true,
    billing_address: true,
    tos_url: "https://acme.example/terms",
    ...page,
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const portal = new PortalClient(w.t.origin);
  return { ...w, page: res.body as { id: number; url: string }, portal };
}

export type SignupWorld = Awaited<ReturnType<typeof signupTenant>>;

/** A complete, valid form (test card 4242); override any field. */
export function form(extra: Record<string, string> = {}): Record<string, string> {
  return {
    plan: "basic",
    quantity: "1",
    name: "Grace Hopper",
    email: `grace-${crypto.randomUUID().slice(0, 8)}@example.com`,
    address1: "1 Main St",
    city: "Springfield",
    postal_code: "12345",
    country: "US",
    card_number: "4242 4242 4242 4242",
    card_expiry: "12/35",
    card_cvc: "123",
    card_name: "Grace Hopper",
    terms: "1",
    ...extra,
  };
}

/** GETs the page (its CSRF and form token) and posts the form as a browser would. */
export async function submit(w: SignupWorld, fields: Record<string, string>, path = `/pages/${w.page.id}`, portal = w.portal) {
  const page = await portal.get(path);
  const token = /name="form_token" value="([^"]+)"/.exec(page.html)?.[1] ?? "";
  return { token, res: await portal.post(path, { form_token: token, ...fields }) };
}

export const newCustomersOf = (w: SignupWorld) => w.t.scope.select(customers).orderBy(desc(customers.id)).all();
export const subscriptionsOf = (w: SignupWorld) => w.t.scope.select(subscriptions).all();
export const invoicesOf = (w: SignupWorld) => w.t.scope.select(invoices).all();
export const sourcesOf = (w: SignupWorld) => w.t.scope.select(paymentSources).all();
export const submissionsOf = (w: SignupWorld, pageId: number) => w.t.scope.select(signUpSubmissions, eq(signUpSubmissions.pageId, pageId)).all();
