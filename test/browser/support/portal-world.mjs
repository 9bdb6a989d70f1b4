// A customer with realistic data in every state the portal shows, built once per run
// through the real paths (merchant API, the portal's own forms) and shared by the
// tests that audit every page: invoices open, paid, part-paid and past due (two
// currencies), estimates open (with deposit), viewed, approved, declined, expired
// and invoiced, contacts, API payments, a portal card payment that saved the card,
// a payment left on its confirmation page, and a subscription.
import { assert } from "../lib/harness.mjs";
import { created, portalPath } from "./merchant-api.mjs";
import { requestSignInMail, uniqueEmail } from "./portal.mjs";
import { submitAndWait } from "./steps.mjs";

const DAY = 86_400;

let world = null;

/** The shared world (built by the first test that asks; tests never change it). */
export function portalWorld(t) {
  world ??= build(t);
  return world;
}

async function build(t) {
  const now = Math.floor(Date.now() / 1000);
  const tenant = await t.createTenant({ name: "Northwind Traders" });
  const api = tenant.api;
  const email = uniqueEmail("ada");

  const ada = await created(api, "/customers", {
    name: "Ada Lovelace",
    email,
    type: "person",
    address1: "12 St James's Square",
    city: "London",
    postal_code: "SW1Y 4JH",
    country: "GB",
    phone: "+44 20 7946 0000",
    contacts: [
      { name: "Grace Hopper", title: "Accounts payable", email: uniqueEmail("grace"), phone: "+1 555 0100", primary: true },
      { name: "Alan Turing", department: "Engineering" },
    ],
  });
  // a second account with the same address: /switch offers both
  await created(api, "/customers", { name: "Lovelace Holdings", email, type: "company" });
  const contacts = (await api.get(`/customers/${ada.id}/contacts`)).body;
  assert.ok(Array.isArray(contacts) && contacts.length === 2, `two contacts: ${JSON.stringify(contacts).slice(0, 300)}`);

  const lines = [
    {
      name: "Consulting (hour)",
      description: "Senior consultant, billed per hour",
      quantity: 6,
      unit_cost: "150.00",
      taxes: [{ name: "Sales tax", value: 8.25 }],
    },
    { name: "Support plan", description: "Business-hours support, one month", quantity: 1, unit_cost: "49.00" },
    { name: "Hardware kit", quantity: 2, unit_cost: "899.50", discounts: [{ name: "Loyalty", value: 5 }] },
  ];
  const invoice = (extra) =>
    created(api, "/invoices", { customer: ada.id, draft: false, sent: true, payment_terms: "NET 30", items: lines.slice(0, 2), ...extra });
  const inv = {
    open: await invoice({ name: "Office fit-out", items: lines, date: now - 2 * DAY, due_date: now + 28 * DAY, notes: "Thank you for your business." }),
    toPay: await invoice({ name: "Monthly support", items: [lines[1]], date: now - DAY, due_date: now + 14 * DAY }),
    pastDue: await invoice({ name: "Workshop", date: now - 45 * DAY, due_date: now - 15 * DAY }),
    partial: await invoice({ name: "Hardware", items: [lines[2]], date: now - 60 * DAY, due_date: now - 30 * DAY }),
    paid: await invoice({ name: "Onboarding", date: now - 90 * DAY, due_date: now - 60 * DAY }),
    euro: await invoice({
      name: "Training in Paris",
      currency: "eur",
      items: [{ name: "Training day", quantity: 1, unit_cost: "1200.00" }],
      date: now - 5 * DAY,
      due_date: now + 25 * DAY,
    }),
  };
  await created(api, "/invoices", { customer: ada.id, draft: true, items: lines.slice(0, 1) }); // invisible in the portal
  await created(api, "/payments", {
    customer: ada.id,
    amount: "500.00",
    method: "check",
    reference: "CHK 1042",
    date: now - 20 * DAY,
    applied_to: [{ type: "invoice", invoice: inv.partial.id, amount: "500.00" }],
  });
  await created(api, "/payments", {
    customer: ada.id,
    amount: String(inv.paid.total),
    method: "wire_transfer",
    date: now - 62 * DAY,
    applied_to: [{ type: "invoice", invoice: inv.paid.id, amount: String(inv.paid.total) }],
  });

  const estimate = (name, extra = {}) =>
    created(api, "/estimates", {
      customer: ada.id,
      name,
      draft: false,
      sent: true,
      date: now - 3 * DAY,
      expiration_date: now + 27 * DAY,
      terms: "Prices hold for 30 days.\nWork starts within two weeks of approval.",
      items: lines.slice(0, 2),
      ...extra,
    });
  const est = {
    deposit: await estimate("Roof repair", { deposit: "250.00" }),
    viewed: await estimate("Garden shed"),
    approved: await estimate("Kitchen remodel", { purchase_order: "PO-7781" }),
    declined: await estimate("Solar panels"),
    expired: await estimate("Fence", { date: now - 60 * DAY, expiration_date: now - 10 * DAY }),
    invoiced: await estimate("Network upgrade", { items: lines }),
  };
  await created(api, "/estimates", { customer: ada.id, name: "Draft idea", draft: true, items: lines.slice(0, 1) });

  // the customer signs in (two accounts share the address: the picker comes first)
  const { page, context } = await t.openPage(t.portalUrl(tenant.username, "/login"));
  const { link } = await requestSignInMail(t, page, email);
  await page.goto(link);
  await submitAndWait(page.getByRole("button", { name: "Sign in", exact: true }), page.getByRole("heading", { level: 1, name: "Choose an account" }));
  await submitAndWait(page.getByRole("button", { name: /(Stay with|Continue as) Ada Lovelace/ }), page.getByRole("heading", { level: 1, name: /account/i }));
  const go = (path) => page.goto(t.portalUrl(tenant.username, path));

  // answers to estimates, through the portal's forms
  await go(portalPath(est.viewed));
  for (const e of [est.approved, est.invoiced]) {
    await go(portalPath(e));
    await page.getByLabel("I agree to the terms of this estimate").check();
    await page.getByLabel("Your initials or full name").fill("A. L.");
    await submitAndWait(page.getByRole("button", { name: "Approve estimate" }), page.getByRole("heading", { name: "Approval record" }));
  }
  await go(portalPath(est.declined));
  await page.locator(".decline-panel > summary").click();
  await page.getByLabel("Reason (optional)").fill("Out of budget this year.");
  await submitAndWait(page.getByRole("button", { name: "Decline estimate" }), page.getByRole("heading", { name: "You declined this estimate" }));
  await created(api, `/estimates/${est.invoiced.id}/invoice`, {});

  // a card payment that saves the card
  await go(`/pay?invoice=${inv.toPay.public_id}`);
  await page.locator("input[name=method][value=new_card]").check();
  await page.fill("input[name=card_number]", "4242 4242 4242 4242");
  await page.fill("input[name=card_expiry]", "12/34");
  await page.fill("input[name=card_cvc]", "123");
  await page.fill("input[name=card_name]", "Ada Lovelace");
  await page.locator("input[name=save_method]").check();
  await submitAndWait(page.getByRole("button", { name: "Review payment" }), page.getByRole("heading", { level: 1, name: "Confirm your payment" }));
  await submitAndWait(page.getByRole("button", { name: /^Pay / }), page.getByRole("heading", { level: 1, name: /your payment was received/ }));
  const result = new URL(page.url()).pathname;
  assert.match(result, /^\/pay\/result\//);

  // a payment with the saved card, left on its confirmation page
  await go(`/pay?invoice=${inv.open.public_id}`);
  const sourceId = (await page.locator("input[name=method][value^=source_]").getAttribute("value")).slice("source_".length);
  await page.locator("input[name=method][value^=source_]").check();
  await submitAndWait(page.getByRole("button", { name: "Review payment" }), page.getByRole("heading", { level: 1, name: "Confirm your payment" }));
  const confirm = new URL(page.url()).pathname;
  assert.match(confirm, /^\/pay\/confirm\//);

  // a subscription with an add-on, a coupon and tax, which the customer may change, cancel and pause (issue 15)
  await api.patch("/settings", {
    allow_subscription_changes: true,
    allow_billing_portal_cancellations: true,
    allow_immediate_cancellation: true,
    allow_subscription_pause: true,
    subscription_change_plans: ["team", "business"],
  });
  await created(api, "/plans", { id: "team", name: "Team", amount: 49, interval: "month" });
  await created(api, "/plans", { id: "business", name: "Business", amount: 99, interval: "month" });
  await created(api, "/plans", { id: "seat", name: "Extra seat", amount: 9, interval: "month" });
  await created(api, "/coupons", { id: "welcome", name: "Welcome", value: 10, is_percent: true, duration: "forever" });
  await created(api, "/tax_rates", { id: "vat", name: "VAT", value: 20, is_percent: true });
  const sub = await created(api, "/subscriptions", {
    customer: ada.id,
    plan: "team",
    quantity: 2,
    addons: [{ plan: "seat", quantity: 3 }],
    discounts: ["welcome"],
    taxes: ["vat"],
  });

  const storageState = await context.storageState();
  await context.close();
  return { tenant, email, ada, contacts, inv, est, sub, sourceId, paths: { result, confirm }, storageState };
}
