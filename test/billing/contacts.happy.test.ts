import { describe, expect, it } from "vitest";
import { listContacts } from "../../src/db/queries/contacts";
import { customerScope } from "../../src/db/scope";
import { makeContact } from "../helpers/fixtures";
import { eventsOf, signedIn } from "./helpers";

describe("contacts: happy paths", () => {
  it("adds a contact and records contact.created with who, IP and browser (its email is a way to sign in)", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const res = await portal.post(
      "/billing/contacts",
      { name: "Grace Hopper", title: "CFO", email: "Grace@Example.com", phone: "+1 212 555 0101", primary: "1" },
      { headers: { "CF-Connecting-IP": "198.51.100.7", "User-Agent": "TestBrowser/2.0" } },
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe("/billing?saved=contact-added");
    const [c] = await listContacts(customerScope(t.scope, cust.id));
    expect(c).toMatchObject({ name: "Grace Hopper", title: "CFO", email: "grace@example.com", phone: "+1 212 555 0101", primary: true });
    const [ev] = await eventsOf(t, "contact.created");
    expect(ev).toMatchObject({ actor: "customer", ip: "198.51.100.7", userAgent: "TestBrowser/2.0", customerId: cust.id, objectId: String(c!.id) });
    expect(ev!.data.fields).toEqual(["name", "title", "email", "phone", "primary"]);
    const page = await portal.get(res.location!);
    expect(page.html).toContain("The contact was added.");
    expect(page.html).toContain("grace@example.com");
    // at 360 px the table becomes one card per contact, each cell labelled
    expect(page.html).toContain('<table class="stack">');
    expect(page.html).toContain('data-label="Email">grace@example.com</td>');
  });

  it("edits a contact; making one primary clears the other", async () => {
    const { t, cust, portal } = await signedIn();
    const a = await makeContact(t.scope, cust.id, { name: "A", primary: true });
    const b = await makeContact(t.scope, cust.id, { name: "B" });
    const form = await portal.get(`/billing/contacts/${b.id}`);
    expect(form.status).toBe(200);
    const res = await portal.post(`/billing/contacts/${b.id}`, { name: "B2", title: "", email: b.email!, phone: "", primary: "1" });
    expect(res.status).toBe(303);
    const rows = await listContacts(customerScope(t.scope, cust.id));
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ name: "B2", primary: true });
    expect(rows.find((r) => r.id === a.id)!.primary).toBe(false);
    expect((await eventsOf(t, "contact.updated"))[0]!.data.fields).toEqual(["name", "primary"]);
  });

  it("removes a contact and records contact.deleted", async () => {
    const { t, cust, portal } = await signedIn();
    const a = await makeContact(t.scope, cust.id);
    await portal.get("/billing");
    const res = await portal.post(`/billing/contacts/${a.id}/delete`);
    expect(res.location).toBe("/billing?saved=contact-removed");
    expect(await listContacts(customerScope(t.scope, cust.id))).toEqual([]);
    expect(await eventsOf(t, "contact.deleted")).toHaveLength(1);
  });
});
