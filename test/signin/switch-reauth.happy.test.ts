import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../src/db/schema";
import { eventsOf } from "../billing/helpers";
import { makeContact, makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { codeIn, linkIn, pathOf, requestLink, sessionCookieOf, sessionsOf, signInByLink, waitForMail, world } from "./helpers";

describe("customer picker and switching", () => {
  it("an address shared by several customers signs in, shows the picker, and switches under a new session id", async () => {
    const { t, customer, email } = await world();
    const second = await makeCustomer(t.scope, { name: "Second Ltd", email: email.toUpperCase() });
    const third = await makeCustomer(t.scope, { name: "Third GmbH" });
    await makeContact(t.scope, third.id, { email });
    const portal = new PortalClient(t.origin);
    await portal.get("/login?next=%2Finvoices");
    const { mail } = await requestLink(portal, email, { next: "/invoices" });
    const res = await portal.post(pathOf(linkIn(mail)));
    expect(res.location).toBe("/switch?next=%2Finvoices");
    const picker = await portal.get(res.location!);
    expect(picker.html).toContain("Choose an account");
    for (const c of [customer, second, third]) expect(picker.html).toContain(`Account ${c.number}`);
    const before = sessionCookieOf(portal);
    const switched = await portal.post("/switch", { customer: String(third.id), next: "/invoices" });
    expect(switched.status).toBe(303);
    expect(switched.location).toBe("/invoices");
    expect(sessionCookieOf(portal)).not.toBe(before);
    const [row] = await sessionsOf(t, third.id);
    const [old] = await sessionsOf(t, customer.id);
    expect(row!.email).toBe(email);
    expect(row!.authAt).toBe(old!.authAt); // switching proves nothing new
    expect(row!.expiresAt).toBeLessThanOrEqual(old!.expiresAt);
    expect(old!.revokedAt).not.toBeNull();
    expect((await portal.get("/switch")).html).toContain("Signed in as Third GmbH");
    const [ev] = await eventsOf(t, "signin.switched");
    expect(ev).toMatchObject({ customerId: third.id, data: { from: customer.id } });
  });

  it("a single customer goes straight to its landing page and the picker says there is nothing to switch to", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    expect((await signInByLink(portal, email)).location).toBe("/account");
    expect((await portal.get("/switch")).html).toContain("Your sign-in gives access to this account only");
  });
});

describe("S23: confirm it's you", () => {
  it("mails a fresh link and code to the signed-in address; the code gives a new session with a fresh auth time and returns to next", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const now = Math.floor(Date.now() / 1000);
    const { sessionId } = await portal.signInAs(t.scope, t.tenant, customer.id, { email });
    await t.scope.update(sessions, { authAt: now - 3600 }, eq(sessions.id, sessionId));
    await portal.get("/switch");
    const sent = await portal.post("/login/reauth", { next: "/billing" });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain("a***@example.com");
    const mail = await waitForMail(email);
    expect(mail.subject).toContain("Confirm it's you");
    const done = await portal.post("/login/code", { code: codeIn(mail), purpose: "reauth" });
    expect(done.location).toBe("/billing");
    const rows = await sessionsOf(t, customer.id);
    const fresh = rows.find((r) => r.revokedAt === null)!;
    expect(fresh.id).not.toBe(sessionId);
    expect(fresh.authAt).toBeGreaterThanOrEqual(now);
    expect(rows.find((r) => r.id === sessionId)!.revokedAt).not.toBeNull();
    expect((await eventsOf(t, "signin.reauth_requested"))[0]!.customerId).toBe(customer.id);
  });

  it("the emailed confirm link works too, in the same browser", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, customer.id, { email });
    await portal.get("/switch");
    await portal.post("/login/reauth", { next: "/payment-methods" });
    const mail = await waitForMail(email);
    const page = await portal.get(pathOf(linkIn(mail)));
    expect(page.html).toContain("Confirm it&#39;s you");
    expect((await portal.post(pathOf(linkIn(mail)))).location).toBe("/payment-methods");
  });

  it("a customer without any address is told whom to contact, and nothing is sent", async () => {
    const { t } = await world();
    const bare = await makeCustomer(t.scope, { email: null });
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, bare.id);
    await portal.get("/switch");
    const res = await portal.post("/login/reauth", { next: "/account" });
    expect(res.status).toBe(422);
    expect(res.html).toContain("no email address on your account");
  });
});
