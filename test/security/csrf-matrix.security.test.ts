import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeTenant } from "../helpers/tenants";
import { storageDigest } from "./support/db-snapshot";
import { isolationCase, type PortalWorld, portalWorld } from "./support/portal-world";
import { fillPath, isStateChanging, portalRoutes, type Route } from "./support/route-table";

// S26: a matrix generated from the portal's route table. Every state-changing
// route (a new POST included, without touching this file) is sent, as a signed-in
// customer with a fresh sign-in, a request that would otherwise be accepted, in
// each shape a cross-site or sibling-tenant attacker can produce. Every one is a
// 403 and leaves D1 and KV exactly as they were. The last test sends the same
// requests properly, so the matrix cannot pass by refusing everything.

const REFUSAL = "This form has expired";

/** Fields of a request each route would accept, for routes the isolation matrix has no known-good request for. */
function fallbackFields(w: PortalWorld, route: string): Record<string, string> {
  const fields: Record<string, Record<string, string>> = {
    "/login": { email: w.customer.email! },
    "/login/code": { code: "ABCD2345" },
    "/billing": { name: "Changed By Attacker" },
    "/billing/contacts": { name: "Planted Contact" },
    "/billing/contacts/:id": { name: "Edited By Attacker" },
  };
  return fields[route] ?? {};
}

type Prepared = { path: string; fields: Record<string, string> };

async function prepare(w: PortalWorld, route: Route): Promise<Prepared> {
  const known = isolationCase(route.method, route.path);
  if (known?.setup) {
    const good = await known.setup({ tenant: w.t, customerId: w.customer.id });
    return { path: good.path, fields: good.fields ?? {} };
  }
  return { path: fillPath(route.path, w.validParams(route.path)), fields: fallbackFields(w, route.path) };
}

type Attack = { name: string; init: (ctx: { w: PortalWorld; csrf: string; cookie: string; fields: Record<string, string>; sibling: string }) => RequestInit };

const form = (csrf: string | null, fields: Record<string, string>) => {
  const b = new URLSearchParams(fields);
  if (csrf !== null) b.set("_csrf", csrf);
  return b.toString();
};
const FORM = "application/x-www-form-urlencoded";

/** Each shape gets the victim's cookies, as a browser would attach them (SameSite=Lax does not stop a sibling). */
const ATTACKS: Attack[] = [
  {
    name: "(a) cross-site form post",
    init: ({ csrf, cookie, fields }) => ({
      headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": FORM, "Sec-Fetch-Site": "cross-site" },
      body: form(csrf, fields),
    }),
  },
  {
    name: "(a) cross-site multipart post",
    init: ({ csrf, cookie, fields }) => {
      const b = new FormData();
      b.set("_csrf", csrf);
      for (const [k, v] of Object.entries(fields)) b.set(k, v);
      return { headers: { Cookie: cookie, Origin: "https://evil.example" }, body: b };
    },
  },
  {
    name: "(b) post from a sibling tenant's origin",
    init: ({ csrf, cookie, fields, sibling }) => ({
      headers: { Cookie: cookie, Origin: sibling, "Content-Type": FORM, "Sec-Fetch-Site": "same-site" },
      body: form(csrf, fields),
    }),
  },
  {
    name: "(c) text/plain fetch from the same origin",
    init: ({ w, csrf, cookie, fields }) => ({
      headers: { Cookie: cookie, Origin: w.t.origin, "Content-Type": "text/plain", "X-CSRF-Token": csrf },
      body: form(csrf, fields),
    }),
  },
  {
    name: "(c) text/plain fetch from another site",
    init: ({ csrf, cookie, fields }) => ({
      headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "text/plain" },
      body: form(csrf, fields),
    }),
  },
  {
    name: "(d) no Origin, Sec-Fetch-Site: same-site",
    init: ({ csrf, cookie, fields }) => ({ headers: { Cookie: cookie, "Sec-Fetch-Site": "same-site", "Content-Type": FORM }, body: form(csrf, fields) }),
  },
  {
    name: "(d) no Origin and no Sec-Fetch-Site",
    init: ({ csrf, cookie, fields }) => ({ headers: { Cookie: cookie, "Content-Type": FORM }, body: form(csrf, fields) }),
  },
  {
    name: "(d) Origin: null",
    init: ({ csrf, cookie, fields }) => ({ headers: { Cookie: cookie, Origin: "null", "Content-Type": FORM }, body: form(csrf, fields) }),
  },
  {
    name: "(e) same origin, no CSRF token",
    init: ({ w, cookie, fields }) => ({ headers: { Cookie: cookie, Origin: w.t.origin, "Content-Type": FORM }, body: form(null, fields) }),
  },
  {
    name: "(e) same origin, another browser's CSRF token",
    init: ({ w, cookie, fields }) => ({ headers: { Cookie: cookie, Origin: w.t.origin, "Content-Type": FORM }, body: form("A".repeat(32), fields) }),
  },
  {
    name: "(e) same origin, token but no CSRF cookie",
    init: ({ w, csrf, cookie, fields }) => ({
      headers: { Cookie: cookie.replace(/__Host-bp_csrf=[^;]*;?\s*/, ""), Origin: w.t.origin, "Content-Type": FORM },
      body: form(csrf, fields),
    }),
  },
  {
    name: "(e) JSON from the same origin without the X-CSRF-Token header",
    init: ({ w, csrf, cookie, fields }) => ({
      headers: { Cookie: cookie, Origin: w.t.origin, "Content-Type": "application/json" },
      body: JSON.stringify({ _csrf: csrf, ...fields }),
    }),
  },
];

const routes = portalRoutes().filter(isStateChanging);

describe("S26 CSRF matrix over every state-changing portal route", () => {
  it("covers the portal's state-changing routes", () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => r.method)).not.toContain("GET");
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}: every attack shape is a 403 and changes nothing`, async () => {
      const w = await portalWorld();
      const sibling = (await makeTenant()).origin;
      const req = await prepare(w, route);
      const { csrf, cookie } = await w.browser(true);
      const before = await storageDigest();
      for (const attack of ATTACKS) {
        const res = await exports.default.fetch(`${w.t.origin}${req.path}`, {
          method: route.method,
          redirect: "manual",
          ...attack.init({ w, csrf, cookie, fields: req.fields, sibling }),
        });
        expect(res.status, `${attack.name} → ${route.method} ${req.path}`).toBe(403);
        expect(await res.text()).toContain(REFUSAL);
        expect(res.headers.getSetCookie().join("\n"), attack.name).not.toMatch(/bp_session=[^;]/);
      }
      expect(await storageDigest(), `${route.method} ${route.path}: D1 or KV changed`).toBe(before);
    });
  }

  // Last, so the background work a proper request starts (mail) cannot land inside an attack's window.
  it("the same requests, sent properly, get past the CSRF check (so the refusals above mean something)", async () => {
    for (const route of routes) {
      const w = await portalWorld();
      const req = await prepare(w, route);
      const { csrf, cookie } = await w.browser(true);
      const res = await exports.default.fetch(`${w.t.origin}${req.path}`, {
        method: route.method,
        redirect: "manual",
        headers: { Cookie: cookie, Origin: w.t.origin, "Content-Type": FORM },
        body: form(csrf, req.fields),
      });
      const html = await res.text();
      expect(html.includes(REFUSAL) && res.status === 403, `${route.method} ${req.path} was refused as CSRF`).toBe(false);
    }
  });
});
