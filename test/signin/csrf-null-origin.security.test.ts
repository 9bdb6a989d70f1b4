import { describe, expect, it } from "vitest";
import { PortalClient } from "../helpers/portal";
import { linkIn, pathOf, requestLink, sessionsOf, world } from "./helpers";

/**
 * The link page sends `Referrer-Policy: no-referrer` (S10), so Chromium posts its
 * Sign in form with `Origin: null` (found by the issue 3 browser test; the accepted
 * same-origin case is in csrf-redirects.security.test.ts). A sibling tenant's
 * no-referrer page sends the same `null` with `Sec-Fetch-Site: same-site`: refused.
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
