import { describe, expect, it } from "vitest";
import { makeEstimate, makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { linkIn, pathOf, requestLink, world } from "./helpers";

describe("document links (issue 3 item 5), with estimates", () => {
  it("require_authentication on (the default): the link leads to sign-in, then back to that estimate", async () => {
    const { t, customer, email } = await world();
    const estimate = await makeEstimate(t.scope, customer.id);
    const portal = new PortalClient(t.origin);
    const res = await portal.get(`/estimates/${estimate.publicId}`);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/login?next=${encodeURIComponent(`/estimates/${estimate.publicId}`)}`);
    expect(res.html).not.toContain(estimate.number);
    const login = await portal.get(res.location!);
    expect(login.html).toContain(`name="next" value="/estimates/${estimate.publicId}"`);
    const { mail } = await requestLink(portal, email, { next: `/estimates/${estimate.publicId}` });
    const done = await portal.post(pathOf(linkIn(mail)));
    expect(done.location).toBe(`/estimates/${estimate.publicId}`);
    const page = await portal.get(done.location!);
    expect(page.status).toBe(200);
    expect(page.html).toContain(estimate.number);
  });

  it("require_authentication off: the link opens that one estimate and nothing else of the account", async () => {
    const { t, customer } = await world({ requireAuthentication: false });
    const estimate = await makeEstimate(t.scope, customer.id);
    const other = await makeEstimate(t.scope, customer.id);
    const invoice = await makeInvoice(t.scope, customer.id);
    const visitor = new PortalClient(t.origin);
    const page = await visitor.get(`/estimates/${estimate.publicId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(estimate.number);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(page.html).not.toContain('aria-label="Main"'); // no account navigation
    expect(page.html).not.toContain("Signed in as");
    expect(page.headers.getSetCookie().join()).not.toContain("bp_session");
    expect((await visitor.get(`/estimates/${estimate.publicId}/pdf`)).status).toBe(200);
    expect(page.html).not.toContain(other.number);
    // nothing else of the account: not the list, the account, the picker, or an action
    // (another document opens only with its own random link, which this visitor does not have)
    for (const path of ["/estimates", "/account", "/payments", "/billing", "/switch", `/estimates?x=${invoice.publicId}`]) {
      const res = await visitor.get(path);
      expect([303, 404], path).toContain(res.status);
      expect(res.html).not.toContain(other.number);
    }
    const approve = await visitor.post(`/estimates/${estimate.publicId}/approve`, { initials: "AL", agree: "yes" });
    expect(approve.status).toBe(303);
    expect(approve.location).toMatch(/^\/login/);
  });

  it("require_authentication off: a random or foreign id is a plain 404", async () => {
    const { t } = await world({ requireAuthentication: false });
    const elsewhere = await world({ requireAuthentication: false });
    const foreign = await makeEstimate(elsewhere.t.scope, elsewhere.customer.id);
    const visitor = new PortalClient(t.origin);
    expect((await visitor.get(`/estimates/${foreign.publicId}`)).status).toBe(404);
    expect((await visitor.get("/estimates/AAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
  });
});
