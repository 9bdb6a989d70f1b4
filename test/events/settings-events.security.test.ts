import { describe, expect, it } from "vitest";
import { apiTenant } from "../api/support";

// Issue 14, S44: settings.updated carries the settings as GET /settings shows them, with
// `previous` for the changed keys, and never a secret (Stripe keys, webhook or SSO secrets).

const LIVE_KEY = "sk_live_51EventsOnlyAbcdefghijklWXYZ";
const WHSEC = "whsec_eventsOnly0123456789abcdefgh";

type Event = { data: { object: Record<string, unknown>; previous?: Record<string, unknown> } };

describe("settings.updated", () => {
  it("carries the settings object and previous values, and no secret of any kind", async () => {
    const { api } = await apiTenant();
    const last = async (): Promise<Event> => (await api.get("/events?filter[type]=settings.updated&per_page=1")).body[0];

    expect((await api.patch("/settings", { welcome_message: "Call us", allow_partial_payments: true })).status).toBe(200);
    const patched = await last();
    expect(patched.data.object).toEqual((await api.get("/settings")).body);
    // allow_partial_payments was already true: only what changed is in previous
    expect(patched.data.previous).toEqual({ welcome_message: null });

    const put = await api.call("PUT", "/settings/payment_gateway", { gateway: "stripe", secret_key: LIVE_KEY, webhook_secret: WHSEC });
    expect(put.status).toBe(200);
    const stripe = await last();
    expect(stripe.data.object).toEqual((await api.get("/settings")).body);
    expect(stripe.data).toMatchObject({
      object: { payment_gateway: "stripe", stripe_connected: true },
      previous: { payment_gateway: "test", stripe_connected: false },
    });

    const sso = await api.post("/sso_keys", {});
    expect(sso.status).toBeLessThan(300);
    expect((await api.call("PUT", "/settings/payment_gateway", { gateway: "test" })).status).toBe(200);
    expect((await last()).data.object).toEqual((await api.get("/settings")).body);

    const all = JSON.stringify((await api.get("/events?per_page=100")).body);
    expect(typeof sso.body.key).toBe("string");
    const rotated = (await api.get("/events?filter[type]=sso_key.rotated")).body[0];
    expect(rotated.data.object).toEqual({
      id: sso.body.id,
      object: "sso_key",
      created_at: sso.body.created_at,
      previous_key_expires_at: sso.body.previous_key_expires_at,
    });
    for (const secret of [LIVE_KEY, WHSEC, "sk_live_", "whsec_", sso.body.key]) {
      expect(all).not.toContain(secret);
    }
  });
});
