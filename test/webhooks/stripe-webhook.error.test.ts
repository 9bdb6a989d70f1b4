import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe } from "../helpers/stripe-fake";
import { makeTenant } from "../helpers/tenants";
import { useStripe } from "../pay/helpers";
import { deliver, event, sign } from "./stripe-helpers";

afterEach(() => vi.restoreAllMocks());

// Found by the S29 fuzz (test/security/fuzz-api.security.test.ts): a correctly
// signed body without `data.object` (or with an empty id) threw in the handler
// and answered 500. Such a body is a 400 and records nothing.
describe("a signed Stripe event of the wrong outline", () => {
  const malformed: [string, Record<string, unknown>][] = [
    ["no data", { id: "evt_1", type: "checkout.session.completed" }],
    ["data without object", { id: "evt_2", type: "checkout.session.completed", data: {} }],
    ["data.object null", { id: "evt_3", type: "payment_intent.succeeded", data: { object: null } }],
    ["data.object an array", { id: "evt_4", type: "payment_intent.succeeded", data: { object: [] } }],
    ["empty id", { id: "", type: "checkout.session.completed", data: { object: { mode: "payment" } } }],
    ["numeric id", { id: 5, type: "checkout.session.completed", data: { object: {} } }],
    ["no type", { id: "evt_5", data: { object: {} } }],
  ];

  it("is a 400 with the API's error object, and no event is recorded", async () => {
    fakeStripe();
    const t = await makeTenant();
    await useStripe(t.tenant.id);
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM webhook_events").first<{ n: number }>())!.n;
    const before = await count();
    for (const [name, evt] of malformed) {
      const payload = JSON.stringify({ object: "event", created: 0, ...evt });
      const res = await deliver(t.tenant.username, payload, await sign(payload));
      expect(res.status, name).toBe(400);
      expect(res.body, name).toEqual({ type: "invalid_request_error", message: "Webhook event is malformed" });
    }
    expect(await count()).toBe(before);
    // the same tenant still takes a well-formed event (an unknown type is acknowledged and ignored)
    const ok = JSON.stringify(event("customer.created", { id: "cus_1", object: "customer" }));
    expect((await deliver(t.tenant.username, ok, await sign(ok))).status).toBe(200);
  });
});
