import { assert, test } from "./lib/harness.mjs";
import { requestSignInMail, tenantWithCustomer, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 17 acceptance: the merchant sends an invoice as Invoiced's client does
// (POST /invoices/{id}/emails); the customer opens the mail in the outbox, follows its
// "View and pay" link, signs in on the way (require_authentication is on), lands on the
// invoice with the merchant's contact details in the footer, and pays it.

const expiry = () => `12/${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}`;

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`an emailed invoice's link leads through sign-in to paying it (${mode})`, async (t) => {
    const email = uniqueEmail("mailed");
    const { tenant, customer } = await tenantWithCustomer(t, { tenantName: "Harbour Supplies", customerName: "Ada Lovelace", email });
    const settings = await tenant.api.patch("/settings", {
      support_email: "help@harbour.example",
      support_phone: "+1 555 0100",
      postal_address: "1 Quay Street\nPortsmouth",
      website: "https://harbour.example",
    });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    const created = await tenant.api.post("/invoices", {
      customer: customer.id,
      draft: true,
      items: [{ name: "Rope, 50 m", description: "Marine grade", quantity: 2, unit_cost: 60 }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const inv = created.body;

    const sent = await tenant.api.post(`/invoices/${inv.id}/emails`, {});
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.length, 1);
    assert.equal(sent.body[0].email, email);
    const mail = await t.waitForMail({ to: email, subject: `Invoice ${inv.number} from Harbour Supplies` });
    assert.match(mail.html, /View and pay/);
    assert.deepEqual(
      mail.attachments.map((a) => a.filename),
      [`invoice-${inv.number}.pdf`],
    );

    // The outbox page shows the mail with its attachment; its link is the one the customer follows.
    const { page } = await t.openPage(`${t.server.apiOrigin}/_dev/outbox.html?to=${encodeURIComponent(email)}`, { javaScript });
    await page.getByRole("link", { name: `invoice-${inv.number}.pdf` }).waitFor();
    const url = `${t.portalUrl(tenant.username, `/invoices/${inv.public_id}`)}`;
    await page.getByRole("link", { name: url, exact: true }).first().click();

    // Signed out: to sign-in, and back to the invoice after it.
    await page.waitForURL(/\/login\?next=/);
    await t.checkA11y(page, { name: "login-from-mail" });
    const { link } = await requestSignInMail(t, page, email);
    await page.goto(link);
    await waitForHeading(page, /^Sign in to /);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(new RegExp(`/invoices/${inv.public_id}$`));
    await waitForHeading(page, `Invoice ${inv.number}`);
    const footer = await page.textContent("footer");
    assert.match(footer, /help@harbour\.example/);
    assert.match(footer, /1 Quay Street/);
    await page.getByRole("link", { name: "Back to Harbour Supplies" }).waitFor();
    await t.checkA11y(page, { name: `invoice-from-mail-js-${javaScript ? "on" : "off"}` });
    await t.screenshot(page, `invoice-from-mail-js-${javaScript ? "on" : "off"}`);

    // Pay it.
    await page.getByRole("link", { name: "Pay $120.00" }).click();
    await page.waitForURL(/\/pay\?invoice=/);
    await waitForHeading(page, "Pay invoices");
    await page.check("#method-new_card");
    await page.fill("#card_number", "4242 4242 4242 4242");
    await page.fill("#card_expiry", expiry());
    await page.fill("#card_cvc", "123");
    await page.fill("#card_name", "Ada Lovelace");
    await page.getByRole("button", { name: "Review payment" }).click();
    await page.waitForURL(/\/pay\/confirm\/[A-Za-z0-9]{24}$/);
    await page.getByRole("button", { name: "Pay $120.00" }).click();
    await page.waitForURL(/\/pay\/result\/[A-Za-z0-9]{24}$/);
    await waitForHeading(page, "Thank you: your payment was received");
    await t.checkA11y(page, { name: `paid-from-mail-js-${javaScript ? "on" : "off"}` });

    const after = await tenant.api.get(`/invoices/${inv.id}`);
    assert.equal(after.body.status, "paid");
    assert.equal(after.body.balance, 0);
  });
}
