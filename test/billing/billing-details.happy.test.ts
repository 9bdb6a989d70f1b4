import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../src/db/schema";
import { customerRow, eventsOf, signedIn, usAddress } from "./helpers";

describe("billing details: happy paths", () => {
  it("shows the customer's details in the form", async () => {
    const { portal, cust } = await signedIn({}, { city: "Lisbon", country: "PT" });
    const res = await portal.get("/billing");
    expect(res.status).toBe(200);
    expect(res.html).toContain(`value="${cust.name}"`);
    expect(res.html).toContain('value="Lisbon"');
    expect(res.html).toMatch(/<option value="PT" selected="">Portugal<\/option>/);
  });

  it("updates the billing address and records customer.updated with the changed field names and the customer as the API shows it", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: cust.email! }));
    expect(res.status).toBe(303);
    expect(res.location).toBe("/billing?saved=details");
    const row = await customerRow(t, cust.id);
    expect(row).toMatchObject({ address1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US", phone: "+1 415 555 0100" });
    const [ev] = await eventsOf(t, "customer.updated");
    expect(ev!.data.fields).toEqual(expect.arrayContaining(["address1", "city", "state", "postal_code", "country", "phone"]));
    expect(ev!.data.fields).not.toContain("name");
    // issue 14: the event carries the customer as the merchant's API returns it (its webhooks deliver
    // it), and the old values of what changed; the customer's IP and browser stay in the audit columns
    expect(ev!.data.object).toMatchObject({ id: cust.id, object: "customer", address1: "1 Market St", city: "San Francisco", country: "US" });
    expect(ev!.data.previous).toMatchObject({ address1: cust.address1, city: cust.city });
    expect(Object.keys(ev!.data.previous as object)).not.toContain("name");
    const page = await portal.get(res.location!);
    expect(page.html).toContain("Your billing details were saved.");
  });

  it("normalises codes: lower-case state and country are stored upper-case", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    await portal.post("/billing", usAddress({ name: cust.name, email: cust.email!, country: "ca", state: "on", postal_code: "k1a 0b1", city: "Ottawa" }));
    const row = await customerRow(t, cust.id);
    expect(row).toMatchObject({ country: "CA", state: "ON", postalCode: "K1A 0B1" });
  });

  it("a country without postal codes stores none", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const res = await portal.post(
      "/billing",
      usAddress({ name: cust.name, email: cust.email!, country: "HK", state: "", postal_code: "999077", city: "Hong Kong" }),
    );
    expect(res.status).toBe(303);
    expect((await customerRow(t, cust.id)).postalCode).toBeNull();
  });

  it("S22: changing the billing email with a fresh sign-in ends the customer's other sessions, not this one", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    const other = await new (await import("../helpers/portal")).PortalClient(t.origin).signInAs(t.scope, t.tenant, cust.id);
    await portal.get("/billing");
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: "new-billing@example.com" }));
    expect(res.status).toBe(303);
    expect((await customerRow(t, cust.id)).email).toBe("new-billing@example.com");
    const mine = await t.scope.select(sessions, eq(sessions.id, sessionId)).get();
    const theirs = await t.scope.select(sessions, eq(sessions.id, other.sessionId)).get();
    expect(mine!.revokedAt).toBeNull();
    expect(theirs!.revokedAt).not.toBeNull();
    expect((await portal.get("/billing")).status).toBe(200);
    const [ev] = await eventsOf(t, "customer.updated");
    expect(ev!.data.fields).toContain("email");
  });

  it("the country select re-draws the region fields for the chosen country", async () => {
    const { portal } = await signedIn();
    const au = await portal.get("/billing?country=AU&state=&postal_code=");
    expect(au.html).toContain("State or territory");
    const hk = await portal.get("/billing?country=HK&state=&postal_code=");
    expect(hk.html).not.toContain('id="billing-postal_code"');
  });
});
