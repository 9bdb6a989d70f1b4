// Steps the portal's browser tests share: data through the merchant API, sign-in
// through the outbox, and reading a PDF's text. Not a test file (the runner only
// loads test/browser/*.browser.mjs).
import { SignJWT } from "jose";
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from "pdf-lib";
import { request } from "../../../scripts/lib/http.mjs";
import { assert } from "../lib/harness.mjs";

/**
 * The portal path of a fresh SSO link for `customerId`, as the merchant's server signs it.
 * A fresh jti each time: two tests signing in the same customer within one second would
 * otherwise send the same token, and the portal rightly refuses the replay (S16).
 */
export async function ssoLoginPath(tenant, customerId, redirectTo) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({ sub: String(customerId), jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(tenant.sso_key));
  return redirectTo ? `/login/${jwt}?redirect_to=${encodeURIComponent(redirectTo)}` : `/login/${jwt}`;
}

let seq = 0;
/** An address no other test (or earlier run against a reused server) has used. */
export const uniqueEmail = (who) => `${who}-${Date.now().toString(36)}-${seq++}@example.com`;

/** A fresh tenant with one customer, both through the real API. */
export async function tenantWithCustomer(t, { tenantName, customerName, email }) {
  const tenant = await t.createTenant({ name: tenantName });
  const res = await tenant.api.post("/customers", { name: customerName, email });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { tenant, customer: res.body };
}

/** An issued invoice (draft: false, sent: true) with one line of `amount` dollars. */
export async function issueInvoice(tenant, customerId, amount, name = "Consulting") {
  const res = await tenant.api.post("/invoices", {
    customer: customerId,
    draft: false,
    sent: true,
    items: [{ name, quantity: 1, unit_cost: amount }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The newest outbox id for `to` (0 when none), so a wait sees only mail sent after it. */
async function lastMailId(t, to) {
  const [newest] = await t.outbox({ to, limit: 1 });
  return newest?.id ?? 0;
}

/** Waits for the page's h1 to read `text` (a string or RegExp): after a full load or an htmx swap alike. */
export async function waitForHeading(page, text) {
  await page.locator("h1", { hasText: text }).waitFor();
}

/**
 * On the tenant's /login page in `page`: asks for a link for `email` and returns the
 * mail's link and code. The page is left on "Check your email".
 */
export async function requestSignInMail(t, page, email) {
  const afterId = await lastMailId(t, email);
  await page.fill("#login-email", email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await waitForHeading(page, "Check your email");
  const mail = await t.waitForMail({ to: email, subject: /^Sign in to /, afterId });
  const link = /https?:\/\/\S+\/login\/email\/\S+/.exec(mail.text)?.[0];
  const code = /type this code on the page where you asked: (\S+)/.exec(mail.text)?.[1];
  assert.ok(link, `the mail has a link:\n${mail.text}`);
  assert.ok(code, `the mail has a code:\n${mail.text}`);
  return { mail, link, code };
}

/**
 * Signs `email` in through the outbox in a new context: /login, the mail's link,
 * the Sign in button, /account. Returns { page, context } on My Account.
 * `a11y` (default true): audit every page on the way with axe.
 */
export async function signIn(t, tenant, email, { javaScript = true, a11y = true } = {}) {
  const { page, context } = await t.openPage(t.portalUrl(tenant.username, "/login"), { javaScript });
  if (a11y) await t.checkA11y(page, { name: "login" });
  const { link } = await requestSignInMail(t, page, email);
  if (a11y) await t.checkA11y(page, { name: "check-email" });
  await page.goto(link);
  await waitForHeading(page, /^Sign in to /);
  if (a11y) await t.checkA11y(page, { name: "link-page" });
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/account$/);
  await waitForHeading(page, "My Account");
  if (a11y) await t.checkA11y(page, { name: "account" });
  return { page, context };
}

/**
 * GETs `url` with the cookies the browser context holds for it, as the browser
 * would send them: { status, headers, bytes }. Not `context.request`: that runs in
 * Node, which cannot resolve `*.localhost` (see scripts/lib/http.mjs).
 */
export async function fetchWithCookies(context, url) {
  const cookies = await context.cookies(url);
  const Cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return request(url, { headers: Cookie ? { Cookie } : {} });
}

/** The text a PDF shows, read from its pages' content streams (compressed or not, literal or hex strings). */
export async function pdfText(bytes) {
  const doc = await PDFDocument.load(bytes);
  const out = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    for (const s of streams) {
      const raw = s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents();
      out.push(showTextStrings(Buffer.from(raw).toString("latin1")));
    }
  }
  return out.join("\n");
}

/** The strings of the text-showing operators (Tj, TJ, ', "), one line per operator. */
function showTextStrings(ops) {
  const lines = [];
  let current = [];
  for (let i = 0; i < ops.length; i++) {
    const ch = ops[i];
    if (ch === "(") {
      let depth = 1;
      let s = "";
      for (i++; i < ops.length && depth > 0; i++) {
        const c = ops[i];
        if (c === "\\") {
          const n = ops[++i];
          const esc = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" }[n];
          if (esc) s += esc;
          else if (/[0-7]/.test(n)) {
            let oct = n;
            while (oct.length < 3 && /[0-7]/.test(ops[i + 1])) oct += ops[++i];
            s += String.fromCharCode(parseInt(oct, 8));
          } else if (n !== "\n" && n !== "\r") s += n;
        } else if (c === "(") {
          depth++;
          s += c;
        } else if (c === ")") {
          if (--depth > 0) s += c;
        } else s += c;
      }
      i--;
      current.push(s);
    } else if (ch === "<" && ops[i + 1] !== "<") {
      const end = ops.indexOf(">", i);
      const hex = ops.slice(i + 1, end).replace(/\s+/g, "");
      current.push(Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex").toString("latin1"));
      i = end;
    } else if (ch === "<" || ch === ">") {
      i++; // a dictionary bracket
    } else if (/^(Tj|TJ|'|")(?![A-Za-z])/.test(ops.slice(i, i + 3)) && current.length) {
      lines.push(current.join(""));
      current = [];
    }
  }
  return lines.join("\n");
}
