import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listContacts } from "../../src/db/queries/contacts";
import { sessions } from "../../src/db/schema";
import { customerScope } from "../../src/db/scope";
import { makeContact } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { ageSignIn, customerRow, eventsOf, signedIn, usAddress } from "./helpers";

const MIN = 60;
const CONFIRM = /<h1>Confirm it(&#39;|')s you<\/h1>/;

async function sessionRow(t: Awaited<ReturnType<typeof makeTenant>>, id: string) {
  return (await t.scope.select(sessions, eq(sessions.id, id)).get())!;
}

describe("S23: changing the billing email needs a recent sign-in", () => {
  it("with a sign-in 16 minutes old, the change shows 'Confirm it's you', changes nothing and ends no session", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    const other = await new PortalClient(t.origin).signInAs(t.scope, t.tenant, cust.id);
    await portal.get("/billing");
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: "new@example.com" }));
    expect(res.status).toBe(200);
    expect(res.html).toMatch(CONFIRM);
    expect(res.html).toContain('action="/login/reauth"');
    expect((await customerRow(t, cust.id)).email).toBe(cust.email);
    expect((await sessionRow(t, other.sessionId)).revokedAt).toBeNull();
    expect(await eventsOf(t)).toEqual([]);
  });

  it("other fields change without a fresh sign-in (only the email is sensitive)", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    await portal.get("/billing");
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: cust.email! }));
    expect(res.status).toBe(303);
    expect((await customerRow(t, cust.id)).city).toBe("San Francisco");
  });

  it("S22: with a fresh sign-in the email changes and every other session of the customer ends", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    const phone = new PortalClient(t.origin);
    const other = await phone.signInAs(t.scope, t.tenant, cust.id);
    await portal.get("/billing");
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: "fresh@example.com" }));
    expect(res.status).toBe(303);
    expect((await sessionRow(t, other.sessionId)).revokedAt).not.toBeNull();
    expect((await sessionRow(t, sessionId)).revokedAt).toBeNull();
    // the other browser is signed out at once
    expect((await phone.get("/billing")).status).toBe(303);
  });

  it("adding a contact with an email (a new way to sign in) with an old sign-in asks first and adds nothing", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    await portal.get("/billing");
    await ageSignIn(t, sessionId, 16 * MIN);
    const res = await portal.post("/billing/contacts", { name: "Eve", title: "", email: "eve@example.com", phone: "" });
    expect(res.html).toMatch(CONFIRM);
    expect(await listContacts(customerScope(t.scope, cust.id))).toEqual([]);
    expect(await eventsOf(t, "contact.created")).toEqual([]);
  });
});

describe("S22: a contact address that stops being one ends the sessions it opened", () => {
  it("removing a contact signs out the sessions that signed in with its email, not this one", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    const contact = await makeContact(t.scope, cust.id, { email: "leaver@example.com" });
    const leaver = new PortalClient(t.origin);
    const theirs = await leaver.signInAs(t.scope, t.tenant, cust.id, { email: "Leaver@example.com" });
    const bystander = await new PortalClient(t.origin).signInAs(t.scope, t.tenant, cust.id, { email: cust.email });
    await portal.get("/billing");
    expect((await portal.post(`/billing/contacts/${contact.id}/delete`)).status).toBe(303);
    expect((await sessionRow(t, theirs.sessionId)).revokedAt).not.toBeNull();
    expect((await sessionRow(t, bystander.sessionId)).revokedAt).toBeNull();
    expect((await sessionRow(t, sessionId)).revokedAt).toBeNull();
    expect((await leaver.get("/billing")).status).toBe(303);
  });

  it("changing a contact's email ends the sessions of the old address", async () => {
    const { t, cust, portal } = await signedIn();
    const contact = await makeContact(t.scope, cust.id, { email: "old@example.com" });
    const theirs = await new PortalClient(t.origin).signInAs(t.scope, t.tenant, cust.id, { email: "old@example.com" });
    await portal.get("/billing");
    await portal.post(`/billing/contacts/${contact.id}`, { name: contact.name, title: "", email: "new@example.com", phone: "" });
    expect((await sessionRow(t, theirs.sessionId)).revokedAt).not.toBeNull();
  });
});

describe("S26: CSRF on every billing change", () => {
  it("posts without the token, from another site or a sibling tenant, or as text/plain are refused and change nothing", async () => {
    const { t, cust, portal } = await signedIn();
    const contact = await makeContact(t.scope, cust.id, { name: "Stays" });
    const sibling = await makeTenant();
    await portal.get("/billing");
    const routes: [string, Record<string, string>][] = [
      ["/billing", usAddress({ name: "Mallory", email: cust.email! })],
      ["/billing/contacts", { name: "Mallory", title: "", email: "", phone: "" }],
      [`/billing/contacts/${contact.id}`, { name: "Mallory", title: "", email: "", phone: "" }],
      [`/billing/contacts/${contact.id}/delete`, {}],
    ];
    for (const [path, fields] of routes) {
      const noToken = await portal.fetch(path, {
        method: "POST",
        headers: { Origin: t.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
      expect(noToken.status, `${path} without token`).toBe(403);
      for (const origin of ["https://evil.example", sibling.origin]) {
        expect((await portal.post(path, fields, { headers: { Origin: origin } })).status, `${path} from ${origin}`).toBe(403);
      }
      const plain = await portal.fetch(path, { method: "POST", headers: { Origin: t.origin, "Content-Type": "text/plain" }, body: "name=Mallory" });
      expect(plain.status, `${path} text/plain`).toBe(403);
    }
    expect((await customerRow(t, cust.id)).name).toBe(cust.name);
    expect((await listContacts(customerScope(t.scope, cust.id))).map((c) => c.name)).toEqual(["Stays"]);
    expect(await eventsOf(t)).toEqual([]);
  });
});
