import { describe, expect, it } from "vitest";
import { PortalClient } from "../helpers/portal";
import { linkIn, pathOf, requestLink, world } from "./helpers";

// S10 + S26. The emailed link's page sends `Referrer-Policy: no-referrer`, so a real
// browser posts its Sign in button with `Origin: null` (Fetch spec; seen in chromium
// by test/browser/estimates.browser.mjs). That post must work when the browser says
// `Sec-Fetch-Site: same-origin`, and `Origin: null` must open no door otherwise.
describe("S26: a form posted with Origin: null", () => {
  it("signs in from the emailed link page when the browser says same-origin", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    const page = await portal.get(path);
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    const res = await portal.post(path, {}, { headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" } });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/account");
    expect(res.headers.getSetCookie().join()).toContain("bp_session");
  });

  it("is refused from another site, a sibling tenant, or without Sec-Fetch-Site", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    await portal.get(path);
    const shapes: Record<string, string>[] = [
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
      { Origin: "null", "Sec-Fetch-Site": "same-site" },
      { Origin: "null" },
    ];
    for (const headers of shapes) {
      const res = await portal.post(path, {}, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.getSetCookie().join()).not.toContain("bp_session");
    }
    // the link is still unused: the genuine press works
    expect((await portal.post(path, {}, { headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" } })).location).toBe("/account");
  });
});
