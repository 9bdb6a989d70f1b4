import { describe, expect, it } from "vitest";
import { listContacts } from "../../src/db/queries/contacts";
import { customerScope } from "../../src/db/scope";
import { makeContact } from "../helpers/fixtures";
import { multipart } from "../helpers/multipart";
import { customerRow, eventsOf, signedIn, unescapeHtml, usAddress } from "./helpers";

const inputValue = (html: string, id: string) => unescapeHtml(new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? "");

describe("billing details: settings are enforced by the server", () => {
  it("with allow_billing_portal_profile_changes off, the page is read-only and a hand-made POST is refused (403), nothing changes", async () => {
    const { t, cust, portal } = await signedIn({ allowBillingPortalProfileChanges: false });
    const page = await portal.get("/billing");
    expect(page.html).not.toContain('action="/billing"');
    expect(page.html).toContain("To change these details, please get in touch with");
    const res = await portal.post("/billing", usAddress({ name: "Mallory", email: "mallory@example.com" }));
    expect(res.status).toBe(403);
    expect(res.html).toContain("Nothing was changed.");
    const row = await customerRow(t, cust.id);
    expect(row).toMatchObject({ name: cust.name, email: cust.email, city: null });
    expect(await eventsOf(t)).toEqual([]);
  });

  it("with allow_editing_contacts off, adding, editing and removing contacts by hand-made POSTs are refused (403)", async () => {
    const { t, cust, portal } = await signedIn({ allowEditingContacts: false });
    const existing = await makeContact(t.scope, cust.id, { name: "Keep Me" });
    const page = await portal.get("/billing");
    expect(page.html).not.toContain('action="/billing/contacts"');
    expect(page.html).not.toContain(`/billing/contacts/${existing.id}/delete`);
    const add = await portal.post("/billing/contacts", { name: "New One", title: "", email: "", phone: "" });
    const edit = await portal.post(`/billing/contacts/${existing.id}`, { name: "Changed", title: "", email: "", phone: "" });
    const del = await portal.post(`/billing/contacts/${existing.id}/delete`);
    const editPage = await portal.get(`/billing/contacts/${existing.id}`);
    expect([add.status, edit.status, del.status, editPage.status]).toEqual([403, 403, 403, 403]);
    const rows = await listContacts(customerScope(t.scope, cust.id));
    expect(rows.map((r) => r.name)).toEqual(["Keep Me"]);
    expect(await eventsOf(t)).toEqual([]);
  });
});

describe("billing details: invalid input gets a clear message and keeps what was typed (422)", () => {
  it("a bad email", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const res = await portal.post("/billing", usAddress({ name: "Ada Typed", email: "ada@@example", city: "Typed City" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("Enter a valid email address, like name@example.com.");
    expect(inputValue(res.html, "billing-email")).toBe("ada@@example");
    expect(inputValue(res.html, "billing-name")).toBe("Ada Typed");
    expect(inputValue(res.html, "billing-city")).toBe("Typed City");
    expect(res.html).toMatch(/id="billing-email"[^>]*aria-describedby="[^"]*billing-email-error/);
    // "Error: " comes once, from the stylesheet (a second, hidden copy made screen readers say it twice)
    expect(res.html).not.toContain('<span class="visually-hidden">Error: </span>');
    expect((await customerRow(t, cust.id)).email).toBe(cust.email);
  });

  it("an unknown country", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: cust.email!, country: "ZZ", city: "Nowhere" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("Choose a country from the list.");
    expect(inputValue(res.html, "billing-city")).toBe("Nowhere");
    expect((await customerRow(t, cust.id)).country).toBeNull();
  });

  it("a 10 kB name (and a 10 kB city): a length message, the text kept, never a 500", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const long = "N".repeat(10_240);
    const res = await portal.post("/billing", usAddress({ name: long, email: cust.email!, city: "C".repeat(10_240) }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("Name must be at most 200 characters.");
    expect(res.html).toContain("City must be at most 100 characters.");
    expect(inputValue(res.html, "billing-name")).toBe(long);
    expect((await customerRow(t, cust.id)).name).toBe(cust.name);
  });

  it("a US address without state and with a bad ZIP names both fields", async () => {
    const { portal, cust } = await signedIn();
    await portal.get("/billing");
    const res = await portal.post("/billing", usAddress({ name: cust.name, email: cust.email!, state: "", postal_code: "ABC" }));
    expect(res.status).toBe(422);
    expect(res.html).toContain("Enter the state for United States.");
    expect(res.html).toContain("This is not a postal code of United States. Example: 94105 or 94105-1234.");
  });

  it("a contact with a bad email and a 10 kB name keeps what was typed", async () => {
    const { t, cust, portal } = await signedIn();
    await portal.get("/billing");
    const long = "G".repeat(10_240);
    const res = await portal.post("/billing/contacts", { name: long, title: "Boss", email: "not-an-email", phone: "" });
    expect(res.status).toBe(422);
    expect(res.html).toContain("Name must be at most 200 characters.");
    expect(res.html).toContain("Enter a valid email address, like name@example.com.");
    expect(inputValue(res.html, "contact-name")).toBe(long);
    expect(inputValue(res.html, "contact-email")).toBe("not-an-email");
    expect(inputValue(res.html, "contact-title")).toBe("Boss");
    expect(await listContacts(customerScope(t.scope, cust.id))).toEqual([]);
  });

  it("an unknown notice key in the query is ignored, not looked up on Object.prototype", async () => {
    const { portal } = await signedIn();
    for (const key of ["constructor", "toString", "__proto__"]) {
      const res = await portal.get(`/billing?saved=${key}`);
      expect(res.status).toBe(200);
      expect(res.html).not.toContain('class="notice"');
    }
  });
});

// Found by the S29 fuzz: a multipart field whose name ends in a backslash is one
// FormData will not serialize, so the fuzz now writes multipart by hand. The
// handler itself must meet such names with a clear answer and change nothing.
describe("billing details: multipart names a browser never sends", () => {
  for (const name of ["\\", 'a\\"b', "name\\"]) {
    it(`a field named ${JSON.stringify(name)} (with a file) is refused with a message, nothing changes`, async () => {
      const { t, cust, portal } = await signedIn();
      await portal.get("/billing");
      const form = multipart([
        ["_csrf", portal.csrf],
        [name, { file: "" }],
      ]);
      const res = await portal.fetch("/billing", { method: "POST", headers: { Origin: t.origin, "Content-Type": form.type }, body: form.body });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("Enter the name to bill.");
      expect(await customerRow(t, cust.id)).toMatchObject({ name: cust.name, email: cust.email });
    });
  }
});
