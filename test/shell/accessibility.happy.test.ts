import { describe, expect, it } from "vitest";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

describe("accessibility statement", () => {
  it("is public, names the WCAG 2.2 AA target and how to report a problem", async () => {
    const t = await makeTenant();
    const res = await new PortalClient(t.origin).get("/accessibility");
    expect(res.status).toBe(200);
    expect(res.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.html).toContain("WCAG) 2.2");
    expect(res.html).toContain("level AA");
    expect(res.html).toContain("Report a problem");
    expect(res.html).toContain(t.tenant.name);
  });

  it("every page of the shell links to it from the footer and has a skip link to main", async () => {
    const t = await makeTenant();
    const res = await new PortalClient(t.origin).get("/accessibility");
    expect(res.html).toContain('<a href="/accessibility">Accessibility statement</a>');
    expect(res.html).toContain('<a class="skip-link" href="#main">');
    expect(res.html).toContain('<main id="main" tabindex="-1">');
  });

  it("shows the navigation and who is signed in only to a signed-in customer", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope, { name: "Grace Hopper" });
    const out = await new PortalClient(t.origin).get("/accessibility");
    expect(out.html).not.toContain('aria-label="Main"');
    const client = new PortalClient(t.origin);
    await client.signInAs(t.scope, t.tenant, c.id);
    const signedIn = await client.get("/accessibility");
    expect(signedIn.html).toContain('aria-label="Main"');
    expect(signedIn.html).toContain("Signed in as Grace Hopper");
    expect(signedIn.html).not.toContain('aria-current="page"'); // not one of the nav's pages
  });

  it("shows the test-mode banner only while the tenant uses the offline test gateway (S41)", async () => {
    const test = await makeTenant({ paymentGateway: "test" });
    const live = await makeTenant({ paymentGateway: "stripe" });
    expect((await new PortalClient(test.origin).get("/accessibility")).html).toContain("Test mode:");
    expect((await new PortalClient(live.origin).get("/accessibility")).html).not.toContain("Test mode:");
  });
});
