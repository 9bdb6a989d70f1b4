import { assert, test } from "./lib/harness.mjs";
import { created } from "./support/merchant-api.mjs";
import { ssoLoginPath, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 17.6 and 17.7: a parent customer switches to a sub-customer; the lists share one
// filter style that folds behind "Filter" (a <details>, so also without JavaScript);
// payments filter and export; empty lists say what to do next. axe at 1280 and 360 px.

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
const DAY = 86_400;

let shared = null;
function world(t) {
  shared ??= (async () => {
    const tenant = await t.createTenant({ name: "Contoso Supplies" });
    const now = Math.floor(Date.now() / 1000);
    const parent = await created(tenant.api, "/customers", { name: "Parent Holdings", email: uniqueEmail("parent") });
    const branch = await created(tenant.api, "/customers", { name: "Branch North", email: uniqueEmail("branch"), parent_customer: parent.id });
    const empty = await created(tenant.api, "/customers", { name: "Quiet Customer", email: uniqueEmail("quiet") });
    const inv = await created(tenant.api, "/invoices", {
      customer: parent.id,
      draft: false,
      sent: true,
      date: now - 3 * DAY,
      due_date: now + 27 * DAY,
      items: [{ name: "Paper", quantity: 1, unit_cost: 120 }],
    });
    await created(tenant.api, "/payments", {
      customer: parent.id,
      amount: 50,
      method: "check",
      date: now - DAY,
      applied_to: [{ type: "invoice", invoice: inv.id, amount: 50 }],
    });
    await created(tenant.api, "/payments", { customer: parent.id, amount: 20, method: "cash", date: now - 2 * DAY });
    await created(tenant.api, "/estimates", { customer: parent.id, draft: false, sent: true, items: [{ name: "Desk", quantity: 1, unit_cost: 300 }] });
    await created(tenant.api, "/invoices", {
      customer: branch.id,
      draft: false,
      sent: true,
      number: "BRANCH-INV-1",
      items: [{ name: "Ink", quantity: 1, unit_cost: 40 }],
    });
    return { tenant, parent, branch, empty };
  })();
  return shared;
}

async function ssoOpen(t, tenant, customerId, { redirectTo = "my_account", javaScript = true, viewport = DESKTOP } = {}) {
  return t.openPage(t.portalUrl(tenant.username, await ssoLoginPath(tenant, customerId, redirectTo)), { javaScript, viewport });
}

test("a parent customer switches to its sub-customer and back; axe at 1280 and 360 px", async (t) => {
  const { tenant, parent, empty } = await world(t);
  const { page } = await ssoOpen(t, tenant, parent.id);
  await waitForHeading(page, "My Account");
  await page.getByRole("link", { name: "Switch account" }).click();
  await waitForHeading(page, "Choose an account");
  await t.checkA11y(page, { name: "switch-1280" });
  await page.setViewportSize(PHONE);
  await t.checkA11y(page, { name: "switch-360" });
  await page.getByRole("button", { name: "Continue as Branch North" }).click();
  await page.waitForURL(/\/account/);
  assert.match(await page.locator(".who").textContent(), /Branch North/);
  await page.goto(t.portalUrl(tenant.username, "/invoices?status=all"));
  assert.ok(await page.getByText("BRANCH-INV-1").count(), "the sub-customer's invoice is listed");
  await page.getByRole("link", { name: "Switch account" }).click();
  await page.getByRole("button", { name: "Continue as Parent Holdings" }).click();
  await page.waitForURL(/\/account/);
  assert.match(await page.locator(".who").textContent(), /Parent Holdings/);

  // a customer with nothing to switch to has no "Switch account"
  const quiet = await ssoOpen(t, tenant, empty.id);
  await waitForHeading(quiet.page, "My Account");
  assert.equal(await quiet.page.getByRole("link", { name: "Switch account" }).count(), 0);
});

for (const javaScript of [true, false]) {
  test(`payments filter behind "Filter" on a phone and export as CSV; lists pass axe at 1280 and 360 px (JavaScript ${javaScript ? "on" : "off"})`, async (t) => {
    const { tenant, parent } = await world(t);
    const { page } = await ssoOpen(t, tenant, parent.id, { redirectTo: "my_account", javaScript, viewport: PHONE });
    await waitForHeading(page, "My Account");
    await page.goto(t.portalUrl(tenant.username, "/payments"));
    await waitForHeading(page, "Payments");
    const method = page.getByLabel("Method");
    assert.equal(await method.isVisible(), false, "the filters are folded on a phone");
    await page.locator(".filter-panel > summary").click();
    assert.equal(await method.isVisible(), true);
    await method.selectOption("check");
    await page.getByRole("button", { name: "Show payments" }).click();
    await page.waitForURL(/method=check/);
    assert.equal(await page.locator(".payment-table tbody tr").count(), 1);
    assert.ok(await page.locator(".filter-panel[open]").count(), "the panel stays open while a filter is set");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scroll at 360 px");
    const csv = await page.getByRole("link", { name: /as CSV/ }).getAttribute("href");
    assert.equal(csv, "/payments.csv?method=check");

    for (const path of ["/payments?method=check", "/payments?method=paypal", "/estimates", "/estimates?q=zzz", "/statements", "/invoices?q=nothing"]) {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto(t.portalUrl(tenant.username, path));
        await t.checkA11y(page, { name: `${path.replace(/\W+/g, "-")}-${viewport.width}-js-${javaScript}` });
      }
    }
  });
}

test("empty lists say what to do next; axe at 1280 and 360 px", async (t) => {
  const { tenant, empty } = await world(t);
  const { page } = await ssoOpen(t, tenant, empty.id);
  await waitForHeading(page, "My Account");
  const expected = {
    "/invoices": "See all your invoices, paid ones too",
    "/payments": "See your open invoices to pay one",
    "/estimates": "See your invoices instead",
    "/payment-methods": "Add a payment method",
    "/subscriptions": "Back to My Account",
  };
  for (const [path, link] of Object.entries(expected)) {
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.goto(t.portalUrl(tenant.username, path));
      assert.ok(await page.getByRole("link", { name: link }).count(), `${path} offers "${link}"`);
      await t.checkA11y(page, { name: `empty${path.replace(/\W+/g, "-")}-${viewport.width}` });
    }
  }
});
