import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type FormFields, formFields, jsonObject, junkSegment, multipart, nastyString, queryString, rawBody } from "./support/fuzz-inputs";
import { findInternals } from "./support/leaks";
import { isolationCase, portalWorld } from "./support/portal-world";
import { fillPath, paramNames, portalRoutes, type Route } from "./support/route-table";

// S29: a property-based fuzz of EVERY portal route, generated from the portal's
// own route table: a new route is fuzzed without touching this file. Requests
// carry a valid CSRF token and Origin, so they get past S26 and reach handlers,
// signed out and signed in (with a fresh sign-in, past S23's gate). Nothing may
// answer 5xx or show internals. Runs are few per route (the suite runs in workerd).

const RUNS = { signedOut: 3, signedIn: 5 };
const VALID = "<valid>";

const body = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("form" as const), fields: formFields, baseline: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("multipart" as const), fields: formFields, baseline: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("mutate" as const), pick: fc.nat(), value: nastyString }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("json" as const), value: jsonObject }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("raw" as const), raw: rawBody }) },
);

function inputFor(route: Route) {
  const params = Object.fromEntries(
    paramNames(route.path).map((n) => [n, fc.oneof({ weight: 2, arbitrary: fc.constant(VALID) }, { weight: 3, arbitrary: junkSegment })]),
  );
  return fc.record({ params: fc.record(params), query: fc.option(queryString, { nil: undefined }), body });
}

type Input = ReturnType<typeof inputFor> extends fc.Arbitrary<infer T> ? T : never;

/** Route parameters of a concrete path (the isolation case's known-good request). */
function paramsOf(pattern: string, path: string): Record<string, string> {
  const names = paramNames(pattern);
  const re = new RegExp(`^${pattern.replace(/:[A-Za-z_]\w*/g, "([^/?]+)")}(?:\\?|$)`);
  const m = re.exec(path);
  return m ? Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) : {};
}

/**
 * The body of a form post. Multipart is encoded by hand, not through FormData:
 * workerd's own serializer refuses some names (one ending in a backslash) that
 * a hostile client can still put on the wire, and the handler must meet those.
 */
function formBody(kind: "form" | "multipart", csrf: string, fields: FormFields): { body: BodyInit; type?: string } {
  if (kind === "form") {
    const b = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of fields) b.append(k, typeof v === "string" ? v : v.file);
    return { body: b };
  }
  return multipart([["_csrf", csrf], ...fields]);
}

describe("S29 fuzz: every portal route, signed out and signed in", () => {
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  });
  afterEach(() => vi.restoreAllMocks());

  const routes = portalRoutes();

  it("reaches a real route table", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((r) => r.method === "POST")).toBe(true);
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const w = await portalWorld();
      const known = isolationCase(route.method, route.path);

      for (const signedIn of [false, true]) {
        await fc.assert(
          fc.asyncProperty(inputFor(route), async (input: Input) => {
            const { csrf, cookie } = await w.browser(signedIn);
            // A known-good request for this route (fresh objects each run), when the isolation matrix has one.
            const good = signedIn && known?.setup ? await known.setup({ tenant: w.t, customerId: w.customer.id }) : undefined;
            const valid = { ...w.validParams(route.path), ...(good ? paramsOf(route.path, good.path) : {}) };
            const values = Object.fromEntries(Object.entries(input.params).map(([k, v]) => [k, v === VALID ? (valid[k] ?? "x") : v]));
            const path = fillPath(route.path, values) + (input.query !== undefined ? `?${input.query}` : "");

            const headers = new Headers({ Cookie: cookie, Origin: w.t.origin });
            let payload: BodyInit | undefined;
            if (route.method !== "GET") {
              const b = input.body;
              if (b.kind === "form" || b.kind === "multipart") {
                const base: FormFields = b.baseline && good?.fields ? Object.entries(good.fields) : [];
                const form = formBody(b.kind, csrf, [...base, ...b.fields]);
                payload = form.body;
                if (form.type) headers.set("Content-Type", form.type);
              } else if (b.kind === "mutate") {
                // the known-good form with one field's value wrong
                const fields: FormFields = Object.entries(good?.fields ?? {});
                if (fields.length) fields[b.pick % fields.length]![1] = b.value;
                payload = formBody("form", csrf, fields).body;
              } else if (b.kind === "json") {
                headers.set("Content-Type", "application/json");
                headers.set("X-CSRF-Token", csrf);
                payload = JSON.stringify(b.value);
              } else {
                if (b.raw.type !== null) headers.set("Content-Type", b.raw.type);
                headers.set("X-CSRF-Token", csrf);
                payload = b.raw.text;
              }
            }

            const res = await exports.default.fetch(`${w.t.origin}${path}`, { method: route.method, headers, body: payload, redirect: "manual" });
            const label = `${route.method} ${path.slice(0, 300)} (${signedIn ? "signed in" : "signed out"})`;
            expect(res.status, label).toBeLessThan(500);
            const type = res.headers.get("Content-Type") ?? "";
            if (type.includes("pdf")) await res.arrayBuffer();
            else expect(findInternals(await res.text()), label).toBeNull();
          }),
          { numRuns: signedIn ? RUNS.signedIn : RUNS.signedOut },
        );
      }
      // S30/S44: no unhandled error reached onError along the way.
      expect(logged.filter((l) => /portal error|api error/.test(l))).toEqual([]);
    });
  }
});
