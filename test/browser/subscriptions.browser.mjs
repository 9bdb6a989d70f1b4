import { assert, test } from "./lib/harness.mjs";
import { created } from "./support/merchant-api.mjs";
import { sidewaysScroll } from "./support/page-checks.mjs";
import { ssoLoginPath } from "./support/portal.mjs";

// Issue 15 acceptance, with JavaScript on and off: see a subscription on My Account and
// /subscriptions; upgrade with a preview and confirm (a new invoice, paid by the saved
// test card); schedule a downgrade and withdraw it; cancel at the period end and undo;
// cancel immediately when allowed; pause and resume. Zero axe violations at 1280 and
// 360 px on the way; nothing scrolls sideways at 360 px.

const PHONE = { width: 360, height: 740 };

/** A tenant allowing every action, a customer with a saved test card and a monthly subscription, signed in by SSO. */
async function subscribed(t, javaScript, plan = "basic") {
  const tenant = await t.createTenant({ name: "Subscriptions Walk Ltd" });
  const api = tenant.api;
  const settings = await api.patch("/settings", {
    allow_subscription_changes: true,
    allow_billing_portal_cancellations: true,
    allow_immediate_cancellation: true,
    allow_subscription_pause: true,
    subscription_change_plans: ["basic", "pro"],
    subscription_max_quantity: 10,
  });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const customer = await created(api, "/customers", { name: "Ada Lovelace", email: "ada@example.com" });
  await created(api, `/customers/${customer.id}/payment_sources`, { method: "credit_card", invoiced_token: "tok_visa", make_default: true });
  await created(api, "/plans", { id: "basic", name: "Basic", amount: 30, interval: "month" });
  await created(api, "/plans", { id: "pro", name: "Pro", amount: 60, interval: "month" });
  await created(api, "/tax_rates", { id: "vat", name: "VAT", value: 20, is_percent: true });
  const sub = await created(api, "/subscriptions", { customer: customer.id, plan, taxes: ["vat"] });

  const { page } = await t.openPage(t.portalUrl(tenant.username, await ssoLoginPath(tenant, customer.id, "subscriptions")), { javaScript });
  await page.waitForURL(/\/subscriptions$/);
  return { tenant, api, customer, sub, page };
}

/** Clicks and waits until the page (a navigation without JavaScript, an htmx swap with it) shows `text`. */
async function clickAndSee(page, locator, text) {
  await locator.click();
  await page.getByText(text).first().waitFor();
}

/** axe at 1280 px, then at 360 px (no sideways scrolling there either), back to 1280. */
async function auditBothWidths(t, page, name) {
  await t.checkA11y(page, { name: `${name}-1280` });
  await page.setViewportSize(PHONE);
  await t.checkA11y(page, { name: `${name}-360` });
  assert.deepEqual(await sidewaysScroll(page), [], `${name} at 360 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Picks plan and quantity and shows the preview: with JavaScript htmx swaps it in as the fields change, without it "Preview change" reloads the page. */
async function preview(page, javaScript, plan, quantity) {
  await page.selectOption("#change-plan", plan);
  await page.fill("#change-quantity", String(quantity));
  if (javaScript) await page.locator("#change-quantity").dispatchEvent("change");
  else await page.getByRole("button", { name: "Preview change" }).click();
  // with htmx, the plan's change asks once for the old quantity: wait for the preview of both
  await page.locator("#preview-heading", { hasText: new RegExp(`× ${quantity}$`) }).waitFor();
}

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`see the subscription on My Account and /subscriptions, upgrade with a preview, paid by the saved card (${mode})`, async (t) => {
    const { api, customer, sub, page } = await subscribed(t, javaScript);
    const main = page.locator("main");
    await main.getByRole("link", { name: "Basic" }).waitFor();
    await auditBothWidths(t, page, "subscriptions");

    await page.getByRole("link", { name: "My Account" }).click();
    await page.locator("#subscriptions-heading").waitFor();
    assert.ok(await main.getByText("$36.00 including tax").count(), "the card shows the next renewal with tax");
    await main.getByRole("link", { name: "Basic" }).click();
    await page.getByRole("heading", { level: 1, name: "Basic" }).waitFor();
    await auditBothWidths(t, page, "subscription");

    await preview(page, javaScript, "pro", 2);
    const panel = page.locator("#change-preview section");
    const chargeNow = Number(await panel.getAttribute("data-charge-now"));
    assert.ok(chargeNow > 0, "an upgrade charges now");
    assert.ok(await panel.getByText("Credit for unused time").count());
    assert.ok(await panel.getByText("$144.00").count(), "next renewal: 2 × $60 + 20 % VAT");
    await auditBothWidths(t, page, "preview");

    await clickAndSee(page, page.getByRole("button", { name: /^Confirm and pay/ }), "its invoice was paid with your saved payment method");
    assert.ok(await main.getByRole("heading", { level: 1, name: "Pro × 2" }).count());
    const invoices = (await api.get(`/invoices?filter[customer]=${customer.id}`)).body;
    const upgrade = invoices.find((i) => i.status === "paid" && Math.round(Number(i.total) * 100) === chargeNow);
    assert.ok(upgrade, `an invoice of exactly the preview's ${chargeNow} cents, paid: ${JSON.stringify(invoices.map((i) => [i.total, i.status]))}`);
    const after = (await api.get(`/subscriptions/${sub.id}`)).body;
    assert.deepEqual([after.plan, after.quantity], ["pro", 2]);
    await t.waitForMail({ to: "ada@example.com", subject: /Your subscription/ });
  });

  test(`schedule a downgrade and withdraw it; cancel at the period end and undo; pause and resume; cancel now (${mode})`, async (t) => {
    const { api, sub, page } = await subscribed(t, javaScript, "pro");
    const main = page.locator("main");
    await main.getByRole("link", { name: "Pro" }).click();
    await page.getByRole("heading", { level: 1, name: "Pro" }).waitFor();

    // a downgrade waits for the period end, and can be withdrawn until then
    await preview(page, javaScript, "basic", 1);
    assert.ok(await page.getByText("takes effect at the end of the current period").count());
    await clickAndSee(page, page.getByRole("button", { name: "Confirm change" }), "Your change is scheduled for the end of the current period.");
    assert.ok(await main.getByText("Scheduled change").count());
    await auditBothWidths(t, page, "scheduled");
    await clickAndSee(page, page.getByRole("button", { name: "Withdraw scheduled change" }), "The scheduled change was withdrawn.");
    assert.equal((await api.get(`/subscriptions/${sub.id}`)).body.plan, "pro");

    // cancel at the period end, with a reason, then undo
    await page.getByRole("link", { name: "Cancel subscription" }).click();
    await page.getByRole("heading", { level: 1, name: /^Cancel / }).waitFor();
    await auditBothWidths(t, page, "cancel");
    await page.getByLabel("It is too expensive").check();
    await page.getByLabel("Anything you would like to tell us? (optional)").fill("Budget cuts this year");
    await clickAndSee(page, page.getByRole("button", { name: "Continue to cancel" }), "Your subscription will end at the end of the current period.");
    let api1 = (await api.get(`/subscriptions/${sub.id}`)).body;
    assert.equal(api1.cancel_at_period_end, true);
    assert.equal(api1.canceled_reason, "too_expensive: Budget cuts this year");
    await auditBothWidths(t, page, "cancel-scheduled");
    await clickAndSee(page, page.getByRole("button", { name: "Undo cancellation" }), "The cancellation was undone.");
    assert.equal((await api.get(`/subscriptions/${sub.id}`)).body.cancel_at_period_end, false);

    // pause and resume
    await clickAndSee(page, page.getByRole("button", { name: "Pause subscription" }), "Your subscription is paused.");
    assert.equal((await api.get(`/subscriptions/${sub.id}`)).body.paused, true);
    await auditBothWidths(t, page, "paused");
    await clickAndSee(page, page.getByRole("button", { name: "Resume subscription" }), "Your subscription was resumed.");
    assert.equal((await api.get(`/subscriptions/${sub.id}`)).body.paused, false);

    // cancel now (the merchant allows it)
    await page.getByRole("link", { name: "Cancel subscription" }).click();
    await page.getByLabel("Now", { exact: true }).check();
    await clickAndSee(page, page.getByRole("button", { name: "Continue to cancel" }), "Your subscription was canceled.");
    api1 = (await api.get(`/subscriptions/${sub.id}`)).body;
    assert.equal(api1.status, "canceled");
    assert.equal(await page.getByRole("button", { name: "Pause subscription" }).count(), 0, "no actions on a canceled subscription");
    await auditBothWidths(t, page, "canceled");
  });
}

test("with every setting off there is no button to change, cancel or pause (JavaScript on)", async (t) => {
  const { api, sub, page } = await subscribed(t, true);
  const off = await api.patch("/settings", { allow_subscription_changes: false, allow_billing_portal_cancellations: false, allow_subscription_pause: false });
  assert.equal(off.status, 200);
  await page.goto(t.portalUrl(new URL(page.url()).hostname.split(".")[0], `/subscriptions/${sub.url.split("/").pop()}`));
  await page.getByRole("heading", { level: 1, name: "Basic" }).waitFor();
  for (const name of ["Preview change", "Pause subscription", "Cancel subscription"]) {
    assert.equal(await page.getByText(name).count(), 0, `${name} is hidden`);
  }
  await t.checkA11y(page, { name: "settings-off" });
});
