import { assert, test } from "./lib/harness.mjs";

// Issue 16 acceptance, with JavaScript on and off: a visitor signs up with a trial and a
// coupon, lands on the thank-you page and goes to My Account (S25: the short sign-up
// session); a declined test card shows the error and leaves nothing; an existing
// customer's onboarding link opens prefilled. Zero axe violations at 1280 and 360 px.

async function merchant(t, page = {}) {
  const tenant = await t.createTenant({ name: "Signup Walk Ltd" });
  for (const body of [
    ["/plans", { id: "basic", name: "Basic plan", amount: 30, interval: "month" }],
    ["/plans", { id: "pro", name: "Pro plan", amount: 60, interval: "month" }],
    ["/coupons", { id: "welcome", name: "Welcome", value: 10, is_percent: true }],
    ["/tax_rates", { id: "vat", name: "VAT", value: 20, is_percent: true }],
  ]) {
    const res = await tenant.api.post(body[0], body[1]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const created = await tenant.api.post("/sign_up_pages", {
    name: "Join Signup Walk",
    plans: ["basic", "pro"],
    taxes: ["vat"],
    has_quantity: true,
    has_coupon_code: true,
    tos_url: "https://example.com/terms",
    ...page,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { tenant, pageId: created.body.id };
}

async function fill(page, email, card = "4242 4242 4242 4242") {
  await page.check("#plan-pro");
  await page.fill("#signup-coupon", "welcome");
  await page.fill("#signup-name", "Grace Hopper");
  await page.fill("#signup-email", email);
  await page.fill("#signup-address1", "1 Main St");
  await page.fill("#signup-city", "Springfield");
  await page.fill("#signup-postal_code", "12345");
  await page.selectOption("#signup-country", "US");
  await page.fill("#signup-card_number", card);
  await page.fill("#signup-card_expiry", "12/35");
  await page.fill("#signup-card_cvc", "123");
  await page.check("#signup-terms-box");
}

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`a visitor signs up with a trial and a coupon, then goes to My Account (${mode})`, async (t) => {
    const { tenant, pageId } = await merchant(t, { trial_period_days: 14 });
    const { page } = await t.openPage(t.portalUrl(tenant.username, `/pages/${pageId}`), { javaScript });
    await t.checkA11y(page, { name: "signup-1280" });
    await page.setViewportSize({ width: 360, height: 800 });
    await t.checkA11y(page, { name: "signup-360" });
    await page.setViewportSize({ width: 1280, height: 900 });
    const email = `grace-${javaScript ? "js" : "nojs"}@example.com`;
    await fill(page, email);
    if (!javaScript) {
      await page.click("button[value=total]");
      await page.locator("#signup-total").getByText("Free trial until").waitFor();
      // the test gateway's card comes back from "Update total": nothing to type again (never on an error)
      assert.equal(await page.inputValue("#signup-card_number"), "4242 4242 4242 4242");
      assert.equal(await page.inputValue("#signup-card_cvc"), "123");
      assert.equal(await page.inputValue("#signup-coupon"), "welcome");
      assert.equal(await page.inputValue("#signup-address1"), "1 Main St");
      assert.ok(await page.isChecked("#signup-terms-box"));
    }
    await page.click("button[value=subscribe]");
    await page.getByRole("heading", { name: "Thank you, Grace Hopper" }).waitFor();
    await t.checkA11y(page, { name: "thanks" });
    await page.click("text=Go to My Account");
    await page.waitForURL(/\/account$/);
    await page.getByText("Grace Hopper").first().waitFor();
    await t.checkA11y(page, { name: "account" });

    const customers = (await tenant.api.get("/customers")).body;
    const me = customers.find((c) => c.email === email);
    assert.ok(me, "the customer exists");
    const subs = (await tenant.api.get(`/subscriptions?filter[customer]=${me.id}`)).body;
    assert.equal(subs.length, 1);
    assert.equal(subs[0].plan, "pro");
    assert.equal(subs[0].status, "not_started");
    assert.deepEqual(
      subs[0].discounts.map((d) => d.id),
      ["welcome"],
    );
    // the short session reaches no other page
    await page.goto(t.portalUrl(tenant.username, "/invoices"));
    await page.waitForURL(/\/login/);
  });

  test(`a declined test card shows the error and leaves nothing (${mode})`, async (t) => {
    const { tenant, pageId } = await merchant(t);
    const { page } = await t.openPage(t.portalUrl(tenant.username, `/pages/${pageId}`), { javaScript });
    await fill(page, `declined-${javaScript}@example.com`, "4000 0000 0000 0002");
    await page.click("button[value=subscribe]");
    await page.getByText("Your card was declined.").first().waitFor();
    await t.checkA11y(page, { name: "declined" });
    assert.deepEqual((await tenant.api.get("/customers")).body, []);
    assert.deepEqual((await tenant.api.get("/subscriptions")).body, []);
    assert.deepEqual((await tenant.api.get("/invoices")).body, []);
  });

  test(`a shipping address other than the billing one is asked and kept on the subscription (${mode})`, async (t) => {
    const { tenant, pageId } = await merchant(t, { shipping_address: true });
    const { page } = await t.openPage(t.portalUrl(tenant.username, `/pages/${pageId}`), { javaScript });
    // "same as billing" starts ticked: the shipping fields are hidden (CSS, so also without JavaScript)
    assert.ok(await page.isChecked("#signup-shipping_same"));
    assert.equal(await page.isVisible("#signup-shipping_address1"), false);
    await fill(page, `ship-${javaScript}@example.com`);
    await page.uncheck("#signup-shipping_same");
    await page.locator("#signup-shipping_address1").waitFor({ state: "visible" });
    await t.checkA11y(page, { name: "shipping-1280" });
    await page.setViewportSize({ width: 360, height: 800 });
    await t.checkA11y(page, { name: "shipping-360" });
    await page.setViewportSize({ width: 1280, height: 900 });
    // a missing shipping city is refused on its field, everything typed kept
    await page.fill("#signup-shipping_address1", "7 Dock Rd");
    await page.fill("#signup-shipping_postal_code", "PO1 1AA");
    await page.selectOption("#signup-shipping_country", "GB");
    await page.click("button[value=subscribe]");
    await page.locator("#signup-shipping_city-error").waitFor();
    await t.checkA11y(page, { name: "shipping-error" });
    assert.equal(await page.inputValue("#signup-shipping_address1"), "7 Dock Rd");
    await page.fill("#signup-shipping_city", "Portsmouth");
    await page.fill("#signup-card_number", "4242 4242 4242 4242");
    await page.fill("#signup-card_cvc", "123");
    await page.click("button[value=subscribe]");
    await page.getByRole("heading", { name: "Thank you, Grace Hopper" }).waitFor();
    const subs = (await tenant.api.get("/subscriptions")).body;
    assert.equal(subs.length, 1);
    assert.equal(subs[0].ship_to.address1, "7 Dock Rd");
    assert.equal(subs[0].ship_to.city, "Portsmouth");
    assert.equal(subs[0].ship_to.country, "GB");
  });

  test(`an onboarding link saves the customer's edited details, its email fixed (${mode})`, async (t) => {
    const { tenant, pageId } = await merchant(t);
    const made = await tenant.api.post("/customers", { name: "Ada Lovelace", email: `ada-${javaScript}@example.com`, sign_up_page: pageId });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { page } = await t.openPage(made.body.sign_up_url, { javaScript });
    assert.equal(await page.getAttribute("#signup-email", "readonly"), "");
    await t.checkA11y(page, { name: "onboarding-1280" });
    await page.setViewportSize({ width: 360, height: 800 });
    await t.checkA11y(page, { name: "onboarding-360" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill("#signup-name", "Ada King");
    await page.fill("#signup-phone", "+44 20 7946 0000");
    await page.fill("#signup-address1", "12 Analytical Row");
    await page.fill("#signup-city", "London");
    await page.fill("#signup-postal_code", "W1 1AA");
    await page.selectOption("#signup-country", "GB");
    await page.fill("#signup-card_number", "4242 4242 4242 4242");
    await page.fill("#signup-card_expiry", "12/35");
    await page.fill("#signup-card_cvc", "123");
    await page.check("#signup-terms-box");
    await page.click("button[value=subscribe]");
    await page.getByRole("heading", { name: "Thank you, Ada King" }).waitFor();
    const after = (await tenant.api.get(`/customers/${made.body.id}`)).body;
    assert.equal(after.name, "Ada King");
    assert.equal(after.email, `ada-${javaScript}@example.com`);
    assert.equal(after.address1, "12 Analytical Row");
    assert.equal(after.phone, "+44 20 7946 0000");
    const subs = (await tenant.api.get("/subscriptions")).body;
    assert.deepEqual(
      subs.map((s) => s.customer),
      [made.body.id],
    );
  });
}

test("an existing customer's onboarding link opens prefilled", async (t) => {
  const { tenant, pageId } = await merchant(t);
  const customer = await tenant.api.post("/customers", { name: "Ada Lovelace", email: "ada@example.com", address1: "12 Analytical Row", sign_up_page: pageId });
  assert.equal(customer.status, 201, JSON.stringify(customer.body));
  const sent = await tenant.api.post(`/customers/${customer.body.id}/sign_up_request`, {});
  assert.equal(sent.status, 200);
  const mail = await t.waitForMail({ to: "ada@example.com", subject: /Subscribe/ });
  const link = /https?:\/\/\S+\/pages\/\d+\/[A-Za-z0-9]+/.exec(mail.text)[0];
  const { page } = await t.openPage(link, { javaScript: false });
  assert.equal(await page.inputValue("#signup-name"), "Ada Lovelace");
  assert.equal(await page.inputValue("#signup-email"), "ada@example.com");
  assert.equal(await page.inputValue("#signup-address1"), "12 Analytical Row");
  await t.checkA11y(page, { name: "onboarding" });
});
