import { describe, expect, it } from "vitest";
import { eventsOf } from "../billing/helpers";
import { PortalClient } from "../helpers/portal";
import { codeIn, linkIn, pathOf, requestLink, sessionsOf, signInByLink, world } from "./helpers";

describe("emailed sign-in: happy paths", () => {
  it("request a link, open it, press Sign in, land on /account", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { res, mail } = await requestLink(portal, email);
    expect(res.html).toContain("Check your email");
    expect(mail.subject).toBe(`Sign in to ${t.tenant.name}`);
    const link = linkIn(mail);
    expect(link.startsWith(`${t.origin}/login/email/`)).toBe(true);
    const page = await portal.get(pathOf(link));
    expect(page.status).toBe(200);
    expect(page.html).toContain(t.tenant.name);
    expect(page.html).toContain("a***@example.com");
    const done = await portal.post(pathOf(link));
    expect(done.status).toBe(303);
    expect(done.location).toBe("/account");
    const rows = await sessionsOf(t, customer.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.method).toBe("email_link");
    const [ev] = await eventsOf(t, "signin.succeeded");
    expect(ev!.customerId).toBe(customer.id);
  });

  it("the typed code signs in, in the browser that asked", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const res = await portal.post("/login/code", { code: codeIn(mail).toLowerCase() });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/account");
    expect((await sessionsOf(t, customer.id))[0]!.method).toBe("email_code");
  });

  it("S43: the sign-in, a failure and the sign-out are recorded with IP and browser", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const who = { headers: { "CF-Connecting-IP": "203.0.113.5", "User-Agent": "TestBrowser/1.0" } };
    await portal.post("/login/code", { code: "ZZZZ2222" }, who);
    await portal.post(pathOf(linkIn(mail)), {}, who);
    await portal.post("/logout", {}, who);
    for (const type of ["signin.failed", "signin.succeeded", "signin.signed_out"]) {
      const [ev] = await eventsOf(t, type);
      expect(ev, type).toMatchObject({ ip: "203.0.113.5", userAgent: "TestBrowser/1.0", actor: "customer" });
    }
    expect((await eventsOf(t, "signin.signed_out"))[0]!.customerId).toBe(customer.id);
  });

  it("a contact's address signs in its customer", async () => {
    const { t, customer } = await world();
    const { makeContact } = await import("../helpers/fixtures");
    const contact = await makeContact(t.scope, customer.id);
    const portal = new PortalClient(t.origin);
    const res = await signInByLink(portal, contact.email!.toUpperCase().toLowerCase());
    expect(res.location).toBe("/account");
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);
  });
});
