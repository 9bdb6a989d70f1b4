import { assert, test } from "./lib/harness.mjs";
import { requestSignInMail, tenantWithCustomer, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 3 acceptance: a customer signs in through the outbox (request a link, open it,
// press Sign in, land on /account), with JavaScript on and off; a link opened in
// another browser asks first (S6) and the typed code (S7) signs in the browser that
// asked; signing out ends the session (S22). Zero axe violations on every page visited.

const mode = (javaScript) => `JavaScript ${javaScript ? "on" : "off"}`;
/** Screenshot and axe-report names carry the mode: test names longer than the file-name slug would collide. */
const tag = (javaScript, name) => `${name}-js-${javaScript ? "on" : "off"}`;

/** /account in this context, signed out: the sign-in page, remembering where to come back to. */
async function assertSignedOut(page, t, tenant) {
  const res = await page.goto(t.portalUrl(tenant.username, "/account"));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/login\?next=%2Faccount$/);
  await waitForHeading(page, "Sign in");
  await t.checkA11y(page, { name: "login-next" });
}

for (const javaScript of [true, false]) {
  test(`a customer signs in with the emailed link, lands on My Account and signs out (${mode(javaScript)})`, async (t) => {
    const email = uniqueEmail("ada");
    const { tenant } = await tenantWithCustomer(t, { tenantName: "Lumen Supplies", customerName: "Ada Lovelace", email });

    const { page, response } = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript });
    assert.equal(response.status(), 200);
    await waitForHeading(page, "Sign in");
    await t.checkA11y(page, { name: tag(javaScript, "login") });

    const { link } = await requestSignInMail(t, page, email);
    await t.checkA11y(page, { name: tag(javaScript, "check-email") });
    await t.screenshot(page, tag(javaScript, "check-email"));

    // S5: opening the link shows a button and signs nobody in.
    const linkRes = await page.goto(link);
    assert.equal(linkRes.status(), 200);
    await waitForHeading(page, "Sign in to Lumen Supplies");
    assert.match(await page.textContent("main"), /as a\S*@example\.com/, "the masked address is named");
    await t.checkA11y(page, { name: tag(javaScript, "link-page") });
    await t.screenshot(page, tag(javaScript, "link-page"));

    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/account$/);
    await waitForHeading(page, "My Account");
    assert.match(await page.textContent("header"), /Signed in as Ada Lovelace/);
    await t.checkA11y(page, { name: tag(javaScript, "account") });
    await t.screenshot(page, tag(javaScript, "account"));

    // S22: Sign out ends the session at once; /account then leads to the sign-in page.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(/\/login\?signed_out=1$/);
    await waitForHeading(page, "Sign in");
    assert.doesNotMatch(await page.textContent("header"), /Signed in as/);
    await page.getByRole("status").filter({ hasText: "You are signed out." }).waitFor(); // issue 17
    await t.checkA11y(page, { name: tag(javaScript, "signed-out") });
    await assertSignedOut(page, t, tenant);
    await t.screenshot(page, tag(javaScript, "signed-out"));
  });

  test(`a link opened in another browser asks first; the code signs in the browser that asked (${mode(javaScript)})`, async (t) => {
    const email = uniqueEmail("grace");
    const { tenant } = await tenantWithCustomer(t, { tenantName: "Hopper Tools", customerName: "Grace Hopper", email });

    const a = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript });
    await t.checkA11y(a.page, { name: tag(javaScript, "login") });
    const { link, code } = await requestSignInMail(t, a.page, email);
    await t.checkA11y(a.page, { name: tag(javaScript, "check-email") });
    assert.match(code, /^[A-Z0-9]{8}$/, "S7: 8 characters");

    // S6: browser B (its own cookies) gets the explicit question, and its GET signs nobody in.
    const b = await t.openPage(link, { javaScript });
    await waitForHeading(b.page, "Sign in on this device?");
    assert.match(await b.page.textContent("main"), /Sign in as g\S*@example\.com on this device\?/);
    await t.checkA11y(b.page, { name: tag(javaScript, "confirm-device") });
    await t.screenshot(b.page, tag(javaScript, "confirm-device"));
    const bPage2 = await b.context.newPage();
    await assertSignedOut(bPage2, t, tenant);
    await bPage2.close();

    // S7: the code typed in browser A signs A in.
    await a.page.fill("#signin-code", code);
    await a.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await a.page.waitForURL(/\/account$/);
    await waitForHeading(a.page, "My Account");
    assert.match(await a.page.textContent("header"), /Signed in as Grace Hopper/);
    await t.checkA11y(a.page, { name: tag(javaScript, "account-by-code") });
    await t.screenshot(a.page, tag(javaScript, "account-by-code"));

    // S4/S8: the link was spent with the code; B's confirmation now signs nobody in.
    await b.page.getByRole("button", { name: "Yes, sign in on this device" }).click();
    await b.page.waitForURL(/\/login\?error=link$/);
    await b.page.getByRole("alert").filter({ hasText: "This sign-in link is invalid or has expired" }).waitFor();
    await t.checkA11y(b.page, { name: tag(javaScript, "link-invalid") });
    await assertSignedOut(b.page, t, tenant);

    // A fresh link asked for in A, confirmed in B: B is signed in after the explicit step.
    await a.page.goto(t.portalUrl(tenant.username, "/login"));
    await t.checkA11y(a.page, { name: tag(javaScript, "login-signed-in") });
    const second = await requestSignInMail(t, a.page, email);
    await t.checkA11y(a.page, { name: tag(javaScript, "check-email-signed-in") });
    await b.page.goto(second.link);
    await waitForHeading(b.page, "Sign in on this device?");
    await t.checkA11y(b.page, { name: tag(javaScript, "confirm-device-2") });
    await b.page.getByRole("button", { name: "Yes, sign in on this device" }).click();
    await b.page.waitForURL(/\/account$/);
    await waitForHeading(b.page, "My Account");
    await t.checkA11y(b.page, { name: tag(javaScript, "account-confirmed-device") });
  });

  test(`a wrong code is refused with the field's message (${mode(javaScript)})`, async (t) => {
    const email = uniqueEmail("alan");
    const { tenant } = await tenantWithCustomer(t, { tenantName: "Turing Parts", customerName: "Alan Turing", email });
    const { page } = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript });
    await t.checkA11y(page, { name: tag(javaScript, "login") });
    const { code } = await requestSignInMail(t, page, email);
    await t.checkA11y(page, { name: tag(javaScript, "check-email") });
    const wrong = code === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
    await page.fill("#signin-code", wrong);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator("#signin-code-error").waitFor();
    assert.match(await page.textContent("#signin-code-error"), /That code is not right/);
    assert.equal(await page.getAttribute("#signin-code", "aria-invalid"), "true");
    await t.checkA11y(page, { name: tag(javaScript, "wrong-code") });
    await t.screenshot(page, tag(javaScript, "wrong-code"));
    // the right code still works (one of its 5 tries was used)
    await page.fill("#signin-code", code);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/account$/);
    await waitForHeading(page, "My Account");
    await t.checkA11y(page, { name: tag(javaScript, "account") });
  });
}
