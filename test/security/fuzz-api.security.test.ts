import { exports } from "cloudflare:workers";
import fc from "fast-check";
import Stripe from "stripe";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { nowSeconds } from "../../src/lib/time";
import { API_ORIGIN } from "../helpers/api";
import { type ApiBase, apiBase, apiObjects, FUZZ_WEBHOOK_SECRET } from "./support/api-world";
import { authHeader, jsonObject, jsonValue, junkSegment, mutateAt, nastyString, plausibleValue, queryString, rawBody } from "./support/fuzz-inputs";
import { findInternals, isApiErrorObject } from "./support/leaks";
import { apiRoutes, fillPath, paramNames, type Route } from "./support/route-table";

// S29: a property-based fuzz of EVERY merchant API route, generated from the API
// app's own route table, with and without a valid API key. Nothing may answer
// 5xx or show internals, and every error is Invoiced's JSON error object.
// Stripe's HTTP is the only thing faked (it answers "no such object").

const RUNS = { withoutKey: 2, withKey: 5 };
const VALID = "<valid>";

const STRIPE_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.expired",
  "checkout.session.async_payment_failed",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.refunded",
];

/** A Stripe event of the right outline and the wrong insides, signed with the tenant's secret. */
const stripeEvent = fc.record({
  id: fc.oneof(
    fc.constant(undefined),
    nastyString,
    fc.string({ minLength: 5, maxLength: 30 }).map((s) => `evt_${s}`),
  ),
  type: fc.oneof(fc.constantFrom(...STRIPE_TYPES), nastyString),
  data: fc.oneof(
    fc.constant(undefined),
    jsonObject,
    fc.record({
      object: fc.oneof(
        jsonObject,
        jsonObject.map((o) => ({
          mode: "payment",
          payment_status: "paid",
          amount_total: 100,
          currency: "usd",
          metadata: { attempt: "pa_0123456789abcdef" },
          ...o,
        })),
      ),
    }),
  ),
});

/** Header values a client can send (visible ASCII), and some it should not. */
const idempotencyKey = fc.option(
  fc.oneof(
    fc.string({ maxLength: 300, unit: "binary-ascii" }).map((s) => s.replace(/[\r\n\0]/g, "")),
    fc.constant("k".repeat(300)),
  ),
  { nil: undefined },
);

const body = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("json" as const), value: jsonObject, baseline: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("mutate" as const),
      pick: fc.nat(),
      value: fc.oneof({ weight: 3, arbitrary: plausibleValue }, { weight: 1, arbitrary: jsonValue }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("raw" as const), raw: rawBody }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("stripe" as const), event: stripeEvent, signed: fc.boolean() }) },
);

function inputFor(route: Route, withKey: boolean) {
  const params = Object.fromEntries(
    paramNames(route.path).map((n) => [n, fc.oneof({ weight: 2, arbitrary: fc.constant(VALID) }, { weight: 3, arbitrary: junkSegment })]),
  );
  return fc.record({
    params: fc.record(params),
    query: fc.option(queryString, { nil: undefined }),
    auth: withKey ? fc.constant(VALID) : authHeader,
    idempotencyKey,
    body,
  });
}

type Input = ReturnType<typeof inputFor> extends fc.Arbitrary<infer T> ? T : never;

describe("S29 fuzz: every API route, with and without a key", () => {
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = new Request(input, init).url;
      if (new URL(url).hostname.endsWith("stripe.com")) {
        return Response.json({ error: { type: "invalid_request_error", code: "resource_missing", message: "No such object" } }, { status: 404 });
      }
      return realFetch(input, init);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const routes = apiRoutes();
  let base: ApiBase;
  beforeAll(async () => {
    base = await apiBase();
  });

  it("reaches a real route table", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.some((r) => r.path.startsWith("/webhooks/"))).toBe(true);
  });

  it("starts from bodies the API accepts (so the fuzz reaches past validation)", async () => {
    // the webhook takes Stripe's signed events; /_dev/ answers 404 outside development
    for (const route of routes.filter((r) => r.method === "POST" && !r.path.startsWith("/webhooks/") && !r.path.startsWith("/_dev/"))) {
      const w = { ...base, ...(await apiObjects(base)) };
      const res = await exports.default.fetch(`${API_ORIGIN}${fillPath(route.path, w.validParams(route.path))}`, {
        method: "POST",
        headers: { Authorization: w.validAuth(route.path), "Content-Type": "application/json" },
        body: JSON.stringify(w.baseline(route.method, route.path)),
      });
      expect(res.status, `${route.path}: ${await res.text()}`).toBeLessThan(300);
    }
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const w = { ...base, ...(await apiObjects(base)) };
      const valid = w.validParams(route.path);

      for (const withKey of [false, true]) {
        await fc.assert(
          fc.asyncProperty(inputFor(route, withKey), async (input: Input) => {
            const values = Object.fromEntries(Object.entries(input.params).map(([k, v]) => [k, v === VALID ? (valid[k] ?? "x") : v]));
            const path = fillPath(route.path, values) + (input.query !== undefined ? `?${input.query}` : "");
            const headers = new Headers();
            if (input.auth === VALID) headers.set("Authorization", w.validAuth(route.path));
            else if (input.auth !== null) headers.set("Authorization", input.auth);
            if (input.idempotencyKey !== undefined) headers.set("Idempotency-Key", input.idempotencyKey);

            let payload: string | undefined;
            if (route.method !== "GET") {
              const b = input.body;
              if (b.kind === "json") {
                headers.set("Content-Type", "application/json");
                payload = JSON.stringify(b.baseline ? { ...w.baseline(route.method, route.path), ...b.value } : b.value);
              } else if (b.kind === "mutate") {
                // an accepted body with one value, at any depth, of the wrong type or size
                headers.set("Content-Type", "application/json");
                payload = JSON.stringify(mutateAt(w.baseline(route.method, route.path), b.pick, b.value));
              } else if (b.kind === "raw") {
                if (b.raw.type !== null) headers.set("Content-Type", b.raw.type);
                payload = b.raw.text;
              } else {
                headers.set("Content-Type", "application/json");
                payload = JSON.stringify({ object: "event", created: nowSeconds(), ...b.event });
                if (b.signed) {
                  headers.set(
                    "Stripe-Signature",
                    await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: FUZZ_WEBHOOK_SECRET, timestamp: nowSeconds() }),
                  );
                }
              }
            }

            const res = await exports.default.fetch(`${API_ORIGIN}${path}`, { method: route.method, headers, body: payload });
            const label = `${route.method} ${path.slice(0, 300)} (${withKey ? "with key" : "without key"})`;
            const text = await res.text();
            expect(res.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
            expect(findInternals(text), label).toBeNull();
            if (res.status >= 400) {
              expect(res.headers.get("Content-Type"), label).toMatch(/^application\/json/);
              expect(isApiErrorObject(JSON.parse(text)), `${label}: ${text.slice(0, 300)}`).toBe(true);
            }
          }),
          { numRuns: withKey ? RUNS.withKey : RUNS.withoutKey },
        );
      }
      // S30/S44: no unhandled error reached onError along the way.
      expect(logged.filter((l) => /portal error|api error/.test(l))).toEqual([]);
    });
  }
});
