import { assert, test } from "./lib/harness.mjs";

// Issue 2 acceptance: the sign-in page has zero axe violations, with JavaScript on and off.
const PATH = "/login";

for (const javaScript of [true, false]) {
  test(`a tenant's sign-in page has no WCAG A/AA violations (JavaScript ${javaScript ? "on" : "off"})`, async (t) => {
    const tenant = await t.createTenant({ name: "Axe Check Ltd" });
    const { page, response } = await t.openPage(t.portalUrl(tenant.username, PATH), { javaScript });
    assert.equal(response.status(), 200);
    assert.match(await page.title(), /Axe Check Ltd/);
    assert.ok(await page.$('input[type="email"]'), "the sign-in form is there");
    await t.screenshot(page, `js-${javaScript ? "on" : "off"}`);
    await t.checkA11y(page);
  });
}
