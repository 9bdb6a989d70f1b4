import { assert, test } from "./lib/harness.mjs";
import { created } from "./support/merchant-api.mjs";
import { ssoLoginPath, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 17 acceptance (points 4, 5, 6 and 7): the pay page on a phone, the navigation and
// the invoice list at 390 px, Try again keeping amounts, the default card after a first
// saved card, reloading after a 422, an unknown redirect_to, and removing a card only
// after confirming. One tenant for the file (created by the first test that asks).

const PHONE = { width: 390, height: 844 };
const DAY = 86_400;
const expiry = () => `12/${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}`;

let shared = null;
/** One tenant with a customer holding 20 open invoices and one past due (built once). */
function world(t) {
  shared ??= (async () => {
    const tenant = await t.createTenant({ name: "Northwind Traders" });
    const now = Math.floor(Date.now() / 1000);
    const many = await created(tenant.api, "/customers", { name: "Ada Lovelace", email: uniqueEmail("ux") });
    const invoices = [];
    for (let i = 0; i < 20; i++) {
      invoices.push(
        await created(tenant.api, "/invoices", {
          customer: many.id,
          draft: false,
          sent: true,
          date: now - (i + 1) * DAY,
          due_date: now + (20 - i) * DAY,
          purchase_order: i % 3 === 0 ? `PO-${1000 + i}` : undefined,
          items: [{ name: "Consulting", quantity: 1, unit_cost: 100 + i }],
        }),
      );
    }
    return { tenant, many, invoices };
  })();
  return shared;
}

/** A fresh SSO sign-in (recent, for S23) of `customerId`, landing on `redirectTo`. */
async function ssoOpen(t, tenant, customerId, { redirectTo = "my_account", javaScript = true, viewport } = {}) {
  return t.openPage(t.portalUrl(tenant.username, await ssoLoginPath(tenant, customerId, redirectTo)), { javaScript, viewport });
}

/** The element's box lies inside the first screen (the viewport as the page opened). */
async function inFirstScreen(page, locator, what) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is rendered`);
  const { height, width } = page.viewportSize();
  assert.ok(box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width, `${what} within the first screen: ${JSON.stringify(box)}`);
}

test("at 390×844: Pay from an invoice shows the total and Review on the first screen; the nav shows every section; 20 invoices fit in under 3,000 px", async (t) => {
  const { tenant, many, invoices } = await world(t);
  const { page } = await ssoOpen(t, tenant, many.id, { viewport: PHONE });
  await waitForHeading(page, "My Account");

  // every nav entry on screen, none cut off, no sideways scroll (2.4.11)
  const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  assert.ok((await links.count()) >= 6);
  for (const link of await links.all()) await inFirstScreen(page, link, `nav entry "${await link.textContent()}"`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scroll");
  await t.checkA11y(page, { name: "account-390" });

  await page.goto(t.portalUrl(tenant.username, "/invoices"));
  await waitForHeading(page, "Invoices");
  const rows = await page.locator(".invoice-table tbody tr").count();
  assert.equal(rows, 20);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 3000, `20 invoices in ${height} px (under 3,000)`);
  await t.checkA11y(page, { name: "invoices-390" });
  await t.screenshot(page, "invoices-390");

  const one = invoices[5];
  await page.getByRole("link", { name: one.number, exact: true }).click();
  await waitForHeading(page, `Invoice ${one.number}`);
  await page.getByRole("link", { name: /^Pay / }).first().click();
  await waitForHeading(page, "Pay invoices");
  await page.evaluate(() => window.scrollTo(0, 0));
  await inFirstScreen(page, page.locator("#pay-total"), "the total");
  assert.match(await page.textContent("#pay-total"), /\$105\.00/);
  await inFirstScreen(page, page.getByRole("button", { name: "Review payment" }), "the Review payment button");
  assert.equal(await page.locator(".more-invoices").evaluate((d) => d.open), false, "other invoices wait behind 'Add other invoices'");
  await t.checkA11y(page, { name: "pay-one-390" });
  await t.screenshot(page, "pay-one-390", { fullPage: false });
});

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`Try again after a decline keeps the partial amount; a first card saved while paying becomes the default (${mode})`, async (t) => {
    const { tenant } = await world(t);
    const cust = await created(tenant.api, "/customers", { name: "Grace Hopper", email: uniqueEmail("grace") });
    const inv = await created(tenant.api, "/invoices", { customer: cust.id, draft: false, sent: true, items: [{ name: "Audit", quantity: 1, unit_cost: 60 }] });
    const { page } = await ssoOpen(t, tenant, cust.id, { javaScript });
    await waitForHeading(page, "My Account");
    await page.goto(t.portalUrl(tenant.username, `/pay?invoice=${inv.public_id}`));
    await waitForHeading(page, "Pay invoices");
    const card = async (number, save) => {
      await page.check("#method-new_card");
      await page.fill("#card_number", number);
      await page.fill("#card_expiry", expiry());
      await page.fill("#card_cvc", "123");
      await page.fill("#card_name", "Grace Hopper");
      if (save) await page.check("input[name=save_method]");
      await page.getByRole("button", { name: "Review payment" }).click();
      await waitForHeading(page, "Confirm your payment");
    };
    await page.fill(`#amount_${inv.public_id}`, "25.50");
    await card("4000 0000 0000 0002", false);
    await page.getByRole("button", { name: "Pay $25.50" }).click();
    await waitForHeading(page, "Your payment did not go through");
    await page.getByRole("link", { name: "Try again" }).click();
    await waitForHeading(page, "Pay invoices");
    assert.equal(await page.inputValue(`#amount_${inv.public_id}`), "25.50", "the amount chosen before is kept");
    assert.match(await page.textContent("#pay-total"), /\$25\.50/);

    await card("4242 4242 4242 4242", true);
    await page.getByRole("button", { name: "Pay $25.50" }).click();
    await waitForHeading(page, /your payment was received/);
    const after = await tenant.api.get(`/customers/${cust.id}`);
    assert.equal(after.body.payment_source?.last4, "4242", `the saved card is the default: ${JSON.stringify(after.body.payment_source)}`);
    await page.goto(t.portalUrl(tenant.username, "/payment-methods"));
    assert.match(await page.locator("tr", { hasText: "Visa ending in 4242" }).textContent(), /Default/);
  });

  test(`reloading after a 422 keeps a page, and focus lands on the error summary (${mode})`, async (t) => {
    const { tenant } = await world(t);
    const cust = await created(tenant.api, "/customers", { name: "Alan Turing", email: uniqueEmail("alan") });
    const { page } = await ssoOpen(t, tenant, cust.id, { javaScript, redirectTo: "update_billing_info" });
    await waitForHeading(page, /Billing/);
    await page.locator("#billing-email").fill("not-an-email");
    await page.getByRole("button", { name: "Save billing details" }).click();
    await page.locator("#billing-email-error").waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
    // JS on: htmx pushed /billing, a reload is a GET (200). JS off: the browser re-sends
    // the form, which answers the same form with its errors (422): a page either way
    const okStatus = javaScript ? [200] : [200, 422];
    const reloaded = await page.reload();
    assert.ok(okStatus.includes(reloaded.status()), `reload of ${page.url()}: ${reloaded.status()}`);
    await waitForHeading(page, /Billing/);

    await page.getByRole("button", { name: "Add contact" }).click();
    await page.locator("#contact-name-error").waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
    const again = await page.reload();
    assert.ok(okStatus.includes(again.status()), `reload of ${page.url()}: ${again.status()}`);
    await waitForHeading(page, /Billing/);
    await t.checkA11y(page, { name: `reloaded-${javaScript ? "js" : "nojs"}` });
  });
}

test("an unknown redirect_to lands on My Account", async (t) => {
  const { tenant, many } = await world(t);
  const { page } = await ssoOpen(t, tenant, many.id, { redirectTo: "no_such_page" });
  await page.waitForURL(/\/account$/);
  await waitForHeading(page, "My Account");
});

test("a 404 inside the portal keeps the portal's layout and navigation", async (t) => {
  const { tenant, many } = await world(t);
  const { page, context } = await ssoOpen(t, tenant, many.id);
  await waitForHeading(page, "My Account");
  const res = await page.goto(t.portalUrl(tenant.username, "/invoices/AAAAAAAAAAAAAAAAAAAA"));
  assert.equal(res.status(), 404);
  await waitForHeading(page, "Page not found");
  assert.ok(await page.getByRole("navigation", { name: "Main" }).isVisible());
  await t.checkA11y(page, { name: "not-found-signed-in" });
  await context.close();
});

test("a card is removed only after confirming; 'No, keep it' keeps it", async (t) => {
  const { tenant } = await world(t);
  const cust = await created(tenant.api, "/customers", { name: "Edsger Dijkstra", email: uniqueEmail("edsger") });
  const src = await tenant.api.post(`/customers/${cust.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_mastercard" });
  assert.equal(src.status, 201);
  const { page } = await ssoOpen(t, tenant, cust.id, { javaScript: false, redirectTo: "add_payment_method" });
  await page.getByRole("link", { name: /^Remove \(Mastercard ending in 4444\)/ }).click();
  await waitForHeading(page, "Remove this payment method?");
  await t.checkA11y(page, { name: "remove-confirm" });
  assert.equal((await tenant.api.get(`/customers/${cust.id}/payment_sources`)).body.length, 1, "nothing removed by the first press");
  await page.getByRole("link", { name: "No, keep it" }).click();
  await page.getByText("Mastercard ending in 4444").first().waitFor();
  await page.getByRole("link", { name: /^Remove \(Mastercard ending in 4444\)/ }).click();
  await page.getByRole("button", { name: "Yes, remove it" }).click();
  await page.getByText("The payment method was removed.").waitFor();
  assert.equal((await tenant.api.get(`/customers/${cust.id}/payment_sources`)).body.length, 0);
});
