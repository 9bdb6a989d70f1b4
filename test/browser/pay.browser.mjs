import { assert, test } from "./lib/harness.mjs";
import { fetchWithCookies, issueInvoice, pdfText, signIn, tenantWithCustomer, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 4 acceptance, with JavaScript on and off: sign in (through the outbox), open an
// invoice, pay two invoices with 4242 4242 4242 4242, see them paid, download the receipt
// PDF (a PDF naming the amount), find the receipt email; a declined card
// (4000 0000 0000 0002) says why and changes no balance. Zero axe violations on every page.

const TENANT = "Northwind Traders";
const tag = (javaScript, name) => `${name}-js-${javaScript ? "on" : "off"}`;
/** An expiry date safely in the future, as the form asks for it (MM/YY). */
const expiry = () => `12/${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}`;

/** The API's view of the invoices' balances, as decimal strings: what the merchant sees. */
async function balances(tenant, invoices) {
  const out = [];
  for (const inv of invoices) {
    const res = await tenant.api.get(`/invoices/${inv.id}`);
    assert.equal(res.status, 200);
    out.push(String(res.body.balance));
  }
  return out;
}

/** On /pay?invoice=: opens "Add other invoices" (issue 17) when it is there and closed. */
async function openOtherInvoices(page) {
  const more = page.locator(".more-invoices");
  if ((await more.count()) && !(await more.evaluate((d) => d.open))) await more.locator("summary").click();
}

/** On /pay: ticks exactly `wanted` (public ids), fills a new card and presses Review payment. */
async function reviewCardPayment(page, wanted, cardNumber) {
  await openOtherInvoices(page);
  for (const box of await page.locator('input[name="invoice"]').all()) {
    await box.setChecked(wanted.includes(await box.getAttribute("value")));
  }
  await page.check("#method-new_card");
  await page.fill("#card_number", cardNumber);
  await page.fill("#card_expiry", expiry());
  await page.fill("#card_cvc", "123");
  await page.fill("#card_name", "Ada Lovelace");
  await page.getByRole("button", { name: "Review payment" }).click();
  await page.waitForURL(/\/pay\/confirm\/[A-Za-z0-9]{24}$/);
  await waitForHeading(page, "Confirm your payment");
}

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`a customer pays two invoices with a test card, sees them paid and gets the receipt (${mode})`, async (t) => {
    const email = uniqueEmail("pay");
    const { tenant, customer } = await tenantWithCustomer(t, { tenantName: TENANT, customerName: "Ada Lovelace", email });
    const first = await issueInvoice(tenant, customer.id, 120, "Consulting");
    const second = await issueInvoice(tenant, customer.id, 80.5, "Support plan");
    const third = await issueInvoice(tenant, customer.id, 45, "Training");
    assert.deepEqual(await balances(tenant, [first, second, third]), ["120", "80.5", "45"]);

    const { page } = await signIn(t, tenant, email, { javaScript });

    // Open an invoice from the list.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
    await page.waitForURL(/\/invoices$/);
    await waitForHeading(page, "Invoices");
    await t.checkA11y(page, { name: tag(javaScript, "invoices") });
    await page.getByRole("link", { name: first.number, exact: true }).click();
    await page.waitForURL(new RegExp(`/invoices/${first.public_id}$`));
    await waitForHeading(page, `Invoice ${first.number}`);
    assert.match(await page.textContent(".balance-due"), /\$120\.00/);
    await t.checkA11y(page, { name: tag(javaScript, "invoice") });
    await t.screenshot(page, tag(javaScript, "invoice"));

    // Its Pay button preselects it; tick the second one too (and not the third).
    await page.getByRole("link", { name: "Pay $120.00" }).click();
    await page.waitForURL(/\/pay\?invoice=/);
    await waitForHeading(page, "Pay invoices");
    await t.checkA11y(page, { name: tag(javaScript, "pay") });
    if (javaScript) {
      // htmx: the total follows the ticks
      await openOtherInvoices(page);
      await page.check(`#inv-${second.public_id}`);
      await page.locator("#pay-total", { hasText: "$200.50" }).waitFor();
    }
    await reviewCardPayment(page, [first.public_id, second.public_id], "4242 4242 4242 4242");
    assert.match(await page.textContent("main"), /You are about to pay \$200\.50 to Northwind Traders/);
    await t.checkA11y(page, { name: tag(javaScript, "confirm") });
    await t.screenshot(page, tag(javaScript, "confirm"));

    await page.getByRole("button", { name: "Pay $200.50" }).click();
    await page.waitForURL(/\/pay\/result\/[A-Za-z0-9]{24}$/);
    await waitForHeading(page, "Thank you: your payment was received");
    assert.match(await page.textContent("main"), /You paid \$200\.50 to Northwind Traders/);
    await t.checkA11y(page, { name: tag(javaScript, "paid") });
    await t.screenshot(page, tag(javaScript, "paid"));

    // The receipt PDF, fetched with this browser's cookies.
    const receiptHref = await page.getAttribute("#receipt-link", "href");
    assert.match(receiptHref, /^\/payments\/[A-Za-z0-9]+\/pdf$/);
    const receiptUrl = new URL(receiptHref, page.url()).toString();
    const pdf = await fetchWithCookies(page.context(), receiptUrl);
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers["content-type"], /^application\/pdf/);
    const { bytes } = pdf;
    assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    const text = await pdfText(bytes);
    assert.match(text, /\$200\.50/, `the receipt names the amount; its text:\n${text}`);
    assert.match(text, new RegExp(first.number));
    assert.match(text, new RegExp(second.number));
    const stranger = await fetchWithCookies(await t.newContext(), receiptUrl);
    assert.equal(stranger.status, 303, "without the session: to sign-in, no PDF");

    // The receipt email.
    const mail = await t.waitForMail({ to: email, subject: `Receipt for your payment of $200.50 to ${TENANT}` });
    assert.match(mail.text, /Applied to:/);

    // Both invoices paid: in the list, on the detail page, and for the merchant.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
    await page.waitForURL(/\/invoices$/);
    await waitForHeading(page, "Invoices");
    // the list opens on open invoices: the paid ones have left it
    await page.locator(".invoice-table caption", { hasText: "all 1 matching" }).waitFor();
    await page.locator(".filter-panel > summary").click();
    await page.selectOption("#f-status", "all");
    await page.getByRole("button", { name: "Show invoices" }).click();
    await page.waitForURL(/\/invoices\?status=all/);
    await page.locator(".invoice-table caption", { hasText: "all 3 matching" }).waitFor();
    for (const [inv, status] of [
      [first, "Paid"],
      [second, "Paid"],
      [third, "Open"],
    ]) {
      const row = page.locator("tbody tr", { has: page.getByRole("link", { name: inv.number, exact: true }) });
      assert.match(await row.textContent(), new RegExp(status), `${inv.number} is ${status}`);
    }
    await t.checkA11y(page, { name: tag(javaScript, "invoices-after") });
    await t.screenshot(page, tag(javaScript, "invoices-after"));
    await page.goto(t.portalUrl(tenant.username, `/invoices/${second.public_id}`));
    await waitForHeading(page, `Invoice ${second.number}`);
    assert.match(await page.textContent(".invoice-facts"), /Paid/);
    assert.match(await page.textContent(".balance-due"), /\$0\.00/);
    await t.checkA11y(page, { name: tag(javaScript, "invoice-paid") });
    assert.deepEqual(await balances(tenant, [first, second, third]), ["0", "0", "45"]);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payments" }).click();
    await page.waitForURL(/\/payments$/);
    await waitForHeading(page, "Payments");
    assert.match(await page.textContent("main"), /\$200\.50/);
    await t.checkA11y(page, { name: tag(javaScript, "payments") });
  });

  test(`a declined card says why and changes no balance (${mode})`, async (t) => {
    const email = uniqueEmail("declined");
    const { tenant, customer } = await tenantWithCustomer(t, { tenantName: TENANT, customerName: "Ada Lovelace", email });
    const first = await issueInvoice(tenant, customer.id, 60);
    const second = await issueInvoice(tenant, customer.id, 15.25);
    const { page } = await signIn(t, tenant, email, { javaScript });

    await page.goto(t.portalUrl(tenant.username, "/pay"));
    await waitForHeading(page, "Pay invoices");
    await t.checkA11y(page, { name: tag(javaScript, "pay") });
    await reviewCardPayment(page, [first.public_id, second.public_id], "4000 0000 0000 0002");
    await t.checkA11y(page, { name: tag(javaScript, "confirm") });
    await page.getByRole("button", { name: "Pay $75.25" }).click();
    await page.waitForURL(/\/pay\/result\/[A-Za-z0-9]{24}$/);
    await waitForHeading(page, "Your payment did not go through");
    assert.match(await page.textContent("#payment-error"), /Your card was declined/);
    await t.checkA11y(page, { name: tag(javaScript, "declined") });
    await t.screenshot(page, tag(javaScript, "declined"));

    assert.deepEqual(await balances(tenant, [first, second]), ["60", "15.25"]);
    assert.equal((await t.outbox({ to: email })).filter((m) => /^Receipt/.test(m.subject)).length, 0, "no receipt mail");

    // "Try again" leads back to /pay with the same invoices ticked.
    await page.getByRole("link", { name: "Try again" }).click();
    await page.waitForURL(/\/pay\?invoice=/);
    await waitForHeading(page, "Pay invoices");
    assert.ok(await page.isChecked(`#inv-${first.public_id}`));
    assert.ok(await page.isChecked(`#inv-${second.public_id}`));
    await t.checkA11y(page, { name: tag(javaScript, "try-again") });
  });
}
