import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { eventsOf } from "../billing/helpers";
import { PortalClient } from "../helpers/portal";
import { invoicedToken, sessionsOf, world } from "./helpers";

const secret = (key: string) => new TextEncoder().encode(key);
const now = () => Math.floor(Date.now() / 1000);

describe("SSO links: tokens minted as Invoiced's clients mint them", () => {
  it("PHP client (typ JWT, integer sub, iss, 1 hour): signs in and redirect_to=pay lands on /pay", async () => {
    const { t, customer } = await world();
    const token = await invoicedToken(t.ssoKey, customer.id);
    const portal = new PortalClient(t.origin);
    const res = await portal.get(`/login/${token}?redirect_to=pay`);
    expect(res.status).toBe(303);
    expect(res.location).toBe("/pay");
    const [s] = await sessionsOf(t, customer.id);
    expect(s!.method).toBe("sso");
    const [ev] = await eventsOf(t, "signin.succeeded");
    expect(ev!.data).toEqual({ method: "sso" });
  });

  it("Ruby client (header {alg} only, integer sub)", async () => {
    const { t, customer } = await world();
    const n = now();
    const token = await new SignJWT({ sub: customer.id, iat: n, exp: n + 3600, iss: "Invoiced Ruby/2.0" } as never)
      .setProtectedHeader({ alg: "HS256" })
      .sign(secret(t.ssoKey));
    const res = await new PortalClient(t.origin).get(`/login/${token}`);
    expect(res.location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("Java client (numeric string sub)", async () => {
    const { t, customer } = await world();
    const n = now();
    const token = await new SignJWT({ sub: String(customer.id), iat: n, exp: n + 3600, iss: "Invoiced Java" })
      .setProtectedHeader({ alg: "HS256" })
      .sign(secret(t.ssoKey));
    const res = await new PortalClient(t.origin).get(`/login/${token}?redirect_to=invoices`);
    expect(res.location).toBe("/invoices");
  });

  it("the dashboard's token (iat back-dated 5 minutes) and a token without iat both sign in", async () => {
    const { t, customer } = await world();
    const n = now();
    const backDated = await invoicedToken(t.ssoKey, customer.id, n, { iat: n - 300, exp: n + 3300 });
    expect((await new PortalClient(t.origin).get(`/login/${backDated}`)).location).toBe("/account");
    const noIat = await new SignJWT({ sub: customer.id, exp: n + 600 } as never).setProtectedHeader({ alg: "HS256" }).sign(secret(t.ssoKey));
    expect((await new PortalClient(t.origin).get(`/login/${noIat}`)).location).toBe("/account");
  });

  it("aud equal to the tenant's portal origin, and a pinned issuer, are accepted", async () => {
    const { t, customer } = await world({ ssoIssuer: "https://merchant.example" });
    const token = await invoicedToken(t.ssoKey, customer.id, now(), { aud: t.origin, iss: "https://merchant.example" });
    expect((await new PortalClient(t.origin).get(`/login/${token}`)).location).toBe("/account");
  });

  it("every redirect_to page id lands on its page; unknown ids on My Account", async () => {
    const { t, customer } = await world();
    const expected: Record<string, string> = {
      my_account: "/account",
      estimates: "/estimates",
      payments: "/payments",
      open_item_statement: "/statements?type=open_item",
      add_payment_method: "/payment-methods",
      update_billing_info: "/billing",
      subscriptions: "/subscriptions",
      nonsense: "/account",
    };
    for (const [id, path] of Object.entries(expected)) {
      const token = await invoicedToken(t.ssoKey, customer.id, now(), { jti: `jti-${id}` });
      expect((await new PortalClient(t.origin).get(`/login/${token}?redirect_to=${id}`)).location).toBe(path);
    }
  });

  it("S17: the page after SSO says who is signed in", async () => {
    const { t, customer } = await world();
    const portal = new PortalClient(t.origin);
    await portal.get(`/login/${await invoicedToken(t.ssoKey, customer.id)}`);
    const page = await portal.get("/switch");
    expect(page.html).toContain(`Signed in as ${customer.name}`);
  });
});
