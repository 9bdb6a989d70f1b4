import { assert, test } from "./lib/harness.mjs";
import { created, portalPath } from "./support/merchant-api.mjs";
import { requestSignInMail, signIn, ssoLoginPath, uniqueEmail, waitForHeading } from "./support/portal.mjs";

// Issue 17 point 8, the WCAG re-checks: errors on the sign-in and estimate forms (swapped
// in by htmx with JavaScript on, a new page without) take the focus to the field they are
// about, whose aria-describedby names the message, so a screen reader says it (4.1.3);
// at 390 px every element the keyboard reaches is on screen and not under anything
// (2.4.11). Focus on the error summary of multi-field forms: ux.browser.mjs.

const PHONE = { width: 390, height: 844 };
const DAY = 86_400;

/** Waits until `selector` has the focus, then checks that it points at its error message. */
async function focusedWithError(page, selector, errorId, text) {
  await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), selector, { timeout: 10_000 });
  const describedBy = (await page.getAttribute(selector, "aria-describedby")) ?? "";
  assert.ok(describedBy.split(/\s+/).includes(errorId), `${selector} is described by #${errorId} (${describedBy})`);
  assert.equal(await page.getAttribute(selector, "aria-invalid"), "true");
  assert.match(await page.textContent(`#${errorId}`), text);
}

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`sign-in errors take the focus to their field, which names the message (${mode})`, async (t) => {
    const tenant = await t.createTenant({ name: "Focus Sign-in Co" });
    const email = uniqueEmail("focus");
    await created(tenant.api, "/customers", { name: "Ada Lovelace", email });
    const { page } = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript });

    await page.fill("#login-email", "not-an-email");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.locator("#login-email-error").waitFor();
    await focusedWithError(page, "#login-email", "login-email-error", /email/i);
    await t.checkA11y(page, { name: `login-error-${javaScript ? "js" : "nojs"}` });

    const { code } = await requestSignInMail(t, page, email);
    await page.fill("#signin-code", code === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator("#signin-code-error").waitFor();
    await focusedWithError(page, "#signin-code", "signin-code-error", /That code is not right/);
  });

  test(`estimate approval errors take the focus to their field, which names the message (${mode})`, async (t) => {
    const tenant = await t.createTenant({ name: "Focus Estimates Co" });
    const email = uniqueEmail("focus-est");
    const customer = await created(tenant.api, "/customers", { name: "Grace Hopper", email });
    const estimate = await created(tenant.api, "/estimates", {
      customer: customer.id,
      draft: false,
      sent: true,
      expiration_date: Math.floor(Date.now() / 1000) + 30 * DAY,
      items: [{ name: "Consulting (hour)", quantity: 2, unit_cost: "150.00" }],
    });
    const { page } = await signIn(t, tenant, email, { javaScript, a11y: false });
    await page.goto(t.portalUrl(tenant.username, portalPath(estimate)));
    await waitForHeading(page, `Estimate ${estimate.number}`);

    // nothing ticked or typed: the first field in error has the focus
    await page.getByRole("button", { name: "Approve estimate" }).click();
    await page.locator("#agree-error").waitFor();
    await focusedWithError(page, "#agree", "agree-error", /agree/i);
    await t.checkA11y(page, { name: `approve-errors-${javaScript ? "js" : "nojs"}` });

    // ticked, no initials: the initials field
    await page.getByLabel("I agree to the terms of this estimate").check();
    await page.getByRole("button", { name: "Approve estimate" }).click();
    await page.locator("#agree-error").waitFor({ state: "detached" });
    await focusedWithError(page, "#initials", "initials-error", /./);
    assert.equal((await tenant.api.get(`/estimates/${estimate.id}`)).body.status !== "approved", true, "nothing approved");
  });
}

/** A fresh SSO sign-in of `customerId` at `viewport`, landing on My Account. */
async function ssoOpen(t, tenant, customerId, viewport) {
  return t.openPage(t.portalUrl(tenant.username, await ssoLoginPath(tenant, customerId, "my_account")), { viewport });
}

/**
 * Tabs through the page from the top; for each stop: the focused element lies inside the
 * viewport and the point at its centre belongs to it (nothing sticky drawn over it).
 */
async function tabbedStopsInView(page, maxStops) {
  const problems = [];
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
  });
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const b = el.getBoundingClientRect();
      const x = Math.min(Math.max(b.left + b.width / 2, 0), window.innerWidth - 1);
      const y = Math.min(Math.max(b.top + b.height / 2, 0), window.innerHeight - 1);
      const top = document.elementFromPoint(x, y);
      return {
        what: `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || el.id || "").trim().slice(0, 40)}"`,
        box: `${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.width)}×${Math.round(b.height)} in ${window.innerWidth}×${window.innerHeight}`,
        // a pixel of leeway: scrolling into view lands on fractions of a pixel
        inside: b.top >= -1 && b.left >= -1 && b.bottom <= window.innerHeight + 1 && b.right <= window.innerWidth + 1,
        visible: !!top && (el === top || el.contains(top) || top.contains(el) || (el.labels && [...el.labels].some((l) => l.contains(top)))),
      };
    });
    if (!r) break;
    if (!r.inside) problems.push(`${r.what} is cut off by the viewport (${r.box})`);
    else if (!r.visible) problems.push(`${r.what} is hidden under another element`);
  }
  return problems;
}

test("at 390×844 every navigation entry and every element the keyboard reaches is shown whole, on My Account and the pay page (2.4.11)", async (t) => {
  const tenant = await t.createTenant({ name: "Focus Phone Co" });
  const customer = await created(tenant.api, "/customers", { name: "Alan Turing", email: uniqueEmail("focus-phone") });
  const invoice = await created(tenant.api, "/invoices", {
    customer: customer.id,
    draft: false,
    sent: true,
    items: [{ name: "Consulting", quantity: 1, unit_cost: 120 }],
  });
  const { page } = await ssoOpen(t, tenant, customer.id, PHONE);
  await waitForHeading(page, "My Account");
  const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  assert.equal(await nav.count(), 7, "every section in the navigation");
  const problems = await tabbedStopsInView(page, 40);

  await page.goto(t.portalUrl(tenant.username, `/pay?invoice=${invoice.public_id}`));
  await waitForHeading(page, "Pay invoices");
  problems.push(...(await tabbedStopsInView(page, 60)).map((p) => `/pay: ${p}`));
  assert.deepEqual(problems, []);
});
