import { assert, test } from "./lib/harness.mjs";
import { created } from "./support/merchant-api.mjs";
import { ssoLoginPath, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 17.3: enrolling in AutoPay while paying shows the authorization on the review
// page, before the button that pays and enrols; checked with axe at 1280 and 360 px,
// JavaScript on and off. (The Payment methods route to AutoPay: billing.browser.mjs.)

const expiry = () => `12/${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}`;

for (const [javaScript, viewport] of [
  [true, { width: 1280, height: 900 }],
  [false, { width: 360, height: 740 }],
]) {
  test(`paying with 'Enroll in AutoPay' ticked shows the authorization before Pay (${viewport.width} px, JavaScript ${javaScript ? "on" : "off"})`, async (t) => {
    const tenant = await t.createTenant({ name: "AutoPay Review Co" });
    const customer = await created(tenant.api, "/customers", { name: "Ada Lovelace", email: uniqueEmail("autopay") });
    const invoice = await created(tenant.api, "/invoices", {
      customer: customer.id,
      draft: false,
      sent: true,
      items: [{ name: "Consulting", quantity: 1, unit_cost: 90 }],
    });
    const { page } = await t.openPage(t.portalUrl(tenant.username, await ssoLoginPath(tenant, customer.id)), { javaScript, viewport });
    await waitForHeading(page, "My Account");
    await page.goto(t.portalUrl(tenant.username, `/pay?invoice=${invoice.public_id}`));
    await waitForHeading(page, "Pay invoices");
    await page.fill("#card_number", "4242 4242 4242 4242");
    await page.fill("#card_expiry", expiry());
    await page.fill("#card_cvc", "123");
    await page.fill("#card_name", "Ada Lovelace");
    await page.getByLabel(/Enroll in AutoPay/).check();
    await page.getByRole("button", { name: "Review payment" }).click();
    await page.getByRole("heading", { name: "What AutoPay authorizes" }).waitFor();
    await t.checkA11y(page, { name: `review-autopay-${viewport.width}` });
    assert.equal((await tenant.api.get(`/customers/${customer.id}`)).body.autopay, false, "nothing enrolled by the review");
    await page.getByRole("button", { name: /^Pay / }).click();
    await page
      .getByText(/Payment (received|successful)|Thank you/i)
      .first()
      .waitFor();
    assert.equal((await tenant.api.get(`/customers/${customer.id}`)).body.autopay, true, "enrolled with the payment");
  });
}
