import { describe, expect, it } from "vitest";
import { ssoKeys } from "../../src/db/schema";
import { eventsOf } from "../billing/helpers";
import { apiClient } from "../helpers/api";
import { PortalClient } from "../helpers/portal";
import { invoicedToken, world } from "./helpers";

const signIn = async (t: { origin: string }, key: string, customerId: number) =>
  (await new PortalClient(t.origin).get(`/login/${await invoicedToken(key, customerId, undefined, { jti: crypto.randomUUID() })}`)).location;

describe("merchant API: POST /sso_keys rotates the SSO key", () => {
  it("returns a new 63-character key once; the old key keeps working for the grace period", async () => {
    const { t, customer } = await world();
    const res = await apiClient(t.apiKey).post("/sso_keys", { grace_period: 3600 });
    expect(res.status).toBe(201);
    expect(res.body.object).toBe("sso_key");
    expect(res.body.key).toMatch(/^[A-Za-z0-9]{63}$/);
    expect(res.body.previous_key_expires_at - res.body.created_at).toBe(3600);
    expect(await signIn(t, res.body.key, customer.id)).toBe("/account");
    expect(await signIn(t, t.ssoKey, customer.id)).toBe("/account");
    const [ev] = await eventsOf(t, "sso_key.rotated");
    expect(ev!.actor).toBe("api");
    expect(JSON.stringify(ev)).not.toContain(res.body.key);
  });

  it("S42: keys are stored encrypted, never in clear, and a replayed request does not show the key again", async () => {
    const { t } = await world();
    const api = apiClient(t.apiKey);
    const res = await api.post("/sso_keys", { grace_period: 60 }, { "Idempotency-Key": "rotate-1" });
    const replay = await api.post("/sso_keys", { grace_period: 60 }, { "Idempotency-Key": "rotate-1" });
    expect(replay.body).toEqual({ ...res.body, key: null });
    const { env } = await import("cloudflare:workers");
    const dump =
      JSON.stringify((await env.DB.prepare("select * from sso_keys").all()).results) +
      JSON.stringify((await env.DB.prepare("select * from idempotency_keys").all()).results);
    expect(dump).not.toContain(res.body.key);
    expect(dump).not.toContain(t.ssoKey);
    expect((await t.scope.select(ssoKeys).all()).length).toBe(2);
  });
});
