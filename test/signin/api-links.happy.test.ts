import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { idempotencyKeys } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { eventsOf } from "../billing/helpers";
import { apiClient } from "../helpers/api";
import { PortalClient } from "../helpers/portal";
import { pathOf, sessionsOf, tokenRow, world } from "./helpers";

describe("merchant API: POST /customers/{id}/sign_in_link", () => {
  it("returns a one-time URL on the tenant's portal, valid 7 days by default; the page still needs the button", async () => {
    const { t, customer } = await world();
    const api = apiClient(t.apiKey);
    const res = await api.post(`/customers/${customer.id}/sign_in_link`, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ object: "sign_in_link", customer: customer.id });
    expect(res.body.url.startsWith(`${t.origin}/login/email/`)).toBe(true);
    expect(res.body.expires_at - res.body.created_at).toBe(7 * DAY);
    const row = await tokenRow(t, res.body.url);
    expect(row).toMatchObject({ purpose: "api_link", customerId: customer.id, email: null, codeHash: null });

    const portal = new PortalClient(t.origin);
    const page = await portal.get(pathOf(res.body.url));
    expect(page.status).toBe(200);
    expect(page.html).toContain("sent you this sign-in link");
    expect(page.html).toContain("Sign in as <strong>a***@example.com</strong> on this device?");
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
    const done = await portal.post(pathOf(res.body.url), { confirm_device: "yes" });
    expect(done.location).toBe("/account");
    const [s] = await sessionsOf(t, customer.id);
    expect(s!.method).toBe("api_link");
    // one-time
    expect((await new PortalClient(t.origin).post(pathOf(res.body.url), { confirm_device: "yes" })).location).toBe("/login?error=link");
    const [ev] = await eventsOf(t, "customer.sign_in_link_created");
    expect(ev).toMatchObject({ actor: "api", customerId: customer.id });
    expect(JSON.stringify(ev)).not.toContain(res.body.url.split("/").at(-1));
  });

  it("takes a ttl up to 30 days and a redirect_to page id", async () => {
    const { t, customer } = await world();
    const res = await apiClient(t.apiKey).post(`/customers/${customer.id}/sign_in_link`, { ttl: 30 * DAY, redirect_to: "pay" });
    expect(res.status).toBe(201);
    expect(res.body.expires_at - res.body.created_at).toBe(30 * DAY);
    const portal = new PortalClient(t.origin);
    expect((await portal.post(pathOf(res.body.url), { confirm_device: "yes" })).location).toBe("/pay");
  });

  it("a retry with the same Idempotency-Key mints nothing new and does not show (or store) the URL again", async () => {
    const { t, customer } = await world();
    const api = apiClient(t.apiKey);
    const first = await api.post(`/customers/${customer.id}/sign_in_link`, {}, { "Idempotency-Key": "link-1" });
    const again = await api.post(`/customers/${customer.id}/sign_in_link`, {}, { "Idempotency-Key": "link-1" });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body).toEqual({ ...first.body, url: null });
    const stored = await t.scope.select(idempotencyKeys, eq(idempotencyKeys.key, "link-1")).get();
    expect(stored!.body).not.toContain(first.body.url.split("/").at(-1));
  });
});
