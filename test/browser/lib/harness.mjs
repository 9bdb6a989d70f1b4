// The browser tests' API: `test(name, fn)` registers a test; the runner
// (scripts/browser-tests.mjs) gives each one a fresh fixture `t` (see README.md).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { request } from "../../../scripts/lib/http.mjs";
import { axeViolations, formatViolations } from "./axe.mjs";
import { sleep } from "./server.mjs";

export { assert };

const registry = [];
let currentFile = "";

/** Registers a test. `opts.timeout` in ms (default 60 s). */
export function test(name, fn, opts = {}) {
  registry.push({ name, fn, file: currentFile, timeout: opts.timeout ?? 60_000, skip: false });
}
/** Registers a test that is reported as skipped (say why in the name). */
test.skip = (name, fn, _opts = {}) => registry.push({ name, fn, file: currentFile, timeout: 0, skip: true });

/** Runner use only. */
export const _registry = { tests: registry, setFile: (f) => (currentFile = f) };

export const RESULTS_DIR = "test-results/browser";

/** Issue 17: light brand colours whose accent must be darkened to keep 4.5:1 on white and the grey panels. */
const LIGHT_BRAND_COLOURS = ["#ffd700", "#a3e635", "#e0e7ff"];

const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);

let tenantSeq = 0;
/** one demo seed per run, shared by the tests that ask for it */
let demoSeed = null;

/**
 * Builds the fixture `t` for one test. Everything it opens (browser contexts,
 * pages) is closed by `dispose()`; screenshots of open pages are saved on failure.
 */
export function makeFixture({ server, browser, devVars, testName, file }) {
  const contexts = [];
  const scriptless = new WeakSet(); // contexts opened with javaScript: false
  const pageProblems = new Map(); // page -> [messages]
  // page -> [CSP violations]: kept apart from pageProblems, so allowPageErrors never hides one
  const cspViolations = new Map();
  const cspOf = (page) => {
    if (!cspViolations.has(page)) cspViolations.set(page, []);
    return cspViolations.get(page);
  };
  const prefix = `${slug(file.replace(/\.browser\.mjs$/, ""))}--${slug(testName)}`;
  mkdirSync(RESULTS_DIR, { recursive: true });

  function apiClient(apiKey) {
    const call = async (method, path, body, headers = {}) => {
      const h = { ...headers };
      if (apiKey) h.Authorization = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`;
      const res = await request(`${server.apiOrigin}${path}`, { method, headers: h, body });
      return { status: res.status, body: res.json ?? res.text, headers: res.headers };
    };
    return {
      get: (path, headers) => call("GET", path, undefined, headers),
      post: (path, body = {}, headers) => call("POST", path, body, headers),
      patch: (path, body, headers) => call("PATCH", path, body, headers),
      delete: (path, headers) => call("DELETE", path, undefined, headers),
      call,
    };
  }

  const t = {
    /** port, apiOrigin, origin(username) of the running worker */
    server,
    /** `http://<username>.localhost:<port><path>` */
    portalUrl: (username, path = "/") => `${server.origin(username)}${path}`,

    /**
     * A fresh tenant through `POST /tenants` with the platform token.
     * Returns { id, username, portal_url, api_key, sso_key, api } (api: a client with its key).
     */
    /**
     * Every tenant gets one of the light brand colours of issue 17 unless told otherwise
     * (`highlightColor: null` keeps the default), so every journey's axe run checks the
     * accent's contrast with a colour that needs darkening.
     */
    async createTenant({ username, name, highlightColor = LIGHT_BRAND_COLOURS[tenantSeq % LIGHT_BRAND_COLOURS.length] } = {}) {
      const u = username ?? `bt${Date.now().toString(36)}${tenantSeq++}`;
      const res = await request(`${server.apiOrigin}/tenants`, {
        method: "POST",
        headers: { Authorization: `Bearer ${devVars.PLATFORM_ADMIN_TOKEN}` },
        body: { username: u, name: name ?? `Browser Test ${u}` },
      });
      if (res.status !== 201) throw new Error(`POST /tenants answered ${res.status}: ${res.text}`);
      const api = apiClient(res.json.api_key);
      if (highlightColor) {
        const set = await api.patch("/settings", { highlight_color: highlightColor });
        if (set.status !== 200) throw new Error(`PATCH /settings answered ${set.status}: ${JSON.stringify(set.body)}`);
      }
      return { ...res.json, highlight_color: highlightColor, api };
    },

    /** The demo tenant with its data (POST /_dev/seed, once per run): { portal_url, api_url, api_key, customer_email }. */
    seedDemo() {
      demoSeed ??= request(`${server.apiOrigin}/_dev/seed`, {
        method: "POST",
        headers: { Authorization: `Bearer ${devVars.PLATFORM_ADMIN_TOKEN}` },
        body: {},
        timeout: 600_000,
      }).then((res) => {
        if (res.status !== 200 && res.status !== 201) throw new Error(`POST /_dev/seed answered ${res.status}: ${res.text.slice(0, 500)}`);
        return res.json;
      });
      return demoSeed;
    },

    /** The merchant API with this key (HTTP Basic, key as user name): get/post/patch/delete/call -> { status, body, headers }. */
    api: apiClient,

    /** The development outbox, newest first: [{ id, to, subject, text, html, created_at }]. */
    async outbox({ to, limit = 50 } = {}) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (to) q.set("to", to);
      const res = await request(`${server.apiOrigin}/_dev/outbox?${q}`);
      if (res.status !== 200) throw new Error(`outbox answered ${res.status}`);
      return res.json;
    },

    /**
     * Waits for a message to `to` (subject matching `subject`, a string or RegExp,
     * and id above `afterId`) and returns it. Mail may be sent after the response (S11).
     */
    async waitForMail({ to, subject, afterId = 0, timeout = 10_000 }) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const msgs = await t.outbox({ to });
        const hit = msgs.find((m) => m.id > afterId && (!subject || (subject instanceof RegExp ? subject.test(m.subject) : m.subject.includes(subject))));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ""} within ${timeout} ms`);
        await sleep(250);
      }
    },

    /**
     * A new browser context (its own cookies). `javaScript: false` is a browser with
     * scripts off, to prove a page works without them.
     */
    async newContext({ javaScript = true, viewport = { width: 1280, height: 900 }, ...rest } = {}) {
      const ctx = await browser.newContext({ javaScriptEnabled: javaScript, viewport, ...rest });
      ctx.setDefaultTimeout(15_000);
      ctx.setDefaultNavigationTimeout(30_000);
      ctx.on("page", watchPage);
      if (!javaScript) scriptless.add(ctx);
      else {
        // Chromium fires securitypolicyviolation for every refusal, also those it does not
        // log; each is reported to Node. (Without scripts, the console listener still sees them.)
        await ctx.exposeBinding("__bpCspViolation", ({ page }, text) => cspOf(page).push(`CSP violation: ${text}`));
        await ctx.addInitScript(() =>
          document.addEventListener("securitypolicyviolation", (e) =>
            window.__bpCspViolation?.(
              `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile || e.documentURI}:${e.lineNumber} ${e.sample || ""}`,
            ),
          ),
        );
      }
      contexts.push(ctx);
      return ctx;
    },

    /**
     * Opens `url` in a fresh context: { page, response, context }.
     * Options: javaScript (default true), viewport, context (reuse one, e.g. to keep cookies),
     * allowPageErrors (default false: uncaught script errors and CSP refusals fail the test).
     */
    async openPage(url, { javaScript = true, viewport, context, allowPageErrors = false, waitUntil = "load" } = {}) {
      const ctx = context ?? (await t.newContext({ javaScript, viewport }));
      const page = await ctx.newPage();
      if (allowPageErrors) pageProblems.set(page, null);
      const response = await page.goto(url, { waitUntil });
      return { page, response, context: ctx };
    },

    /** Fails with a readable list unless axe finds zero WCAG 2.x A/AA violations. Options: name, exclude (selectors), disableRules. */
    async checkA11y(page, { name = "a11y", exclude, disableRules } = {}) {
      const scriptsOff = scriptless.has(page.context());
      const violations = await axeViolations(page, { exclude, disableRules, scriptsOff });
      if (violations.length) {
        const file = await t.screenshot(page, `${name}-violations`);
        throw new assert.AssertionError({
          message: `${violations.length} axe violation(s) on ${page.url()} (${name}; screenshot ${file}):\n${formatViolations(violations)}`,
        });
      }
    },

    /** The CSP violations seen on `page` so far, removed from the list (for the harness's own checks). */
    takeCspViolations(page) {
      const list = cspOf(page).splice(0);
      return list;
    },

    /** Saves a PNG of the page to test-results/browser/ and returns its path. */
    async screenshot(page, name = "page", { fullPage = true } = {}) {
      const file = join(RESULTS_DIR, `${prefix}--${slug(name)}.png`);
      await page.screenshot({ path: file, fullPage });
      return file;
    },
  };

  function watchPage(page) {
    if (!pageProblems.has(page)) pageProblems.set(page, []);
    page.on("pageerror", (err) => pageProblems.get(page)?.push(`uncaught: ${err.message}`));
    page.on("console", (msg) => {
      // A page that needs an inline script or style is broken: a CSP refusal always fails the test.
      if (/Content Security Policy|Refused to/i.test(msg.text())) cspOf(page).push(msg.text());
    });
  }

  return {
    t,
    /** Problems seen on pages (uncaught errors, CSP refusals), for the runner to fail the test. */
    problems() {
      const out = [];
      for (const [page, list] of pageProblems) if (list?.length) out.push(`${page.url()}:\n    ${list.join("\n    ")}`);
      for (const [page, list] of cspViolations) if (list.length) out.push(`${page.url()}:\n    ${[...new Set(list)].join("\n    ")}`);
      return out;
    },
    async screenshotOpenPages() {
      const files = [];
      let i = 0;
      for (const ctx of contexts)
        for (const page of ctx.pages())
          try {
            files.push(await t.screenshot(page, `failure-${i++}`));
          } catch {}
      return files;
    },
    async dispose() {
      for (const ctx of contexts) await ctx.close().catch(() => {});
    },
  };
}
