import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("host routing", () => {
  it("answers an unknown host with the 404 page", async () => {
    const res = await exports.default.fetch("http://localhost:8787/");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });
});

import { makeCustomer } from "./helpers/fixtures";
import { PortalClient } from "./helpers/portal";
import { makeTenant } from "./helpers/tenants";

describe("portal shell", () => {
  it("redirects / to /login when signed out", async () => {
    const t = await makeTenant();
    const portal = new PortalClient(t.origin);
    const res = await portal.get("/");
    expect(res.status).toBe(303);
    expect(res.location).toBe("/login");
  });

  it("redirects / to /account when signed in", async () => {
    const t = await makeTenant();
    const customer = await makeCustomer(t.scope);
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, customer.id);
    const res = await portal.get("/");
    expect(res.location).toBe("/account");
  });

  it("sends S28 headers", async () => {
    const t = await makeTenant();
    const res = await new PortalClient(t.origin).get("/");
    expect(res.headers.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });
});
