import { describe, expect, it } from "vitest";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { isSignedIn, sessionsOf, waitForEvent } from "../signin/helpers";

// Issue 12.6 / S22: from My Account a customer ends every one of their sessions
// (every device, this browser too), immediately, in D1.

describe("sign out everywhere", () => {
  it("ends the customer's sessions on every device and leaves other customers signed in", async () => {
    const t = await makeTenant();
    const me = await makeCustomer(t.scope);
    const other = await makeCustomer(t.scope);
    const [laptop, phone, theirs] = [new PortalClient(t.origin), new PortalClient(t.origin), new PortalClient(t.origin)];
    await laptop.signInAs(t.scope, t.tenant, me.id, { email: me.email });
    await phone.signInAs(t.scope, t.tenant, me.id, { email: me.email });
    await theirs.signInAs(t.scope, t.tenant, other.id, { email: other.email });

    const account = await laptop.get("/account");
    expect(account.html).toMatch(/<form method="post" action="\/logout\/everywhere">/);
    expect(account.html).toContain("Sign out everywhere");

    const res = await laptop.post("/logout/everywhere", {});
    expect(res.status).toBe(303);
    expect(res.location).toBe("/login?signed_out=1");
    expect(res.headers.get("Set-Cookie")).toMatch(/__Host-bp_session=;/);

    expect(await isSignedIn(laptop)).toBe(false);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(theirs)).toBe(true);
    expect((await sessionsOf(t, me.id)).every((s) => s.revokedAt !== null)).toBe(true);
    expect(await waitForEvent(t, "signin.signed_out_everywhere")).toHaveLength(1);
  });

  it("signed out, it is the sign-in page and ends nothing", async () => {
    const t = await makeTenant();
    const me = await makeCustomer(t.scope);
    const phone = new PortalClient(t.origin);
    await phone.signInAs(t.scope, t.tenant, me.id, { email: me.email });
    const stranger = new PortalClient(t.origin);
    await stranger.get("/login");
    const res = await stranger.post("/logout/everywhere", {});
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(await isSignedIn(phone)).toBe(true);
  });
});
