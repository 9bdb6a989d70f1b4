import { assert, test } from "./lib/harness.mjs";

// Checks of the harness itself: each helper does what test/browser/README.md says,
// and the accessibility check can fail.

for (const javaScript of [true, false]) {
  test(`checkA11y fails on a page with a violation (JavaScript ${javaScript ? "on" : "off"})`, async (t) => {
    const tenant = await t.createTenant();
    const { page } = await t.openPage(t.portalUrl(tenant.username, "/accessibility"), { javaScript });
    // an image without a text alternative (WCAG 1.1.1), added through the protocol
    await page.evaluate(() => document.querySelector("main")?.append(Object.assign(document.createElement("img"), { src: "/x.png" })));
    await assert.rejects(() => t.checkA11y(page, { name: "planted" }), /image-alt/);
  });
}

test("a context with javaScript: false runs no page script; the default one does", async (t) => {
  const tenant = await t.createTenant();
  const url = t.portalUrl(tenant.username, "/accessibility");
  const off = await t.openPage(url, { javaScript: false });
  const on = await t.openPage(url);
  await on.page.waitForFunction(() => typeof window.htmx !== "undefined");
  assert.equal(await off.page.evaluate(() => typeof window.htmx), "undefined");
  assert.ok(await off.page.$('script[src="/vendor/htmx.min.js"]'), "the page does include htmx");
});

test("createTenant gives a working API key; api() with another key is a 401", async (t) => {
  const tenant = await t.createTenant({ name: "Helper Check" });
  assert.match(tenant.api_key, /^[A-Za-z0-9]{32}$/);
  assert.equal(tenant.portal_url, t.portalUrl(tenant.username, ""));
  // behind API-key auth: 404 for an unknown endpoint proves the key passed
  assert.equal((await tenant.api.get("/no-such-endpoint")).status, 404);
  const wrong = await t.api("wrong-key").get("/no-such-endpoint");
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.type, "authentication_error");
});

test("outbox() reads the development outbox, filtered by recipient", async (t) => {
  const all = await t.outbox();
  assert.ok(Array.isArray(all));
  const none = await t.outbox({ to: `nobody-${Date.now()}@example.com` });
  assert.deepEqual(none, []);
  await assert.rejects(() => t.waitForMail({ to: `nobody-${Date.now()}@example.com`, timeout: 500 }), /no mail/);
});

test("api() creates a customer; a sign-in link asked for in the browser (JavaScript off) arrives in the outbox", async (t) => {
  const tenant = await t.createTenant({ name: "Outbox Check" });
  const email = `outbox-${Date.now()}@example.com`;
  const customer = await tenant.api.post("/customers", { name: "Ada Outbox", email });
  assert.equal(customer.status, 201, JSON.stringify(customer.body));
  const { page } = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript: false });
  await page.fill('input[type="email"]', email);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  const mail = await t.waitForMail({ to: email });
  assert.match(mail.text, new RegExp(`${t.portalUrl(tenant.username, "/login/")}\\S+`), "the link carries the test server's port");
});

test("screenshot() saves a PNG under test-results/browser/", async (t) => {
  const tenant = await t.createTenant();
  const { page } = await t.openPage(t.portalUrl(tenant.username, "/accessibility"), { viewport: { width: 360, height: 740 } });
  const file = await t.screenshot(page, "narrow");
  const { statSync } = await import("node:fs");
  assert.match(file, /^test-results\/browser\/.*narrow\.png$/);
  assert.ok(statSync(file).size > 1000);
});

test("an unknown tenant host is the 404 page in the browser", async (t) => {
  const { page, response } = await t.openPage(t.portalUrl("no-such-tenant-here", "/login"));
  assert.equal(response.status(), 404);
  assert.match(await page.textContent("body"), /Page not found/);
  await t.checkA11y(page, { name: "404" });
});

for (const how of ["style attribute", "style element"]) {
  test(`a CSP violation (inline ${how}) is reported and would fail the test, even with allowPageErrors`, async (t) => {
    const tenant = await t.createTenant();
    const { page } = await t.openPage(t.portalUrl(tenant.username, "/accessibility"), { allowPageErrors: true });
    await page.evaluate((kind) => {
      if (kind === "style attribute") document.querySelector("main")?.setAttribute("style", "color: red");
      else document.head.append(Object.assign(document.createElement("style"), { textContent: "main { color: red }" }));
    }, how);
    let seen = [];
    for (let i = 0; i < 20 && seen.length === 0; i++) {
      await page.waitForTimeout(100);
      seen = t.takeCspViolations(page);
    }
    assert.ok(
      seen.some((v) => /style-src/.test(v)),
      `no violation reported: ${JSON.stringify(seen)}`,
    );
    await page.waitForTimeout(200);
    t.takeCspViolations(page); // the console's copy of the same refusal
  });
}
