import type { SignUpPage } from "../../db/queries/sign-up-pages";
import type { NewSubscription, Subscription } from "../../db/queries/subscriptions";
import type { Customer, Tenant } from "../../db/queries/types";
import type { ShipTo } from "../../db/schema/subscriptions";
import type { TenantScope } from "../../db/scope";
import { ApiError } from "../../lib/api-error";
import { DAY } from "../../lib/time";
import { isCountryCode } from "../billing/countries";
import { type CreateCtx, newSubscriptionColumns } from "../subscriptions/create";
import { priceSubscriptionPeriod } from "../subscriptions/engine";
import { periodOf, priceBase, recurringTotalOf } from "../subscriptions/engine-input";

/**
 * A sign-up form as typed, checked on the server (issue 16): every refusal is a
 * message on its field, and the price is the subscription engine's own (the same
 * rules and pricing function as `POST /subscriptions` and the renewal).
 */

/** What the page shows again after an error (card number and code never come back). */
export type SignupForm = {
  form_token: string;
  plan: string;
  quantity: string;
  addons: string[];
  coupon: string;
  name: string;
  email: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postal_code: string;
  country: string;
  phone: string;
  /** "1": ship to the billing address (the box is ticked); otherwise the shipping_* fields */
  shipping_same: string;
  shipping_address1: string;
  shipping_address2: string;
  shipping_city: string;
  shipping_state: string;
  shipping_postal_code: string;
  shipping_country: string;
  card_number: string;
  card_expiry: string;
  card_cvc: string;
  card_name: string;
  terms: string;
  /** the honeypot: people never see it, so never fill it */
  website: string;
};

export type FieldErrors = Record<string, string>;

const MAX_QUANTITY = 10_000;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** Reads the posted body: single fields as strings, `addons` as the list of ticked ids. */
export function readSignupForm(body: Record<string, string | File | (string | File)[]>): SignupForm {
  const one = (k: string) => {
    const v = body[k];
    return typeof v === "string" ? v.slice(0, 500) : "";
  };
  const many = (k: string) =>
    [body[k] ?? []]
      .flat()
      .filter((v): v is string => typeof v === "string")
      .slice(0, 20);
  return {
    form_token: one("form_token"),
    plan: one("plan"),
    quantity: one("quantity"),
    addons: many("addons"),
    coupon: one("coupon").trim(),
    name: one("name").trim(),
    email: one("email").trim().toLowerCase(),
    address1: one("address1").trim(),
    address2: one("address2").trim(),
    city: one("city").trim(),
    state: one("state").trim(),
    postal_code: one("postal_code").trim(),
    country: one("country").trim().toUpperCase(),
    phone: one("phone").trim(),
    shipping_same: one("shipping_same"),
    shipping_address1: one("shipping_address1").trim(),
    shipping_address2: one("shipping_address2").trim(),
    shipping_city: one("shipping_city").trim(),
    shipping_state: one("shipping_state").trim(),
    shipping_postal_code: one("shipping_postal_code").trim(),
    shipping_country: one("shipping_country").trim().toUpperCase(),
    card_number: one("card_number"),
    card_expiry: one("card_expiry"),
    card_cvc: one("card_cvc"),
    card_name: one("card_name").trim(),
    terms: one("terms"),
    website: one("website"),
  };
}

/** The form a visitor first sees: the first plan chosen, prefilled for a known customer. */
export function blankForm(page: SignUpPage, token: string, customer?: Customer | null): SignupForm {
  return {
    form_token: token,
    plan: page.plans[0] ?? "",
    quantity: "1",
    addons: [],
    coupon: "",
    name: customer?.name ?? "",
    email: customer?.email ?? "",
    address1: customer?.address1 ?? "",
    address2: customer?.address2 ?? "",
    city: customer?.city ?? "",
    state: customer?.state ?? "",
    postal_code: customer?.postalCode ?? "",
    country: customer?.country ?? "",
    phone: customer?.phone ?? "",
    // "same as billing" starts ticked where there is a billing address to be the same as
    shipping_same: page.billingAddress ? "1" : "",
    shipping_address1: "",
    shipping_address2: "",
    shipping_city: "",
    shipping_state: "",
    shipping_postal_code: "",
    shipping_country: "",
    card_number: "",
    card_expiry: "",
    card_cvc: "",
    card_name: "",
    terms: "",
    website: "",
  };
}

export type Priced = {
  row: NewSubscription;
  /** charged now: the first invoice's total, 0 during a trial */
  dueNow: number;
  recurring: number;
  currency: string;
  trialEnds: number | null;
};

type PriceCtx = { scope: TenantScope; tenant: Tenant; now: number; portalOrigin: string };

/** The quantity typed: 1 when the page does not ask. */
function quantityOf(page: SignUpPage, f: SignupForm, errors: FieldErrors): number {
  if (!page.hasQuantity) return 1;
  const q = /^\d{1,7}$/.test(f.quantity.trim()) ? Number(f.quantity.trim()) : Number.NaN;
  if (!(q >= 1 && q <= MAX_QUANTITY)) errors.quantity = `Enter a whole number from 1 to ${MAX_QUANTITY.toLocaleString("en-US")}.`;
  return q;
}

/**
 * Prices the choice (plan, quantity, add-ons, coupon, the page's taxes and trial) with
 * the subscription engine; the refusals of the engine's create rules become field
 * messages. Only the fields that shape the price are checked here (the live total).
 */
export async function priceChoice(ctx: PriceCtx, page: SignUpPage, f: SignupForm, errors: FieldErrors = {}): Promise<Priced | null> {
  if (!page.plans.includes(f.plan)) errors.plan = "Choose one of the plans on this page.";
  const quantity = quantityOf(page, f, errors);
  const addons = f.addons.filter((a) => a !== "");
  if (addons.some((a) => !page.addons.includes(a)) || new Set(addons).size !== addons.length) errors.addons = "Choose add-ons from the list.";
  if (f.coupon && !page.hasCouponCode) errors.coupon = "This page takes no coupon codes.";
  if (errors.plan || errors.quantity || errors.addons || errors.coupon) return null;

  const trial = page.trialPeriodDays > 0;
  const body = {
    customer: 0,
    plan: f.plan,
    quantity,
    addons: addons.map((plan) => ({ plan, quantity: 1 })),
    discounts: f.coupon ? [f.coupon] : [],
    taxes: page.taxes,
    start_date: trial ? ctx.now + page.trialPeriodDays * DAY : undefined,
  };
  const visitor = { id: 0, paymentTerms: null } as unknown as Customer;
  try {
    const cctx: CreateCtx = { ...ctx, who: { actor: "customer" }, origin: ctx.portalOrigin };
    const { row } = await newSubscriptionColumns(cctx, body, {}, visitor);
    const sub = { ...row, id: 0 } as Subscription;
    const k = row.periodsBilled ?? 0;
    const due = (row.renewsNext ?? Number.POSITIVE_INFINITY) <= ctx.now;
    const draft = priceSubscriptionPeriod({ ...priceBase(sub), period: periodOf(sub, ctx.tenant.timeZone, k), prorations: [], pendingItems: [] });
    return { row, dueNow: due ? draft.total : 0, recurring: recurringTotalOf(sub), currency: row.currency, trialEnds: trial ? row.startDate : null };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const param = err.param ?? "";
    const field = param.startsWith("discounts") ? "coupon" : param.startsWith("addons") ? "addons" : param === "quantity" ? "quantity" : "plan";
    errors[field] = field === "coupon" ? "This coupon code cannot be used." : err.message;
    return null;
  }
}

/** The visitor's details: name, email, phone, the billing and shipping addresses when the page asks, terms. */
export function checkDetails(page: SignUpPage, f: SignupForm, errors: FieldErrors): void {
  if (!f.name || f.name.length > 255) errors.name = "Enter your name.";
  if (!EMAIL.test(f.email)) errors.email = "Enter an email address like name@example.com.";
  if (f.phone.length > 40) errors.phone = "This is too long.";
  checkAddress(f, "", page.billingAddress, errors);
  checkAddress(f, "shipping_", shippingAsked(page, f), errors);
  if (page.tosUrl && f.terms !== "1") errors.terms = "Tick the box to accept the terms.";
}

/** Whether the shipping_* fields count: the page asks, and "same as billing" is not ticked (or there is no billing address). */
function shippingAsked(page: SignUpPage, f: SignupForm): boolean {
  return page.shippingAddress && !(page.billingAddress && f.shipping_same === "1");
}

/** One address (billing: no prefix; shipping: `shipping_`), the same rules for both. */
function checkAddress(f: SignupForm, prefix: "" | "shipping_", required: boolean, errors: FieldErrors): void {
  const v = (k: string) => f[`${prefix}${k}` as keyof SignupForm] as string;
  if (required) {
    if (!v("address1")) errors[`${prefix}address1`] = "Enter the street address.";
    if (!v("city")) errors[`${prefix}city`] = "Enter the city.";
    if (!v("postal_code")) errors[`${prefix}postal_code`] = "Enter the postal code.";
    if (!isCountryCode(v("country"))) errors[`${prefix}country`] = "Choose the country.";
  }
  for (const k of ["address1", "address2", "city", "state", "postal_code"]) if (v(k).length > 255) errors[`${prefix}${k}`] = "This is too long.";
}

/** The subscription's `ship_to` when the page asks for a shipping address (checked before). */
export function shipToOf(page: SignUpPage, f: SignupForm): ShipTo | null {
  if (!page.shippingAddress) return null;
  const p = shippingAsked(page, f) ? "shipping_" : "";
  const v = (k: string) => (f[`${p}${k}` as keyof SignupForm] as string) || null;
  return {
    name: f.name,
    attention_to: null,
    address1: v("address1") ?? "",
    address2: v("address2"),
    city: v("city") ?? "",
    state: v("state"),
    postal_code: v("postal_code"),
    country: v("country") ?? "",
  };
}
