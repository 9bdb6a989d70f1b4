import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { API_ORIGIN } from "../helpers/api";
import { makeInvoice } from "../helpers/fixtures";
import { fakeStripe } from "../helpers/stripe-fake";
import { review, useStripe, world } from "../pay/helpers";
import { apiBase, apiObjects } from "./support/api-world";
import { portalWorld } from "./support/portal-world";
import { apiRoutes, fillPath, portalRoutes } from "./support/route-table";

// S28 on every GET page of the portal (signed in and out, from the route table),
// on error answers, and on every API route. Personal pages, PDFs and CSV are
// `no-store`. `form-action` is `'self'` everywhere except the one page whose form
// leads to Stripe Checkout.

afterEach(() => vi.restoreAllMocks());

/** CSP as {directive: sources}. */
function csp(h: Headers): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (h.get("Content-Security-Policy") ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}

function expectS28(h: Headers, label: string, formAction: string[] = ["'self'"]) {
  const hsts = h.get("Strict-Transport-Security") ?? "";
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), `${label}: HSTS max-age`).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts, `${label}: HSTS`).toMatch(/;\s*includeSubDomains/i);
  const p = csp(h);
  expect(p["default-src"], `${label}: default-src`).toEqual(["'self'"]);
  expect(p["object-src"], `${label}: object-src`).toEqual(["'none'"]);
  expect(p["base-uri"], `${label}: base-uri`).toEqual(["'none'"]);
  expect(p["frame-ancestors"], `${label}: frame-ancestors`).toEqual(["'none'"]);
  expect(p["form-action"], `${label}: form-action`).toEqual(formAction);
  expect(p["script-src"] ?? p["default-src"], `${label}: script-src`).not.toContain("'unsafe-inline'");
  expect(h.get("X-Content-Type-Options"), `${label}: nosniff`).toBe("nosniff");
  expect(h.get("X-Internal-Form-Action"), `${label}: internal marker leaked`).toBeNull();
}

const noStore = (h: Headers) => /(^|,)\s*no-store\s*(,|$)/.test(h.get("Cache-Control") ?? "");

/** The only GET route whose answer holds nothing personal and may be cached. */
const PUBLIC_CACHEABLE = new Set(["/theme.css"]);

describe("S28 portal: every GET route", () => {
  const routes = portalRoutes().filter((r) => r.method === "GET");

  it("includes the PDF and CSV routes", () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(["/invoices.csv", "/invoices/:id/pdf", "/estimates/:id/pdf", "/payments/:id/pdf", "/statements/pdf"]));
  });

  it("signed in, with ids the customer owns: every header, and no-store on every page, PDF and CSV", async () => {
    const types = new Set<string>();
    for (const route of routes) {
      const w = await portalWorld();
      const { cookie } = await w.browser(true);
      const path = fillPath(route.path, w.validParams(route.path));
      const res = await exports.default.fetch(`${w.t.origin}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      await res.arrayBuffer();
      const label = `GET ${path} (signed in) ${res.status}`;
      expect(res.status, label).toBeLessThan(400);
      expectS28(res.headers, label);
      if (!PUBLIC_CACHEABLE.has(route.path)) expect(noStore(res.headers), `${label}: Cache-Control ${res.headers.get("Cache-Control")}`).toBe(true);
      types.add((res.headers.get("Content-Type") ?? "").split(";")[0]!);
    }
    // the walk really fetched documents, not only pages
    expect([...types]).toEqual(expect.arrayContaining(["text/html", "application/pdf", "text/csv"]));
  });

  it("signed out (redirects, sign-in pages, document links): every header, no-store unless public", async () => {
    for (const route of routes) {
      const w = await portalWorld();
      const { cookie } = await w.browser(false);
      const path = fillPath(route.path, w.validParams(route.path));
      const res = await exports.default.fetch(`${w.t.origin}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      await res.arrayBuffer();
      const label = `GET ${path} (signed out) ${res.status}`;
      expectS28(res.headers, label);
      if (!PUBLIC_CACHEABLE.has(route.path)) expect(noStore(res.headers), `${label}: Cache-Control`).toBe(true);
    }
  });

  it("a response shared caches may store sets no cookie (a cached Set-Cookie would hand one CSRF token to everyone)", async () => {
    const w = await portalWorld();
    for (const path of PUBLIC_CACHEABLE) {
      const res = await exports.default.fetch(`${w.t.origin}${path}`); // a first visit: no cookies yet
      expect(res.headers.get("Cache-Control")).toMatch(/public/);
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
  });

  it("error answers carry them too: unknown page, unknown id, CSRF refusal, unknown host", async () => {
    const w = await portalWorld();
    const { cookie } = await w.browser(true);
    const answers = [
      await exports.default.fetch(`${w.t.origin}/no-such-page`, { headers: { Cookie: cookie } }),
      await exports.default.fetch(`${w.t.origin}/invoices/ZZZZZZZZZZZZZZZZ`, { headers: { Cookie: cookie } }),
      await exports.default.fetch(`${w.t.origin}/logout`, { method: "POST", headers: { Cookie: cookie, Origin: "https://evil.example" } }),
      await exports.default.fetch("http://nobody-here.localhost:8787/login"),
      await exports.default.fetch("http://localhost:8787/"),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 403, 404, 404]);
    for (const res of answers) {
      await res.arrayBuffer();
      expectS28(res.headers, `${res.status} ${res.url}`);
      expect(noStore(res.headers)).toBe(true);
    }
  });
});

describe("S28 form-action", () => {
  it("is widened by exactly Stripe Checkout's origin on the checkout confirmation page, and nowhere before it", async () => {
    fakeStripe();
    const w = await world();
    await useStripe(w.tenant.id);
    const inv = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 4_200 }]);
    const payPage = await w.client.get(`/pay?invoice=${inv.publicId}`);
    expectS28(payPage.headers, "GET /pay (Stripe tenant)");
    const r = await review(w.client, { invoice: inv.publicId, method: "checkout" });
    expect(r.key).toBeTruthy();
    const page = await w.client.get(`/pay/confirm/${r.key}`);
    expectS28(page.headers, "GET /pay/confirm (Stripe Checkout)", ["'self'", "https://checkout.stripe.com"]);
    expect(noStore(page.headers)).toBe(true);
  });
});

describe("S28 API: every route, with and without a key", () => {
  it("sends every header and no-store", async () => {
    const base = await apiBase();
    const w = { ...base, ...(await apiObjects(base)) };
    const key = `Basic ${btoa(`${w.t.apiKey}:`)}`;
    for (const route of apiRoutes()) {
      const path = fillPath(route.path, w.validParams(route.path));
      for (const auth of [key, null]) {
        const headers: Record<string, string> = auth ? { Authorization: auth } : {};
        // reads and bodiless writes: the answer is a document, a list or an error object
        const res = await exports.default.fetch(`${API_ORIGIN}${path}`, { method: route.method === "DELETE" ? "GET" : route.method, headers });
        await res.arrayBuffer();
        const label = `${route.method} ${path} (${auth ? "key" : "no key"}) ${res.status}`;
        expectS28(res.headers, label);
        expect(noStore(res.headers), `${label}: Cache-Control`).toBe(true);
      }
    }
  });
});
