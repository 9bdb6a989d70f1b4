import { describe, expect, it } from "vitest";
import { PortalClient } from "../helpers/portal";
import { linkIn, pathOf, requestLink, sessionsOf, world } from "./helpers";

/**
 * Regression (found by the browser test of issue 3): the link page sends
 * `Referrer-Policy: no-referrer` (S10), so Chromium posts its Sign in form with
 * `Origin: null` and `Sec-Fetch-Site: same-origin`. S26 must accept that post
 * on the strength of Sec-Fetch-Site, and still refuse a "null" origin from anywhere else.
 */
describe("S26 with Origin: null (a no-referrer page's own form post)", () => {
  async function linkPage() {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    expect((await portal.get(path)).status).toBe(200);
    return { t, customer, portal, path };
  }

  it("signs in when the browser also says Sec-Fetch-Site: same-origin (S6, S26)", async () => {
    const { t, customer, portal, path } = await linkPage();
    const res = await portal.post(path, {}, { headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" } });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });

  it("refuses Origin: null from another site, a sibling tenant or with no Sec-Fetch-Site, and uses nothing (S26)", async () => {
    const { t, customer, portal, path } = await linkPage();
    for (const site of ["cross-site", "same-site", "none", undefined]) {
      const headers: Record<string, string> = { Origin: "null" };
      if (site) headers["Sec-Fetch-Site"] = site;
      const res = await portal.post(path, {}, { headers });
      expect(res.status, String(site)).toBe(403);
    }
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
    // the link is still unused
    expect((await portal.post(path)).location).toBe("/account");
  });
});
