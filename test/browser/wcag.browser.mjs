import { assert, test } from "./lib/harness.mjs";
import { created } from "./support/merchant-api.mjs";
import { ssoLoginPath, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 17 point 8 (WCAG 2.2.1): a form kept open past the idle limit warns first, and
// what was typed is filled back in when the page is opened again after signing in. The
// page's clock is Playwright's fake one, so minutes pass in milliseconds. (Light brand
// colours on every journey's axe run: the harness gives every tenant one; focus after a
// failed submit: ux.browser.mjs.)

test("a form kept open past the idle limit warns first and loses nothing", async (t) => {
  const tenant = await t.createTenant({ name: "Idle Ltd" });
  const set = await tenant.api.patch("/settings", { session_idle_seconds: 300 });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const cust = await created(tenant.api, "/customers", { name: "Ada Lovelace", email: uniqueEmail("idle") });
  const context = await t.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(t.portalUrl(tenant.username, await ssoLoginPath(tenant, cust.id, "update_billing_info")));
  await waitForHeading(page, /Billing/);
  assert.match(await page.textContent(".site-footer"), /signed out after 5 minutes without activity/);

  await page.fill("#contact-name", "Grace Hopper");
  await page.clock.runFor(200_000);
  assert.equal(await page.locator(".timeout-notice").count(), 0, "no warning long before the limit");
  await page.clock.runFor(45_000);
  const warning = page.getByRole("alert").filter({ hasText: "You will be signed out" });
  await warning.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Stay signed in", "focus on the way to stay");
  await t.checkA11y(page, { name: "timeout-warning" });

  await page.clock.runFor(60_000);
  await page.getByRole("alert").filter({ hasText: "You were signed out" }).waitFor();
  // after signing in again the customer comes back to the page: the typing is there
  await page.goto(page.url()); // a new visit, not a reload: the browser's own form restore plays no part
  await waitForHeading(page, /Billing/);
  assert.equal(await page.inputValue("#contact-name"), "Grace Hopper");
  await page.getByRole("status").filter({ hasText: "filled back in" }).waitFor();
  await t.checkA11y(page, { name: "restored" });
  await context.close();
});
