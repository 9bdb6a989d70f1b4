import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, sessions } from "../../src/db/schema";
import { eventsOf } from "../billing/helpers";
import { makeCustomer, makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { sessionsOf } from "./helpers";

// Issue 17.6 and S31: a parent customer may act as its direct sub-customers (same
// tenant), checked by the server on every request; nothing reaches upwards or sideways.

async function family() {
  const t = await makeTenant();
  const parent = await makeCustomer(t.scope, { name: "Parent Holdings" });
  const subA = await makeCustomer(t.scope, { name: "Branch North", parentCustomer: parent.id });
  const subB = await makeCustomer(t.scope, { name: "Branch South", parentCustomer: parent.id });
  const grandchild = await makeCustomer(t.scope, { name: "Kiosk Ltd", parentCustomer: subA.id });
  const stranger = await makeCustomer(t.scope, { name: "Unrelated Inc" });
  return { t, parent, subA, subB, grandchild, stranger };
}

/** An SSO-like session: no verified address, so only sub-customers can be switched to. */
async function signedIn(t: Awaited<ReturnType<typeof makeTenant>>, customerId: number) {
  const portal = new PortalClient(t.origin);
  await portal.signInAs(t.scope, t.tenant, customerId, { method: "sso" });
  return portal;
}

describe("parent and sub-customers", () => {
  it("a parent sees its direct sub-customers, switches to one under a new session and back again", async () => {
    const { t, parent, subA, subB, grandchild, stranger } = await family();
    const inv = await makeInvoice(t.scope, subA.id, {}, [{ unitCost: 4_321_00 }]);
    const portal = await signedIn(t, parent.id);
    expect((await portal.get("/account")).html).toContain('href="/switch"');
    const picker = await portal.get("/switch");
    for (const c of [subA, subB]) expect(picker.html).toContain(`Continue as ${c.name}`);
    for (const c of [grandchild, stranger]) expect(picker.html).not.toContain(c.name);

    const switched = await portal.post("/switch", { customer: String(subA.id), next: "/invoices" });
    expect(switched.location).toBe("/invoices");
    const [row] = await sessionsOf(t, subA.id);
    expect(row!.parentCustomerId).toBe(parent.id);
    expect((await portal.get("/invoices")).html).toContain(inv.number);
    expect((await eventsOf(t, "signin.switched"))[0]).toMatchObject({ customerId: subA.id, data: { from: parent.id, as_sub_customer_of: parent.id } });

    // acting as Branch North: the parent and its other branch, not the branch's own sub-customer
    const fromSub = await portal.get("/switch");
    expect(fromSub.html).toContain("Continue as Parent Holdings");
    expect(fromSub.html).toContain("Continue as Branch South");
    expect(fromSub.html).not.toContain("Kiosk Ltd");
    expect((await portal.post("/switch", { customer: String(grandchild.id), next: "/account" })).status).toBe(404);

    expect((await portal.post("/switch", { customer: String(parent.id), next: "/account" })).location).toBe("/account");
    const back = (await sessionsOf(t, parent.id)).find((s) => s.revokedAt === null)!;
    expect(back.parentCustomerId).toBeNull();
    expect((await portal.get("/account")).html).toContain("Parent Holdings");
  });

  it("a sub-customer signed in itself cannot switch up to its parent or sideways", async () => {
    const { t, parent, subA, subB } = await family();
    const portal = await signedIn(t, subB.id);
    const picker = await portal.get("/switch");
    expect(picker.html).not.toContain("Parent Holdings");
    expect(picker.html).toContain("Your sign-in gives access to this account only");
    for (const target of [parent, subA]) {
      expect((await portal.post("/switch", { customer: String(target.id), next: "/account" })).status).toBe(404);
    }
    // no sub-customers, no address: nothing to switch to, so no link
    expect((await portal.get("/account")).html).not.toContain('href="/switch"');
  });

  it("another tenant's customer naming our parent's id as its parent is not reachable", async () => {
    const { t, parent } = await family();
    const other = await makeTenant();
    const forged = await makeCustomer(other.scope, { name: "Foreign Branch", parentCustomer: parent.id });
    const portal = await signedIn(t, parent.id);
    expect((await portal.get("/switch")).html).not.toContain("Foreign Branch");
    expect((await portal.post("/switch", { customer: String(forged.id), next: "/account" })).status).toBe(404);
  });

  it("the server re-checks the link on every request: a sub-customer moved to another parent ends the session", async () => {
    const { t, parent, subA, stranger } = await family();
    const portal = await signedIn(t, parent.id);
    await portal.post("/switch", { customer: String(subA.id), next: "/account" });
    expect((await portal.get("/account")).status).toBe(200);
    await t.scope.update(customers, { parentCustomer: stranger.id }, eq(customers.id, subA.id));
    const after = await portal.get("/account");
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/login/);
  });

  it("signing the parent out everywhere also ends the sessions it opened as its sub-customers (S22)", async () => {
    const { t, parent, subA } = await family();
    const portal = await signedIn(t, parent.id);
    await portal.post("/switch", { customer: String(subA.id), next: "/account" });
    const other = await signedIn(t, parent.id);
    await other.get("/account");
    await other.post("/logout/everywhere");
    const live = await t.scope.select(sessions, and(eq(sessions.customerId, subA.id), isNull(sessions.revokedAt))).all();
    expect(live).toEqual([]);
    expect((await portal.get("/account")).status).toBe(303);
  });

  it("an address session shows Switch account only when the address reaches another active customer", async () => {
    const t = await makeTenant();
    const email = `shared-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const alone = await makeCustomer(t.scope, { email });
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, alone.id, { email });
    expect((await portal.get("/account")).html).not.toContain('href="/switch"');
    const other = await makeCustomer(t.scope, { email: email.toUpperCase(), active: false });
    expect((await portal.get("/account")).html).not.toContain('href="/switch"');
    await t.scope.update(customers, { active: true }, eq(customers.id, other.id));
    expect((await portal.get("/account")).html).toContain('href="/switch"');
  });
});
