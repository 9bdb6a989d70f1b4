// Helpers for tests that act as a signed-in customer: data through the merchant
// API, sign-in through the real emailed link (development outbox).
import { assert } from "./harness.mjs";

let emailSeq = 0;
/** An address no other test uses, so the outbox and sign-in match only this test's customer. */
export const uniqueEmail = (who = "customer") => `${who}.${Date.now().toString(36)}${emailSeq++}@example.com`;

/** POST through the merchant API and insist on a 201; returns the body. */
export async function created(api, path, body) {
  const res = await api.post(path, body);
  assert.equal(res.status, 201, `POST ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

/** The portal path of a document from the API's `url` field (`/estimates/<public id>`). */
export const portalPath = (doc) => new URL(doc.url).pathname;

/**
 * Signs `email` in to the tenant's portal the way a person does: asks for a link at
 * /login, opens the emailed link in the same browser and presses "Sign in".
 * Returns { page, context } on the page the sign-in lands on (/account or /switch).
 */
export async function signIn(t, tenant, email, { javaScript = true, viewport } = {}) {
  const before = (await t.outbox({ to: email, limit: 1 }))[0]?.id ?? 0;
  const { page, context, response } = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript, viewport });
  assert.equal(response.status(), 200);
  await page.fill("input[name=email]", email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByRole("heading", { level: 1, name: /check your email/i }).waitFor();
  const mail = await t.waitForMail({ to: email, subject: /sign in/i, afterId: before });
  const link = /https?:\/\/\S+\/login\/email\/\S+/.exec(mail.text)?.[0];
  assert.ok(link, `a sign-in link in the mail:\n${mail.text}`);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/account" || url.pathname === "/switch");
  await page.getByRole("heading", { level: 1 }).waitFor();
  return { page, context };
}

/**
 * Clicks a submit button (or link) and waits until the page shows `ready` (a locator),
 * so the same step works with JavaScript off (a full navigation) and on (htmx swaps the body).
 */
export async function submitAndWait(page, button, ready) {
  await button.click();
  await ready.waitFor();
}
