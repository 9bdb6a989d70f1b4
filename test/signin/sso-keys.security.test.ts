import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ssoKeys } from "../../src/db/schema";
import { apiClient } from "../helpers/api";
import { PortalClient } from "../helpers/portal";
import { invoicedToken, world } from "./helpers";

const signIn = async (t: { origin: string }, key: string, customerId: number) =>
  (await new PortalClient(t.origin).get(`/login/${await invoicedToken(key, customerId, undefined, { jti: crypto.randomUUID() })}`)).location;

describe("SSO key rotation: S14", () => {
  it("without a grace period the old key stops at once", async () => {
    const { t, customer } = await world();
    const res = await apiClient(t.apiKey).post("/sso_keys", {});
    expect(res.body.previous_key_expires_at).toBe(res.body.created_at);
    expect(await signIn(t, t.ssoKey, customer.id)).toBe("/login?error=link");
    expect(await signIn(t, res.body.key, customer.id)).toBe("/account");
  });

  it("a retired key fails once its grace period has ended", async () => {
    const { t, customer } = await world();
    await apiClient(t.apiKey).post("/sso_keys", { grace_period: 3600 });
    expect(await signIn(t, t.ssoKey, customer.id)).toBe("/account");
    // end the grace period by moving the stored time, not the clock
    const now = Math.floor(Date.now() / 1000);
    const [old] = await t.scope.select(ssoKeys).orderBy(ssoKeys.id).all();
    await t.scope.update(ssoKeys, { expiresAt: now - 1 }, eq(ssoKeys.id, old!.id));
    expect(await signIn(t, t.ssoKey, customer.id)).toBe("/login?error=link");
  });

  it("never more than two keys verify: a second rotation retires the key still in its grace period", async () => {
    const { t, customer } = await world();
    const api = apiClient(t.apiKey);
    const second = await api.post("/sso_keys", { grace_period: 7 * 86400 });
    const third = await api.post("/sso_keys", { grace_period: 7 * 86400 });
    expect(await signIn(t, t.ssoKey, customer.id)).toBe("/login?error=link");
    expect(await signIn(t, second.body.key, customer.id)).toBe("/account");
    expect(await signIn(t, third.body.key, customer.id)).toBe("/account");
  });

  it("a grace period over 7 days, a negative one or an unknown field is a 400", async () => {
    const { t } = await world();
    const api = apiClient(t.apiKey);
    expect((await api.post("/sso_keys", { grace_period: 7 * 86400 + 1 })).body).toMatchObject({ type: "invalid_request_error", param: "grace_period" });
    expect((await api.post("/sso_keys", { grace_period: -1 })).status).toBe(400);
    expect((await api.post("/sso_keys", { key: "mine" })).body.param).toBe("key");
    expect(await t.scope.select(ssoKeys).all()).toHaveLength(1);
  });
});
