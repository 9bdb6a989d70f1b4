import { assert, test } from "./lib/harness.mjs";
import { ssoLoginPath } from "./support/portal.mjs";

// Issue 6 acceptance, with JavaScript on and off: update the billing address, add a contact,
// add a test card, make it default, enrol in AutoPay, remove an old card; zero axe violations
// on every page on the way (billing, add-payment-method with and without errors, payment methods).

/** A tenant, a customer with an old saved card (added by API test token), signed in by SSO (a fresh sign-in: S23). */
async function signedIn(t, javaScript) {
  const tenant = await t.createTenant({ name: "Billing Walk Ltd" });
  const customer = await tenant.api.post("/customers", { name: "Ada Lovelace", email: "ada@example.com" });
  assert.equal(customer.status, 201);
  const old = await tenant.api.post(`/customers/${customer.body.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_mastercard" });
  assert.equal(old.status, 201);
  const { page } = await t.openPage(t.portalUrl(tenant.username, await ssoLoginPath(tenant, customer.body.id, "update_billing_info")), { javaScript });
  await page.waitForURL(/\/billing/);
  return { tenant, customer, page };
}

/** Clicks and waits for the page (or the htmx swap) to show `text`. */
async function clickAndSee(page, locator, text) {
  await locator.click();
  await page.getByText(text).first().waitFor();
}

for (const javaScript of [true, false]) {
  test(
    `billing details, a contact, a test card, default, AutoPay, remove the old card (JavaScript ${javaScript ? "on" : "off"})`,
    async (t) => {
      const { page, tenant, customer } = await signedIn(t, javaScript);
      const main = page.locator("main");
      await t.checkA11y(page, { name: "billing" });

      // 1. the billing address (country first: with JavaScript it redraws state and postal code)
      await page.selectOption("#billing-country", "US");
      if (javaScript) await page.getByLabel("ZIP code").waitFor();
      await page.fill("#billing-address1", "1 Market St");
      await page.fill("#billing-city", "San Francisco");
      await page.fill("#billing-state", "CA");
      await page.fill("#billing-postal_code", "94105");
      await clickAndSee(page, page.getByRole("button", { name: "Save billing details" }), "Your billing details were saved.");
      assert.equal(await page.inputValue("#billing-city"), "San Francisco");

      // 2. a contact
      await page.fill("#contact-name", "Grace Hopper");
      await page.fill("#contact-email", "grace@example.com");
      await clickAndSee(page, page.getByRole("button", { name: "Add contact" }), "The contact was added.");
      assert.ok(await main.getByText("grace@example.com").count());

      // 3. a test card (a mistyped number first: the error page is checked too)
      await page.getByRole("link", { name: "Payment methods and AutoPay" }).click();
      await page.getByRole("heading", { name: "Payment methods", level: 1 }).waitFor();
      await t.checkA11y(page, { name: "payment-methods" });
      await page.getByRole("link", { name: "Add a payment method" }).click();
      await page.getByRole("heading", { name: "Add a payment method" }).waitFor();
      await t.checkA11y(page, { name: "new" });
      await page.fill("#card-number", "4242 4242 4242 4241");
      await page.fill("#card-expiry", "12/34");
      await page.fill("#card-cvc", "123");
      await page.fill("#card-name", "Ada Lovelace");
      await clickAndSee(page, page.getByRole("button", { name: "Save card" }), "This card number is not valid.");
      assert.equal(await page.inputValue("#card-number"), "", "the number is not sent back");
      assert.equal(await page.inputValue("#card-name"), "Ada Lovelace", "the name is kept");
      await t.checkA11y(page, { name: "new-errors" });
      await page.fill("#card-number", "4242 4242 4242 4242");
      await page.fill("#card-cvc", "123");
      await clickAndSee(page, page.getByRole("button", { name: "Save card" }), "The payment method was added.");

      // 4. make it default
      await clickAndSee(page, page.getByRole("button", { name: "Make default (Visa ending in 4242)" }), "Your default payment method was changed.");

      // 5. AutoPay (issue 17.3, 3.3.4): "Set up AutoPay" opens the authorization; Cancel
      // goes back with nothing changed, only "Agree and turn on AutoPay" enrols
      const autopay = async () => (await tenant.api.get(`/customers/${customer.body.id}`)).body.autopay;
      await page.getByRole("link", { name: "Set up AutoPay" }).click();
      await page.getByRole("heading", { level: 1, name: "Turn on AutoPay?" }).waitFor();
      assert.ok(await main.getByText("What AutoPay authorizes").count());
      await t.checkA11y(page, { name: "autopay-confirm" });
      assert.equal(await autopay(), false, "nothing enrolled by the first press");
      await page.getByRole("link", { name: "Cancel, keep AutoPay off" }).click();
      await page.getByRole("heading", { level: 1, name: "Payment methods" }).waitFor();
      assert.equal(await autopay(), false, "Cancel changes nothing");
      await page.getByRole("link", { name: "Set up AutoPay" }).click();
      await clickAndSee(page, page.getByRole("button", { name: "Agree and turn on AutoPay" }), "AutoPay is now on.");
      assert.equal(await autopay(), true);
      assert.ok(await main.getByText("with your default method: Visa ending in 4242").count());

      // 6. remove the old card
      // issue 17 (3.3.4): Remove asks first; only "Yes, remove it" removes
      await page.getByRole("link", { name: "Remove (Mastercard ending in 4444)" }).click();
      await page.getByRole("heading", { level: 1, name: "Remove this payment method?" }).waitFor();
      await t.checkA11y(page, { name: "remove-confirm" });
      await clickAndSee(page, page.getByRole("button", { name: "Yes, remove it" }), "The payment method was removed.");
      assert.equal(await main.getByText("Mastercard ending in 4444").count(), 0);
      await t.screenshot(page, `done-js-${javaScript ? "on" : "off"}`);
      await t.checkA11y(page, { name: "payment-methods-after" });
    },
    { timeout: 120_000 },
  );
}
