import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { PortalClient } from "../helpers/portal";
import { codeIn, linkIn, mailsTo, pathOf, requestLink, sessionsOf, uniqueEmail, waitForEvent, world } from "./helpers";

describe("emailed sign-in: errors", () => {
  it("a malformed address is a 422 with the input kept and the error tied to the field", async () => {
    const { t } = await world();
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const res = await portal.post("/login", { email: "not an address<" });
    expect(res.status).toBe(422);
    expect(res.html).toContain('value="not an address&lt;"');
    expect(res.html).toContain('aria-describedby="login-email-error"');
    expect(res.html).toContain('id="login-email-error"');
    expect(res.html).toContain('aria-invalid="true"');
  });

  it("an unknown address gets the usual answer and no mail", async () => {
    const { t } = await world();
    const nobody = uniqueEmail("nobody");
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    const res = await portal.post("/login", { email: nobody });
    expect(res.status).toBe(200);
    expect(res.html).toContain("Check your email");
    const [ev] = await waitForEvent(t, "signin.link_requested");
    expect(ev!.data).toEqual({ matched: 0 });
    expect(await mailsTo(nobody)).toHaveLength(0);
  });

  it("the sign-in page shows exactly the one message for a bad link, and keeps the welcome message", async () => {
    const { t } = await world({ welcomeMessage: "Welcome to Acme's billing portal" });
    const page = await new PortalClient(t.origin).get("/login?error=link");
    expect(page.html).toContain("<p>This sign-in link is invalid or has expired</p>");
    expect(page.html).toContain("Welcome to Acme&#39;s billing portal");
    expect(page.html).toContain('role="alert"');
  });

  it("a link of the wrong shape, or unknown, or used, goes to the sign-in page with that message", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    expect((await portal.get("/login/email/short")).location).toBe("/login?error=link");
    expect((await portal.post("/login/email/short")).location).toBe("/login?error=link");
    const { mail } = await requestLink(portal, email);
    const path = pathOf(linkIn(mail));
    expect((await portal.post(path)).location).toBe("/account");
    expect((await portal.post(path)).location).toBe("/login?error=link");
  });

  it("an empty or wrong code is a 422 with the error on the field; nothing is signed in", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const empty = await portal.post("/login/code", { code: "  " });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain("Enter the code from the email");
    const wrong = await portal.post("/login/code", { code: codeIn(mail) === "ZZZZ2222" ? "YYYY3333" : "ZZZZ2222" });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('aria-describedby="signin-code-hint signin-code-error"');
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
  });

  it("a customer disabled after the link was sent signs nobody in", async () => {
    const { t, customer, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    await t.scope.update(customers, { active: false }, eq(customers.id, customer.id));
    expect((await portal.post(pathOf(linkIn(mail)))).location).toBe("/login?error=link");
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
  });

  it("a disabled customer's address gets no mail", async () => {
    const { t, customer, email } = await world();
    await t.scope.update(customers, { active: false }, eq(customers.id, customer.id));
    const portal = new PortalClient(t.origin);
    await portal.get("/login");
    await portal.post("/login", { email });
    await waitForEvent(t, "signin.link_requested");
    expect(await mailsTo(email)).toHaveLength(0);
  });

  it("the picker refuses a customer the address does not reach with a 404", async () => {
    const { t, customer, email } = await world();
    const stranger = await (await import("../helpers/fixtures")).makeCustomer(t.scope);
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, customer.id, { email });
    await portal.get("/switch");
    expect((await portal.post("/switch", { customer: String(stranger.id) })).status).toBe(404);
    expect((await portal.post("/switch", { customer: "abc" })).status).toBe(404);
  });
});
